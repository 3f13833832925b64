/**
 * API key: a method with apiKeyRequired needs a valid, enabled API key that belongs to a usage
 * plan covering this API and stage. The key is the `x-api-key` header, or, when the API's
 * apiKeySource is AUTHORIZER, the usageIdentifierKey its Lambda authorizer returned. Otherwise
 * API Gateway answers 403 {"message":"Forbidden"} (INVALID_API_KEY). The key becomes
 * `$context.identity.apiKey` / `apiKeyId`. Methods without apiKeyRequired pass at no cost.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 */
import { invalidApiKey } from '../../errors.js';
import type { RequestApiKey, ScopeIndex } from '../../usage/index.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';

export function apiKey(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  if (!ctx.method?.apiKeyRequired || !env.usage) return;
  const stage = ctx.stage!;
  const value = stage.api.apiKeySource === 'AUTHORIZER' ? ctx.authorizer?.usageIdentifierKey : ctx.request.headers['x-api-key'];
  if (!value) throw invalidApiKey(stage.api.apiKeySource === 'AUTHORIZER' ? 'the authorizer returned no usageIdentifierKey' : 'no x-api-key header');
  const index = env.usage.keys.current(stage.scope);
  if (index) return identify(ctx, index, value);
  return env.usage.keys.load(stage.scope).then((loaded) => identify(ctx, loaded, value));
}

function identify(ctx: InvocationContext, index: ScopeIndex, value: string): void {
  const stage = ctx.stage!;
  let known = index.resolved.get(stage);
  let key = known?.get(value);
  if (!key) {
    key = resolve(ctx, index, value);
    // A canary's target is made per request: nothing to keep it under.
    if (!stage.isCanary) {
      if (!known) index.resolved.set(stage, (known = new Map()));
      known.set(value, key);
    }
  }
  ctx.apiKey = key;
  // $context was built already when an authorizer ran (it fills $context.authorizer).
  const identity = ctx.contextVariables?.identity as Record<string, unknown> | undefined;
  if (identity) {
    identity.apiKey = value;
    identity.apiKeyId = key.id;
  }
}

function resolve(ctx: InvocationContext, index: ScopeIndex, value: string): RequestApiKey {
  const stage = ctx.stage!;
  const key = index.keysByValue.get(value);
  if (!key) throw invalidApiKey('no API key has this value');
  if (!key.enabled) throw invalidApiKey(`API key ${key.id} is disabled`);
  const covered = index.plans.get(`${stage.apiId}/${stage.stageName}/${key.id}`);
  if (!covered) throw invalidApiKey(`API key ${key.id} is in no usage plan of stage ${stage.apiId}/${stage.stageName}`);
  return { id: key.id, value, plan: covered.plan, apiStage: covered.stage };
}
