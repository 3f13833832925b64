/**
 * Route-level throttling of HTTP APIs: the stage's routeSettings for the matched route key, else
 * its defaultRouteSettings (ThrottlingRateLimit requests per second, ThrottlingBurstLimit),
 * enforced with the REST data plane's token buckets, one per stage and route, in memory. A route
 * without limits costs one Map lookup of its settings. Over the limit: 429
 * {"message":"Too Many Requests"}. (The account-level limit is not applied to HTTP APIs yet.)
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
import { performance } from 'node:perf_hooks';
import { bucketFor, type TokenBucket } from '../usage/index.js';
import type { HttpContext } from './context.js';
import { HttpApiError } from './errors.js';

export const tooManyRequests = () => new HttpApiError(429, 'Too Many Requests');

/** Buckets kept at most (dropped all at once when full: they refill from full, which only lets more through). */
const MAX_BUCKETS = 100_000;

export class RouteThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Takes a token for the request's route, or throws 429. */
  check(ctx: HttpContext): void {
    const record = ctx.stage.record;
    const settings = record.RouteSettings?.[ctx.routeKey] ?? record.DefaultRouteSettings;
    if (!settings) return;
    const rate = settings.ThrottlingRateLimit;
    const burst = settings.ThrottlingBurstLimit;
    if (rate === undefined && burst === undefined) return;
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
    const key = `${ctx.stage.apiId}\u0000${ctx.stage.stageName}\u0000${ctx.routeKey}`;
    const bucket = bucketFor(this.buckets, key, rate ?? Number.MAX_SAFE_INTEGER, burst ?? Number.MAX_SAFE_INTEGER, performance.now());
    if (!bucket.ready(performance.now())) throw tooManyRequests();
    bucket.take();
  }
}
