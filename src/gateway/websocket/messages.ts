/**
 * A message on an open connection: the route the API's routeSelectionExpression picks over the
 * message (parsed as JSON; `$default` when it is not JSON, the expression selects nothing or no
 * route has that key), its integration run, and the backend's answer sent back only when the
 * route has a route response. No route and no `$default`: AWS's error frame
 * `{"message": "Forbidden", "connectionId": ..., "requestId": ...}`; over a throttle (traffic.ts):
 * `{"message": "Too Many Requests", ...}`; an integration that fails:
 * `{"message": "Internal server error", ...}`. Binary frames are refused: "If a client app sends
 * a binary frame, API Gateway rejects it and disconnects the client with code 1003."
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
 */
import { isUtf8 } from 'node:buffer';
import type { WsRoute } from './compile.js';
import { awsId, type Connection } from './connections.js';
import { requestContext, type WsRequest } from './event.js';
import { IntegrationFailure, runRecorded, type IntegrationEnv } from './integration.js';
import type { WebSocketObserver } from './observe.js';
import type { WebSocketTraffic } from './traffic.js';
import { evaluateSelection } from './selection.js';

/** Route keys a message can never select. */
const RESERVED = new Set(['$connect', '$disconnect']);

export function selectRoute(c: Connection, text: string, r: WsRequest): WsRoute | undefined {
  const api = c.stage.api;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const key = body === undefined ? '' : evaluateSelection(api.routeSelection, { body, headers: c.headers, query: c.query, context: requestContext(c, r), stageVariables: c.stage.variables });
  const route = key && !RESERVED.has(key) ? api.routes.get(key) : undefined;
  return route ?? api.routes.get('$default');
}

/** The integration's and the plane's: throttles and observation (each absent: not done). */
export interface MessageEnv extends IntegrationEnv {
  traffic?: WebSocketTraffic;
  observer?: WebSocketObserver;
}

export async function onMessage(c: Connection, data: Buffer, env: MessageEnv): Promise<void> {
  const text = data.toString('utf8');
  const r: WsRequest = { eventType: 'MESSAGE', routeKey: '$default', requestId: awsId(), messageId: awsId(), requestTimeEpoch: Date.now(), body: text };
  const replies = await answer(c, r, text, env);
  env.observer?.ended(c, r, replies);
}

/** Runs the message; answers how many messages went back to the client. */
async function answer(c: Connection, r: WsRequest, text: string, env: MessageEnv): Promise<number> {
  const route = selectRoute(c, text, r);
  if (!route) return refuse(c, r, 403, 'Forbidden');
  r.routeKey = route.routeKey;
  if (env.traffic) {
    const admitted = env.traffic.admit(c.stage, route.routeKey);
    if (!(admitted instanceof Promise ? await admitted : admitted)) return refuse(c, r, 429, 'Too Many Requests');
  }
  try {
    const result = await runRecorded(route, c, r, env);
    r.status = result.status;
    if (route.twoWay && result.body !== undefined) return send(c, result.body) ? 1 : 0;
    return 0;
  } catch (err) {
    if (!(err instanceof IntegrationFailure)) console.error('[gatehouse] websocket message failed:', err);
    r.status = err instanceof IntegrationFailure ? err.status : 500;
    return send(c, errorFrame('Internal server error', c, r)) ? 1 : 0;
  }
}

/** API Gateway's own refusal before the integration: its error frame, counted as a ClientError. */
function refuse(c: Connection, r: WsRequest, status: number, message: string): number {
  r.status = status;
  r.outcome = 'ClientError';
  r.errorMessage = message;
  return send(c, errorFrame(message, c, r)) ? 1 : 0;
}

const errorFrame = (message: string, c: Connection, r: WsRequest) => JSON.stringify({ message, connectionId: c.connectionId, requestId: r.requestId });

/** Text when the payload is text (a string, or bytes that are valid UTF-8), binary otherwise. */
export function send(c: Connection, payload: string | Buffer): boolean {
  if (c.socket.readyState !== c.socket.OPEN) return false;
  if (typeof payload === 'string') c.socket.send(payload);
  else c.socket.send(payload, { binary: !isUtf8(payload) });
  return true;
}
