/**
 * Shared set-up for the WebSocket API tests: one Gatehouse per file with genuine apigatewayv2 and
 * Lambda clients (the HTTP API tests' helpers), `ws` clients connecting over the execute-api path
 * or host, and waits on events (never on sleeps).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { createInput } from '../../control/lambda/helpers.js';
import { CreateApiCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand, type CreateIntegrationCommandInput } from '@aws-sdk/client-apigatewayv2';
import type { HttpApiServer } from '../http-api/helpers.js';

export { useHttpApiGatehouse as useWebSocketGatehouse, nodeFunction, invocationUri, functionArn } from '../http-api/helpers.js';

export interface RouteSpec {
  routeKey: string;
  integration?: Omit<CreateIntegrationCommandInput, 'ApiId'>;
  /** Integration responses by key, with their templates. */
  integrationResponses?: { key: string; templates?: Record<string, string>; templateSelection?: string }[];
  /** A `$default` route response: the backend's answer goes back to the client. */
  twoWay?: boolean;
  authorizerId?: string;
}

/** A WebSocket API (a new one, or `existing`) with the given routes, deployed on an auto-deploy stage; answers its id. */
export async function webSocketApi(server: HttpApiServer, routes: RouteSpec[], options: { stage?: string; selection?: string; existing?: string } = {}): Promise<string> {
  const apiId = options.existing ?? (await server.v2.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: options.selection ?? '$request.body.action' }))).ApiId!;
  for (const r of routes) {
    let target: string | undefined;
    if (r.integration) {
      const i = await server.v2.send(new CreateIntegrationCommand({ ApiId: apiId, ...r.integration }));
      target = `integrations/${i.IntegrationId}`;
      for (const ir of r.integrationResponses ?? []) {
        await server.v2.send(
          new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: i.IntegrationId!, IntegrationResponseKey: ir.key, ResponseTemplates: ir.templates, TemplateSelectionExpression: ir.templateSelection }),
        );
      }
    }
    const route = await server.v2.send(
      new CreateRouteCommand({
        ApiId: apiId,
        RouteKey: r.routeKey,
        Target: target,
        RouteResponseSelectionExpression: r.twoWay ? '$default' : undefined,
        ...(r.authorizerId ? { AuthorizationType: 'CUSTOM', AuthorizerId: r.authorizerId } : {}),
      }),
    );
    if (r.twoWay) await server.v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId!, RouteResponseKey: '$default' }));
  }
  await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: options.stage ?? 'prod', AutoDeploy: true }));
  return apiId;
}

export interface Connected {
  ws: WebSocket;
  /** The next message the server sends. */
  next(): Promise<string>;
  close(): Promise<void>;
}

/** Connects through `/_aws/execute-api/{apiId}/{stage}` (or the execute-api Host with `viaHost`, or a custom `domain` with `stage` as the mapping key); rejects with the refused status. */
export function connect(server: HttpApiServer, apiId: string, stage = 'prod', options: { headers?: Record<string, string>; query?: string; viaHost?: boolean; domain?: string } = {}): Promise<Connected> {
  const base = server.g.url.replace(/^http/, 'ws');
  const byHost = options.viaHost || options.domain;
  const url = byHost ? `${base}/${stage}${options.query ?? ''}` : `${base}/_aws/execute-api/${apiId}/${stage}${options.query ?? ''}`;
  const headers = { ...options.headers, ...(byHost ? { Host: options.domain ?? `${apiId}.execute-api.localhost` } : {}) };
  const ws = new WebSocket(url, { headers });
  const queue: string[] = [];
  const waiting: ((m: string) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const m = data.toString('utf8');
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))),
        close: () => closed(ws, () => ws.close()),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
}

/** Resolves with the close code once the socket has closed (after `action`, if given). */
export function closed(ws: WebSocket, action?: () => void): Promise<void> & Promise<any> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve({ code: 1006 });
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') }));
    action?.();
  });
}

/** A Node.js 20 function whose index.mjs is `source`, with environment variables. */
export async function nodeFunctionWithEnv(server: HttpApiServer, name: string, source: string, variables: Record<string, string>): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await server.lambda.send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip }, Timeout: 30, Environment: { Variables: variables } })));
}

/** An HTTP server on 127.0.0.1 that hands each request's body to the next waiter. */
export async function startCollector(): Promise<{ url: string; next(): Promise<string>; close(): Promise<void> }> {
  const queue: string[] = [];
  const waiting: ((b: string) => void)[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      res.end('{}');
      const w = waiting.shift();
      if (w) w(body);
      else queue.push(body);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))),
    close: () => new Promise((r) => srv.close(() => r())),
  };
}
