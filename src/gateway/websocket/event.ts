/**
 * What a Lambda proxy integration (and the $connect authorizer) of a WebSocket API receives, and
 * the `$context` its mapping templates read. CONNECT events carry the upgrade request's headers
 * and query; MESSAGE events the message body and a messageId; DISCONNECT events the close status.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
import { requestTime } from '../rest/context-variables.js';
import type { Connection } from './connections.js';

export type EventType = 'CONNECT' | 'MESSAGE' | 'DISCONNECT';

/** One event on a connection: the request ids and what it carries. */
export interface WsRequest {
  eventType: EventType;
  routeKey: string;
  requestId: string;
  messageId?: string;
  requestTimeEpoch: number;
  /** MESSAGE: the message as text. */
  body?: string;
  /** DISCONNECT: the close code and reason. */
  disconnectStatusCode?: number;
  disconnectReason?: string;
  /** What the event ended with, for metrics and the access log (observe.ts). */
  status?: number;
  /** ms the integration took (not for MOCK: AWS suppresses it). */
  integrationLatency?: number;
  integrationStatus?: number;
  /** Which of AWS's error metrics the event counts in. */
  outcome?: 'ClientError' | 'IntegrationError' | 'ExecutionError';
  /** API Gateway's error message to the client (`$context.error.message`). */
  errorMessage?: string;
  /** Why the integration failed (`$context.integration.error`). */
  integrationError?: string;
}

/** `event.requestContext` (also `$context` for templates, with `authorizer` flattened as AWS does). */
export function requestContext(c: Connection, r: WsRequest): Record<string, unknown> {
  const identity: Record<string, unknown> = { sourceIp: c.sourceIp };
  if (c.userAgent !== undefined) identity.userAgent = c.userAgent;
  if (c.apiKey) {
    identity.apiKey = c.apiKey.value;
    identity.apiKeyId = c.apiKey.id;
  }
  return {
    routeKey: r.routeKey,
    ...(r.messageId ? { messageId: r.messageId } : {}),
    ...(r.eventType === 'DISCONNECT' ? { disconnectStatusCode: r.disconnectStatusCode ?? 1005, disconnectReason: r.disconnectReason ?? '' } : {}),
    eventType: r.eventType,
    extendedRequestId: r.requestId,
    requestTime: requestTime(r.requestTimeEpoch),
    messageDirection: 'IN',
    stage: c.stage.stageName,
    connectedAt: c.connectedAt,
    requestTimeEpoch: r.requestTimeEpoch,
    identity,
    requestId: r.requestId,
    domainName: c.domainName,
    connectionId: c.connectionId,
    apiId: c.stage.apiId,
    ...(c.authorizer ? { authorizer: c.authorizer } : {}),
  };
}

/** The Lambda proxy event. */
export function proxyEvent(c: Connection, r: WsRequest): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  if (r.eventType !== 'MESSAGE') Object.assign(event, requestParts(c));
  event.requestContext = requestContext(c, r);
  if (r.eventType === 'MESSAGE') event.body = r.body ?? '';
  event.isBase64Encoded = false;
  return event;
}

/** The upgrade request's headers and query, in the shapes REST proxy events use. */
export function requestParts(c: Connection): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of c.rawHeaders) {
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const out: Record<string, unknown> = { headers, multiValueHeaders };
  const names = Object.keys(c.query);
  if (names.length) {
    out.queryStringParameters = { ...c.query };
    out.multiValueQueryStringParameters = Object.fromEntries(names.map((n) => [n, [c.query[n]]]));
  }
  if (Object.keys(c.stage.variables).length) out.stageVariables = { ...c.stage.variables };
  return out;
}
