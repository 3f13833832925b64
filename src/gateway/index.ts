/**
 * The data plane: invoking deployed APIs. The front classifier hands over requests whose Host is
 * `{apiId}.execute-api.*`, or whose path is `/_aws/execute-api/{apiId}/{stage}/...` or the legacy
 * `/restapis/{apiId}/{stage}/_user_request_/...`; this module reads the request, runs the REST
 * pipeline and writes the answer. It reads compiled deployments only, never the control plane.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import { requestTooLarge } from './errors.js';
import { HttpIntegrationClient } from './integrations/http-client.js';
import type { InvocationContext } from './rest/context.js';
import { DeploymentCache } from './rest/deployments.js';
import type { PipelineEnv } from './rest/env.js';
import { gatewayResponse } from './rest/handlers/gateway-response.js';
import { responseHeaders } from './rest/handlers/response-headers.js';
import { invoke } from './rest/pipeline.js';

/** API Gateway's payload limit for REST APIs: 10 MB. https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const MAX_PAYLOAD = 10 * 1024 * 1024;

export type ExecuteApiVia = 'host' | 'path' | 'legacy-path';

export class DataPlane {
  readonly env: PipelineEnv;

  constructor(store: Store) {
    this.env = { deployments: new DeploymentCache(store), http: new HttpIntegrationClient() };
  }

  async close(): Promise<void> {
    this.env.deployments.close();
    await this.env.http.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, apiId: string, via: ExecuteApiVia, pathname: string, search: string): Promise<void> {
    const { stageName, rawPath } = splitStage(apiId, via, pathname);
    const ctx = newContext(req, apiId, stageName, rawPath, search);
    const body = await readBody(req, MAX_PAYLOAD);
    if (body === undefined) {
      ctx.error = requestTooLarge();
      gatewayResponse(ctx);
      responseHeaders(ctx);
    } else {
      ctx.request.body = body;
      await invoke(ctx, this.env);
    }
    write(res, ctx, req.method === 'HEAD');
  }
}

/** Where the stage and the resource path are in each of the three URL shapes. */
function splitStage(apiId: string, via: ExecuteApiVia, pathname: string): { stageName: string; rawPath: string } {
  let rest = pathname;
  if (via === 'path') rest = pathname.slice(`/_aws/execute-api/${apiId}`.length);
  if (via === 'legacy-path') rest = pathname.slice(`/restapis/${apiId}`.length).replace('/_user_request_', '');
  const slash = rest.indexOf('/', 1);
  const stageName = safeDecode(slash < 0 ? rest.slice(1) : rest.slice(1, slash));
  const rawPath = slash < 0 ? '/' : rest.slice(slash) || '/';
  return { stageName, rawPath };
}

function newContext(req: IncomingMessage, apiId: string, stageName: string, rawPath: string, search: string): InvocationContext {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  const rawQuery = search.startsWith('?') ? search.slice(1) : search;
  return {
    requestId: randomUUID(),
    extendedRequestId: randomBytes(9).toString('base64').replace(/\//g, '_'),
    requestTimeEpoch: Date.now(),
    target: { apiId, stageName },
    request: {
      httpMethod: req.method ?? 'GET',
      path: safeDecode(rawPath),
      rawPath,
      rawQuery,
      query: new URLSearchParams(rawQuery),
      headers,
      rawHeaders,
      body: Buffer.alloc(0),
      sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      host: req.headers.host ?? '',
      protocol: `HTTP/${req.httpVersion}`,
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, ctx: InvocationContext, head: boolean): void {
  const out = ctx.response!;
  const headers: [string, string][] = [];
  for (const [name, values] of Object.entries(out.headers)) for (const v of values) headers.push([name, v]);
  headers.push(['content-length', String(out.body.length)]);
  res.writeHead(out.statusCode, headers.flat());
  res.end(head ? undefined : out.body);
}
