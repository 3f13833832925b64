/**
 * Throttling of HTTP APIs. Every request takes a token from its account's bucket in the region
 * (AWS's 10,000 requests per second, burst 5,000, unless UpdateAccount set others), the same
 * bucket REST APIs take from ("API Gateway throttles requests to your API ... across all APIs in
 * an AWS account, per Region"), held by the usage module (src/gateway/usage/). Then the route's:
 * the stage's routeSettings for the matched route key, else its defaultRouteSettings
 * (ThrottlingRateLimit requests per second, ThrottlingBurstLimit), one token bucket per stage and
 * route, in memory; a route without limits costs one Map lookup of its settings. Every limit
 * applies and a refused request takes no token. Over a limit: 429 {"message":"Too Many Requests"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
import { performance } from 'node:perf_hooks';
import { bucketFor, type TokenBucket, type TrafficControl } from '../usage/index.js';
import type { HttpContext } from './context.js';
import { HttpApiError } from './errors.js';

export const tooManyRequests = (detail?: string) => new HttpApiError(429, 'Too Many Requests', detail);

/** Buckets kept at most (dropped all at once when full: they refill from full, which only lets more through). */
const MAX_BUCKETS = 100_000;

export class RouteThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `usage`: the account buckets (absent, no account throttle: a data plane built without traffic control). */
  constructor(private readonly usage?: TrafficControl) {}

  /** Takes a token for the request's account and route, or throws 429; waits only while the account's records first load. */
  check(ctx: HttpContext): void | Promise<void> {
    const account = this.usage?.accountBucket(ctx.stage.scope);
    if (account instanceof Promise) return account.then((bucket) => this.admit(ctx, bucket));
    this.admit(ctx, account);
  }

  private admit(ctx: HttpContext, account: TokenBucket | undefined): void {
    const now = this.usage ? this.usage.clock.monotonic() : performance.now();
    const route = this.routeBucket(ctx, now);
    if (account && !account.ready(now)) throw tooManyRequests('account throttle');
    if (route && !route.ready(now)) throw tooManyRequests('route throttle');
    account?.take();
    route?.take();
  }

  private routeBucket(ctx: HttpContext, now: number): TokenBucket | undefined {
    const record = ctx.stage.record;
    const settings = record.RouteSettings?.[ctx.routeKey] ?? record.DefaultRouteSettings;
    if (!settings) return undefined;
    const rate = settings.ThrottlingRateLimit;
    const burst = settings.ThrottlingBurstLimit;
    if (rate === undefined && burst === undefined) return undefined;
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
    const key = `${ctx.stage.apiId}\u0000${ctx.stage.stageName}\u0000${ctx.routeKey}`;
    return bucketFor(this.buckets, key, rate ?? Number.MAX_SAFE_INTEGER, burst ?? Number.MAX_SAFE_INTEGER, now);
  }
}
