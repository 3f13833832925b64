/**
 * What a control-plane handler sees: its parsed input (typed by the generated shapes) and one
 * transaction in the caller's (account, region). Handlers hold AWS semantics only; the wire
 * layer did the parsing and does the serialising.
 */
import type { ServiceName } from '../aws/model.js';
import type { Scope, StoreTx } from '../store/types.js';

export interface RequestContext {
  tx: StoreTx;
  scope: Scope;
  service: ServiceName;
  requestId: string;
  /** The request's time: one clock reading per request, so a handler's dates agree. */
  now: Date;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<I = any, O = any> = (input: I, ctx: RequestContext) => Promise<O | void>;

export type Handlers = Partial<Record<string, Handler>>;
