/**
 * What a control-plane handler sees: its parsed input (typed by the generated shapes) and one
 * transaction in the caller's (account, region). Handlers hold AWS semantics only; the wire
 * layer did the parsing and does the serialising.
 */
import type { ServiceName } from '../aws/model.js';
import type { FunctionInvoker } from '../definitions/function-invoker.js';
import type { TestInvoker } from '../definitions/test-invoke.js';
import type { StageCacheControl } from '../definitions/stage-cache.js';
import type { HttpAuthorizerCacheControl } from '../definitions/http-authorizer-cache.js';
import type { Scope, StoreTx } from '../store/types.js';

/** What the server plugs into the control plane from elsewhere (the data plane), as ports. */
export interface ControlPorts {
  /** Runs TestInvokeMethod's invocation (src/gateway/rest/test-invoke.ts). */
  testInvoker?: TestInvoker;
  /** Flushes the data plane's stage and authorizer caches (src/gateway/cache/flush.ts). */
  stageCaches?: StageCacheControl;
  /** Resets an HTTP API stage's Lambda authorizer cache (src/gateway/http/authorize.ts). */
  httpAuthorizerCache?: HttpAuthorizerCacheControl;
  /** Runs Lambda's Invoke on the local function runtime (src/functions/resolver.ts). */
  functionInvoker?: FunctionInvoker;
  /** The URL clients reach this Gatehouse at (no trailing slash), for links in answers (GetFunction's Code.Location). */
  publicUrl?: () => string;
}

export interface RequestContext {
  tx: StoreTx;
  scope: Scope;
  service: ServiceName;
  requestId: string;
  /** The request's time: one clock reading per request, so a handler's dates agree. */
  now: Date;
  ports: ControlPorts;
}

/**
 * Work a handler returns to run after its transaction commits, for work that must not hold the
 * store: TestInvokeMethod calls an integration, which may take 29 s or call back into Gatehouse.
 */
export class AfterCommit<O> {
  constructor(readonly run: () => Promise<O>) {}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<I = any, O = any> = (input: I, ctx: RequestContext) => Promise<O | void>;

export type Handlers = Partial<Record<string, Handler>>;
