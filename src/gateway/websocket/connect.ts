/**
 * Opening a connection: the upgrade request names a stage (`/{stage}` after the execute-api host,
 * or `/_aws/execute-api/{apiId}/{stage}`); the $connect route's authorizer and integration run
 * while the upgrade waits, and only a 2xx answer opens the socket. An unknown stage, a refused
 * authorizer (401/403) or an integration that fails or answers non-2xx refuse the upgrade with
 * that status, as AWS: "If the $connect request fails (e.g., due to AuthN/AuthZ failure or an
 * integration failure), the connection will not be made."
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayError } from '../errors.js';
import type { IamSettings } from '../rest/iam-auth.js';
import type { WebSocketStage } from './apis.js';
import { verifySignature } from './management.js';
import { authorizeConnect, ConnectRefused } from './authorizer.js';
import { awsId, type Connection } from './connections.js';
import type { WsRequest } from './event.js';
import { IntegrationFailure, runRecorded, type IntegrationEnv } from './integration.js';
import type { WebSocketTraffic } from './traffic.js';

/** The connection an upgrade request asks for, before $connect has run. */
export function newConnection(req: IncomingMessage, stage: WebSocketStage, search: string): Omit<Connection, 'socket'> {
  const headers: Record<string, string> = Object.create(null);
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const value = req.rawHeaders[i + 1];
    rawHeaders.push([name, value]);
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  const remote = req.socket.remoteAddress ?? '';
  const now = Date.now();
  return {
    connectionId: awsId(),
    stage,
    connectedAt: now,
    lastActiveAt: now,
    sourceIp: remote.startsWith('::ffff:') ? remote.slice(7) : remote,
    userAgent: headers['user-agent'],
    domainName: (headers.host ?? '').replace(/:\d+$/, ''),
    headers,
    query,
    rawHeaders,
  };
}

/**
 * Runs $connect; throws ConnectRefused when the connection must not open. AWS_IAM verifies the
 * upgrade request's SigV4 signature (header or presigned query) as REST routes do: 403 when it
 * does not. Then the route's API key (apiKeyRequired: 403) and throttles (429), then its
 * integration. What it ended with is recorded on `r` (observe.ts).
 */
export async function runConnect(c: Connection, req: IncomingMessage, search: string, env: IntegrationEnv & { iam?: IamSettings; traffic?: WebSocketTraffic }, r: WsRequest): Promise<void> {
  const route = c.stage.api.routes.get('$connect');
  if (route) {
    if (route.authorizationType === 'CUSTOM') await authorizeConnect(route.authorizer, c, r, env);
    else if (route.authorizationType === 'AWS_IAM') {
      try {
        await verifySignature(req, (req.url ?? '/').split('?')[0], search, Buffer.alloc(0), c.stage.scope, env.iam);
      } catch (err) {
        if (err instanceof GatewayError) throw new ConnectRefused(403, 'Forbidden');
        throw err;
      }
    } else if (route.authorizationType !== 'NONE') throw new ConnectRefused(500, 'Internal server error');
    await env.traffic?.apiKey(route, c);
  }
  if (env.traffic && !(await env.traffic.admit(c.stage, '$connect'))) throw new ConnectRefused(429, 'Too Many Requests');
  if (!route) return;
  let status: number;
  try {
    status = (await runRecorded(route, c, r, env)).status;
  } catch (err) {
    if (err instanceof IntegrationFailure) throw new ConnectRefused(err.status, 'Internal server error');
    throw err;
  }
  if (status < 200 || status > 299) throw new ConnectRefused(status, STATUS_CODES[status] ?? 'Error');
}

/** Refuses an upgrade with an HTTP answer and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, message: string, extra: Record<string, string> = {}): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ message });
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n`;
  for (const [k, v] of Object.entries(extra)) head += `${k}: ${v}\r\n`;
  socket.end(`${head}\r\n${body}`);
}
