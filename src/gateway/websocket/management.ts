/**
 * The @connections management API (the apigatewaymanagementapi service) where AWS serves it: on
 * the API's own endpoint, `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}/@connections/{connectionId}`
 * (on Gatehouse also `/_aws/execute-api/{apiId}/{stage}/@connections/...`). It lives in the data
 * plane because the open connections do. Requests are SigV4-signed for `execute-api` (verified as
 * AWS_IAM routes verify them); PostToConnection sends its body to the client (128 KB at most),
 * GetConnection answers connectedAt, identity and lastActiveAt, DeleteConnection closes the
 * socket; a connection that is not open is 410 GoneException.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { InvocationContext } from '../rest/context.js';
import { authenticateIam, type IamSettings } from '../rest/iam-auth.js';
import type { Scope } from '../../store/types.js';
import type { WebSocketApiEntry } from './apis.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import { send } from './messages.js';

const CONNECTIONS = /^\/([^/]+)\/(?:@|%40)connections\/([^/]+)\/?$/i;

export interface ManagementEnv {
  connections: ConnectionRegistry;
  iam?: IamSettings;
  maxPayloadBytes: number;
  /** Closes a connection as DeleteConnection asks (the registry forgets it at once). */
  disconnect(connectionId: string): void;
  /** A message posted to a connection went out (MessageCount counts messages to the client too). */
  sent?(c: Connection): void;
}

/** Answers a plain HTTP request to a WebSocket API: @connections calls, 403 Forbidden for anything else. */
export async function handleManagement(req: IncomingMessage, res: ServerResponse, entry: WebSocketApiEntry, path: string, search: string, env: ManagementEnv): Promise<void> {
  const requestId = randomUUID();
  const m = CONNECTIONS.exec(path);
  const stage = m ? entry.stages.get(safeDecode(m[1])) : undefined;
  if (!m || !stage) {
    req.resume();
    return answer(res, 403, requestId, { message: 'Forbidden' }, 'ForbiddenException');
  }
  const body = await readBody(req, env.maxPayloadBytes);
  try {
    await verifySignature(req, path, search, body ?? Buffer.alloc(0), entry.scope, env.iam);
  } catch (err) {
    if (err instanceof GatewayError) return answer(res, 403, requestId, { message: err.message || 'Forbidden' }, 'ForbiddenException');
    throw err;
  }
  const connectionId = safeDecode(m[2]);
  const c = env.connections.get(connectionId);
  const open = c && c.stage.apiId === entry.apiId && c.socket.readyState === c.socket.OPEN ? c : undefined;
  switch (req.method) {
    case 'POST':
      if (body === undefined) return answer(res, 413, requestId, { message: 'Request Too Long' }, 'PayloadTooLargeException');
      if (!open) return answer(res, 410, requestId, {}, 'GoneException');
      if (send(open, body)) env.sent?.(open);
      return answer(res, 200, requestId);
    case 'GET':
      if (!open) return answer(res, 410, requestId, {}, 'GoneException');
      return answer(res, 200, requestId, {
        connectedAt: new Date(open.connectedAt).toISOString(),
        identity: { sourceIp: open.sourceIp, userAgent: open.userAgent ?? '' },
        lastActiveAt: new Date(open.lastActiveAt).toISOString(),
      });
    case 'DELETE':
      if (!open) return answer(res, 410, requestId, {}, 'GoneException');
      env.disconnect(connectionId);
      return answer(res, 204, requestId);
    default:
      return answer(res, 403, requestId, { message: 'Forbidden' }, 'ForbiddenException');
  }
}

/**
 * SigV4 for `execute-api`, verified exactly as the AWS_IAM authorization of REST routes (the
 * @connections calls, and $connect routes with AWS_IAM); a GatewayError when it does not verify.
 */
export async function verifySignature(req: IncomingMessage, path: string, search: string, body: Buffer, scope: Scope, iam: IamSettings | undefined): Promise<void> {
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const lower = req.rawHeaders[i].toLowerCase();
    headers[lower] = headers[lower] === undefined ? req.rawHeaders[i + 1] : `${headers[lower]}, ${req.rawHeaders[i + 1]}`;
  }
  const view = {
    request: { headers, query: new URLSearchParams(search), httpMethod: req.method ?? 'GET', host: headers.host ?? '', rawPath: path, target: req.url, body },
    stage: { scope },
  } as unknown as InvocationContext;
  await authenticateIam(view, iam);
}

function answer(res: ServerResponse, status: number, requestId: string, body?: Record<string, unknown>, errorType?: string): void {
  const headers: Record<string, string> = { 'x-amzn-RequestId': requestId };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  const text = status === 204 || body === undefined ? '' : JSON.stringify(body);
  if (text) headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(status, headers);
  res.end(text);
}

/** The body, or undefined past `limit` bytes (the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
