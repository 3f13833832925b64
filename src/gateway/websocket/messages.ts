/**
 * A message on an open connection: the route the API's routeSelectionExpression picks over the
 * message (parsed as JSON; `$default` when it is not JSON, the expression selects nothing or no
 * route has that key), its integration run, and the backend's answer sent back only when the
 * route has a route response. No route and no `$default`: AWS's error frame
 * `{"message": "Forbidden", "connectionId": ..., "requestId": ...}`; an integration that fails:
 * `{"message": "Internal server error", ...}`. Binary frames are refused: "If a client app sends
 * a binary frame, API Gateway rejects it and disconnects the client with code 1003."
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
 */
import { isUtf8 } from 'node:buffer';
import type { WsRoute } from './compile.js';
import { awsId, type Connection } from './connections.js';
import { requestContext, type WsRequest } from './event.js';
import { IntegrationFailure, runIntegration, type IntegrationEnv } from './integration.js';
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

export async function onMessage(c: Connection, data: Buffer, env: IntegrationEnv): Promise<void> {
  const text = data.toString('utf8');
  const r: WsRequest = { eventType: 'MESSAGE', routeKey: '$default', requestId: awsId(), messageId: awsId(), requestTimeEpoch: Date.now(), body: text };
  const route = selectRoute(c, text, r);
  if (!route) return send(c, errorFrame('Forbidden', c, r));
  r.routeKey = route.routeKey;
  try {
    const result = await runIntegration(route, c, r, env);
    if (route.twoWay && result.body !== undefined) send(c, result.body);
  } catch (err) {
    if (!(err instanceof IntegrationFailure)) console.error('[gatehouse] websocket message failed:', err);
    send(c, errorFrame('Internal server error', c, r));
  }
}

const errorFrame = (message: string, c: Connection, r: WsRequest) => JSON.stringify({ message, connectionId: c.connectionId, requestId: r.requestId });

/** Text when the payload is text (a string, or bytes that are valid UTF-8), binary otherwise. */
export function send(c: Connection, payload: string | Buffer): void {
  if (c.socket.readyState !== c.socket.OPEN) return;
  if (typeof payload === 'string') c.socket.send(payload);
  else c.socket.send(payload, { binary: !isUtf8(payload) });
}
