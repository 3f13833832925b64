/**
 * A stage's own throttling: its default method settings (`*` / `*`) and per-method settings
 * (`/{resource}/{method}/throttling/rateLimit|burstLimit` in UpdateStage, stored under
 * "{resource path without its leading slash}/{httpMethod}": "pets/GET", "/GET" for the root).
 * "Per-API, per-stage throttling limits are applied at the API method level for a stage": each
 * method has its own bucket, with its own setting if it has one, else the stage's default.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import type { S_MethodSetting } from '../../aws/generated/apigateway.js';
import type { CompiledMethod, CompiledResource } from '../rest/compile.js';
import { TokenBucket } from './token-bucket.js';

export class StageThrottle {
  /** False when no method setting of the stage throttles: the stage then costs one check. */
  readonly throttles: boolean;
  private readonly buckets = new Map<CompiledMethod, TokenBucket | null>();

  constructor(private readonly settings: Record<string, S_MethodSetting>) {
    this.throttles = Object.values(settings).some((s) => s.throttlingRateLimit !== undefined || s.throttlingBurstLimit !== undefined);
  }

  /** The bucket of `method` on `resource` (called as `httpMethod`), or null when nothing throttles it. */
  bucket(resource: CompiledResource, method: CompiledMethod, httpMethod: string, now: number): TokenBucket | null {
    let bucket = this.buckets.get(method);
    if (bucket !== undefined) return bucket;
    const name = resource.methods.get(httpMethod) === method ? httpMethod : 'ANY';
    const setting = this.settings[`${resource.path.slice(1)}/${name}`] ?? this.settings['*/*'];
    bucket = null;
    if (setting && (setting.throttlingRateLimit !== undefined || setting.throttlingBurstLimit !== undefined)) {
      bucket = new TokenBucket(setting.throttlingRateLimit ?? Infinity, setting.throttlingBurstLimit ?? Infinity, now);
    }
    this.buckets.set(method, bucket);
    return bucket;
  }
}
