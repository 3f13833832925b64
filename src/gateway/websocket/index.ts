/**
 * The WebSocket API (apigatewayv2, protocolType WEBSOCKET) data plane: upgrades on the one port
 * (the server's 'upgrade' listener hands over those whose API id is a WebSocket API's), the open
 * connections, their messages and $disconnect, the AWS limits, and the @connections API on the
 * API's endpoint. Lambda functions and the HTTP client are the REST data plane's own; throttles and
 * API keys come from the usage module (traffic.ts), metrics and access logs go to the observer
 * (observe.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-overview.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Store } from '../../store/types.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';
import type { IamSettings } from '../rest/iam-auth.js';
import { WebSocketApis, type WebSocketApiEntry } from './apis.js';
import { ConnectRefused } from './authorizer.js';
import { newConnection, refuseUpgrade, runConnect } from './connect.js';
import { awsId, ConnectionRegistry, WEBSOCKET_LIMITS, type Connection, type WebSocketLimits } from './connections.js';
import { IntegrationFailure, runRecorded } from './integration.js';
import { handleManagement } from './management.js';
import { onMessage, type MessageEnv } from './messages.js';
import { WebSocketObserver } from './observe.js';
import { WebSocketTraffic } from './traffic.js';
import type { Observer } from '../observer.js';
import type { TrafficControl } from '../usage/index.js';
import type { WsRequest } from './event.js';

export { WEBSOCKET_LIMITS, type WebSocketLimits } from './connections.js';
export type { WebSocketApiEntry } from './apis.js';

export interface WebSocketDeps {
  http: HttpIntegrationClient;
  functions?: LambdaFunctions;
  iam?: IamSettings;
  /** Metrics and access logs (absent: none recorded). */
  observer?: Observer;
  /** The account's throttle and the API key index (absent: route throttles only, no key valid). */
  usage?: TrafficControl;
}

export class WebSocketPlane {
  readonly apis: WebSocketApis;
  readonly connections = new ConnectionRegistry();
  /** AWS's limits; a test may lower them on its own Gatehouse before connecting. */
  readonly limits: WebSocketLimits = { ...WEBSOCKET_LIMITS };
  private readonly env: MessageEnv;
  private readonly iam?: IamSettings;
  private wss?: WebSocketServer;
  private closing = false;

  constructor(store: Store, deps: WebSocketDeps) {
    this.apis = new WebSocketApis(store);
    this.env = {
      http: deps.http,
      functions: deps.functions,
      traffic: new WebSocketTraffic(deps.usage),
      observer: deps.observer ? new WebSocketObserver(deps.observer) : undefined,
    };
    this.iam = deps.iam;
  }

  /** The WebSocket API an id names, null when it names none. */
  entry(apiId: string): WebSocketApiEntry | null | Promise<WebSocketApiEntry | null> {
    return this.apis.entry(apiId);
  }

  /** Drops every connection (no $disconnect: Gatehouse is stopping) and stops; a second call does nothing. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    for (const c of this.connections.all()) c.socket.terminate();
    this.wss?.close();
    this.apis.close();
  }

  /**
   * An upgrade request; `path` is what follows the API's prefix (`/{stage}`). An API with
   * disableExecuteApiEndpoint is reached through its custom domain names only (403 otherwise).
   */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, entry: WebSocketApiEntry, path: string, search: string, viaCustomDomain = false): Promise<void> {
    socket.on('error', () => socket.destroy());
    const stageName = safeDecode(path.replace(/^\/+/, '').replace(/\/+$/, ''));
    const stage = entry.stages.get(stageName);
    if (!stage || (stage.api.disableExecuteApiEndpoint && !viaCustomDomain)) return refuseUpgrade(socket, 403, 'Forbidden');
    const pending = newConnection(req, stage, search) as Connection;
    const r: WsRequest = { eventType: 'CONNECT', routeKey: '$connect', requestId: awsId(), requestTimeEpoch: pending.connectedAt };
    try {
      await runConnect(pending, req, search, { ...this.env, iam: this.iam }, r);
      r.status = 200;
    } catch (err) {
      const refused = err instanceof ConnectRefused;
      if (!refused) console.error('[gatehouse] websocket $connect failed:', err);
      r.status = refused ? err.status : 500;
      // Refused by API Gateway itself (authorizer, API key, throttle) before the integration ran.
      if (r.integrationStatus === undefined && r.outcome === undefined) r.outcome = r.status < 500 ? 'ClientError' : 'ExecutionError';
      r.errorMessage ??= refused ? err.message : 'Internal server error';
      this.env.observer?.ended(pending, r);
      return refuseUpgrade(socket, r.status, refused ? err.message : 'Internal server error');
    }
    this.env.observer?.ended(pending, r);
    if (socket.destroyed) return; // the client gave up while $connect ran
    const wss = (this.wss ??= new WebSocketServer({ noServer: true, maxPayload: this.limits.maxPayloadBytes }));
    wss.handleUpgrade(req, socket, head, (ws) => this.opened(pending, ws));
  }

  /** A plain HTTP request to a WebSocket API: the @connections API. */
  handleHttp(req: IncomingMessage, res: ServerResponse, entry: WebSocketApiEntry, path: string, search: string): Promise<void> {
    return handleManagement(req, res, entry, path, search, {
      connections: this.connections,
      iam: this.iam,
      maxPayloadBytes: this.limits.maxPayloadBytes,
      sent: this.env.observer ? (c) => this.env.observer!.messageSent(c) : undefined,
      disconnect: (id) => {
        const c = this.connections.remove(id);
        c?.socket.close(1000);
      },
    });
  }

  private opened(c: Connection, ws: WebSocket): void {
    c.socket = ws;
    c.lastActiveAt = Date.now();
    this.connections.add(c);
    // AWS closes idle connections after 10 minutes and every connection after 2 hours.
    c.idleTimer = setTimeout(() => ws.close(1001, 'Going away'), this.limits.idleTimeoutMs);
    c.lifeTimer = setTimeout(() => ws.close(1001, 'Going away'), this.limits.maxDurationMs);
    c.idleTimer.unref();
    c.lifeTimer.unref();
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return ws.close(1003, 'Binary frames are not supported');
      c.lastActiveAt = Date.now();
      c.idleTimer?.refresh();
      onMessage(c, data, this.env).catch((err) => console.error('[gatehouse] websocket message failed:', err));
    });
    ws.on('error', () => ws.terminate());
    ws.once('close', (code: number, reason: Buffer) => {
      this.connections.remove(c.connectionId);
      this.disconnected(c, code, reason.toString('utf8'));
    });
  }

  /** $disconnect, best effort: "API Gateway will try its best to deliver the $disconnect event". */
  private disconnected(c: Connection, code: number, reason: string): void {
    if (this.closing) return;
    const route = c.stage.api.routes.get('$disconnect');
    const r: WsRequest = { eventType: 'DISCONNECT', routeKey: '$disconnect', requestId: awsId(), requestTimeEpoch: Date.now(), disconnectStatusCode: code, disconnectReason: reason };
    if (!route) {
      r.status = 200;
      return this.env.observer?.ended(c, r);
    }
    runRecorded(route, c, r, this.env).then(
      (result) => {
        r.status = result.status;
        this.env.observer?.ended(c, r);
      },
      (err: unknown) => {
        r.status = err instanceof IntegrationFailure ? err.status : 500;
        this.env.observer?.ended(c, r);
      },
    );
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
