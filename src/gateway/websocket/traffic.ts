/**
 * Traffic control of WebSocket APIs, with what REST and HTTP APIs already hold (src/gateway/usage/):
 * - throttling: every $connect and message takes a token from the account's bucket in the region
 *   ("API Gateway examines the rate and a burst of request submissions against all APIs in your
 *   account, per Region") and from its route's: the stage's routeSettings for the route key, else
 *   its defaultRouteSettings (ThrottlingRateLimit, ThrottlingBurstLimit), one bucket per stage and
 *   route. A refused event takes no token. Over a limit a $connect is refused 429 before the
 *   upgrade and a message gets `{"message": "Too Many Requests", "connectionId", "requestId"}`.
 * - API keys: a $connect route with apiKeyRequired admits only an enabled key, read by the API's
 *   apiKeySelectionExpression (`$request.header.x-api-key`, or the $connect authorizer's
 *   `$context.authorizer.usageIdentifierKey`), in a usage plan covering the API and
 *   stage; otherwise 403 Forbidden, as REST methods (rest/handlers/api-key.ts).
 * Routes without settings cost one lookup; keys are read from the usage module's in-memory index.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-protect.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html#apigateway-websocket-api-apikey-selection-expressions
 */
import { performance } from 'node:perf_hooks';
import { bucketFor, type ScopeIndex, type TokenBucket, type TrafficControl } from '../usage/index.js';
import type { WebSocketStage } from './apis.js';
import { ConnectRefused } from './authorizer.js';
import type { WsRoute } from './compile.js';
import type { Connection } from './connections.js';
import { evaluateSelection } from './selection.js';

/** Buckets kept at most (dropped all at once when full: they refill from full, which only lets more through). */
const MAX_BUCKETS = 100_000;

export class WebSocketTraffic {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `usage`: the account buckets and key index (absent: no account throttle and no key can be valid). */
  constructor(private readonly usage?: TrafficControl) {}

  /** Takes a token for an event of `routeKey` on the stage; false when a limit refuses it. */
  admit(stage: WebSocketStage, routeKey: string): boolean | Promise<boolean> {
    const account = this.usage?.accountBucket(stage.scope);
    if (account instanceof Promise) return account.then((bucket) => this.take(stage, routeKey, bucket));
    return this.take(stage, routeKey, account);
  }

  private take(stage: WebSocketStage, routeKey: string, account: TokenBucket | undefined): boolean {
    const now = this.usage ? this.usage.clock.monotonic() : performance.now();
    const route = this.routeBucket(stage, routeKey, now);
    if (account && !account.ready(now)) return false;
    if (route && !route.ready(now)) return false;
    account?.take();
    route?.take();
    return true;
  }

  private routeBucket(stage: WebSocketStage, routeKey: string, now: number): TokenBucket | undefined {
    const record = stage.record;
    const settings = record.RouteSettings?.[routeKey] ?? record.DefaultRouteSettings;
    if (!settings) return undefined;
    const rate = settings.ThrottlingRateLimit;
    const burst = settings.ThrottlingBurstLimit;
    if (rate === undefined && burst === undefined) return undefined;
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
    const key = `${stage.apiId}\u0000${stage.stageName}\u0000${routeKey}`;
    return bucketFor(this.buckets, key, rate ?? Number.MAX_SAFE_INTEGER, burst ?? Number.MAX_SAFE_INTEGER, now);
  }

  /** For a $connect route with apiKeyRequired: sets the connection's key, or throws ConnectRefused 403. */
  apiKey(route: WsRoute, c: Connection): void | Promise<void> {
    if (!route.apiKeyRequired) return;
    const context = { authorizer: { usageIdentifierKey: c.usageIdentifierKey } };
    const value = evaluateSelection(c.stage.api.apiKeySelection, { headers: c.headers, query: c.query, stageVariables: c.stage.variables, context });
    if (!value || !this.usage) throw forbidden();
    const index = this.usage.keys.current(c.stage.scope);
    if (index) return identify(c, index, value);
    return this.usage.keys.load(c.stage.scope).then((loaded) => identify(c, loaded, value));
  }
}

const forbidden = () => new ConnectRefused(403, 'Forbidden');

function identify(c: Connection, index: ScopeIndex, value: string): void {
  const key = index.keysByValue.get(value);
  if (!key || !key.enabled) throw forbidden();
  if (!index.plans.has(`${c.stage.apiId}/${c.stage.stageName}/${key.id}`)) throw forbidden();
  c.apiKey = { id: key.id, value };
}
