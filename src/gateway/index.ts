/**
 * The data plane: invoking deployed APIs. The front classifier hands over requests whose Host is
 * `{apiId}.execute-api.*`, or whose path is `/_aws/execute-api/{apiId}/{stage}/...` or the legacy
 * `/restapis/{apiId}/{stage}/_user_request_/...`; this module reads the request, runs the REST
 * pipeline and writes the answer. It reads compiled deployments only, never the control plane.
 */
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FunctionInvoker } from '../definitions/function-invoker.js';
import type { RemoteFunctions } from '../definitions/remote-functions.js';
import type { Store } from '../store/types.js';
import { requestTooLarge } from './errors.js';
import { HttpIntegrationClient } from './integrations/http-client.js';
import type { AwsServices } from './integrations/aws-service.js';
import { LambdaFunctions } from './integrations/lambda-functions.js';
import type { InvocationContext } from './rest/context.js';
import { DeploymentCache } from './rest/deployments.js';
import { CognitoUserPools } from './cognito/verifier.js';
import type { PipelineEnv } from './rest/env.js';
import { gatewayResponse } from './rest/handlers/gateway-response.js';
import { responseHeaders } from './rest/handlers/response-headers.js';
import { route } from './rest/handlers/route.js';
import { invoke } from './rest/pipeline.js';
import type { IamSettings } from './rest/iam-auth.js';
import { CustomDomains, writeForbidden } from './custom-domains.js';
import { TrafficControl } from './usage/index.js';
import { StageCaches } from './cache/index.js';
import { Observer, type ObserverOptions } from './observer.js';
import { HttpApiPlane } from './http/index.js';
import { WebSocketPlane } from './websocket/index.js';
import type { Duplex } from 'node:stream';

/** API Gateway's payload limit for REST APIs: 10 MB. https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const MAX_PAYLOAD = 10 * 1024 * 1024;

export type ExecuteApiVia = 'host' | 'path' | 'legacy-path';

export class DataPlane {
  readonly env: PipelineEnv;
  /** Custom domain names and their base path mappings (custom-domains.ts). */
  private readonly customDomains: CustomDomains;
  /** HTTP APIs (apigatewayv2): API ids it knows are served by http/, every other by the REST pipeline. */
  readonly httpApis: HttpApiPlane;
  /** WebSocket APIs (apigatewayv2 WEBSOCKET): upgrades, open connections and their @connections API. */
  readonly webSockets: WebSocketPlane;

  /** Metrics, access logs and execution logs of every answered request (observer.ts). */
  readonly observer: Observer;

  /**
   * `functionInvoker`: the local function runtime (the port the server wires), for Lambda integrations;
   * `remoteFunctions`: where functions Gatehouse does not hold are invoked (--lambda-endpoint), if anywhere.
   * `iam`: the --auth mode and --credentials AWS_IAM methods verify signatures with.
   * `observe`: where log groups and the usage counters are kept (in memory without).
   * `awsServices`: where AWS integrations with services other than Lambda go (--aws-endpoint), if anywhere.
   */
  constructor(store: Store, functionInvoker?: FunctionInvoker, remoteFunctions?: RemoteFunctions, iam?: IamSettings, observe?: ObserverOptions, awsServices?: AwsServices) {
    this.env = {
      iam,
      awsServices,
      deployments: new DeploymentCache(store),
      http: new HttpIntegrationClient(),
      usage: new TrafficControl(store),
      caches: new StageCaches(store),
      cognito: new CognitoUserPools(store),
      functions: functionInvoker ? new LambdaFunctions(store, functionInvoker, remoteFunctions) : undefined,
    };
    this.customDomains = new CustomDomains(store);
    this.observer = new Observer(this.env.deployments, observe);
    this.webSockets = new WebSocketPlane(store, { http: this.env.http, functions: this.env.functions, iam, observer: this.observer, usage: this.env.usage });
    this.httpApis = new HttpApiPlane(store, { http: this.env.http, functions: this.env.functions, iam, cognito: this.env.cognito, observer: this.observer, usage: this.env.usage, awsServices });
  }

  /**
   * A request whose Host is a custom domain name: invoked through the mapping its path selects
   * (403 Forbidden when none does). False, and nothing answered, when the Host is no custom domain.
   */
  async serveCustomDomain(req: IncomingMessage, res: ServerResponse, host: string, pathname: string, search: string): Promise<boolean> {
    const target = await this.customDomains.resolve(host, pathname);
    if (!target) return false;
    if (target === 'forbidden') writeForbidden(res);
    else if (target.stage !== undefined && (await this.httpApis.entry(target.apiId))) {
      await this.handleHttpApi(req, res, target.apiId, target.rest ?? '/', search, target.stage, target.prefix);
    } else await this.handle(req, res, target.apiId, 'host', target.pathname, search);
    return true;
  }

  async close(): Promise<void> {
    this.customDomains.close();
    this.httpApis.close();
    this.webSockets.close();
    this.env.deployments.close();
    // Stores the requests counted since the last flush, before the store closes.
    await this.env.usage?.close();
    this.env.caches?.close();
    this.env.cognito?.close();
    this.env.functions?.close();
    await this.env.http.close();
    await this.observer.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, apiId: string, via: ExecuteApiVia, pathname: string, search: string): Promise<void> {
    // HTTP APIs are told from REST APIs by their id (one Map lookup once the id has been seen).
    let httpApi = this.httpApis.entry(apiId);
    if (httpApi instanceof Promise) httpApi = await httpApi;
    if (httpApi) return this.handleHttpApi(req, res, apiId, httpPath(apiId, via, pathname), search);
    let webSocketApi = this.webSockets.entry(apiId);
    if (webSocketApi instanceof Promise) webSocketApi = await webSocketApi;
    if (webSocketApi) return this.webSockets.handleHttp(req, res, webSocketApi, httpPath(apiId, via, pathname), search);
    const { stageName, rawPath } = splitStage(apiId, via, pathname);
    const ctx = newContext(req, apiId, stageName, rawPath, search);
    // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112 section 6.3):
    // nothing to wait for, so a GET runs the pipeline on the turn it arrived.
    const headers = ctx.request.headers;
    const body = headers['content-length'] === undefined && headers['transfer-encoding'] === undefined ? EMPTY : await readBody(req, MAX_PAYLOAD);
    if (body === ABORTED) return; // the client went away mid-request: nobody to answer
    if (body === TOO_LARGE) {
      await this.tooLarge(ctx);
    } else {
      ctx.request.body = body;
      await invoke(ctx, this.env);
    }
    write(res, ctx);
    this.observer.requestEnded(ctx);
  }

  /**
   * A WebSocket upgrade on an execute-api host or path: opened (or refused) when the id is a
   * WebSocket API's; false, and the socket untouched, when it is not.
   */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, apiId: string, via: ExecuteApiVia, pathname: string, search: string): Promise<boolean> {
    let entry = this.webSockets.entry(apiId);
    if (entry instanceof Promise) entry = await entry;
    if (!entry) return false;
    await this.webSockets.upgrade(req, socket, head, entry, httpPath(apiId, via, pathname), search);
    return true;
  }

  /** A WebSocket upgrade whose Host is a custom domain name mapped to a WebSocket API's stage; false when it is not. */
  async upgradeCustomDomain(req: IncomingMessage, socket: Duplex, head: Buffer, host: string, pathname: string, search: string): Promise<boolean> {
    const target = await this.customDomains.resolve(host, pathname);
    if (!target || target === 'forbidden') return false;
    let entry = this.webSockets.entry(target.apiId);
    if (entry instanceof Promise) entry = await entry;
    if (!entry) return false;
    await this.webSockets.upgrade(req, socket, head, entry, target.pathname, search, true);
    return true;
  }

  /** An HTTP API's request: `rawPath` after the execute-api prefix (stage included) or after a custom domain's mapping key. */
  private async handleHttpApi(req: IncomingMessage, res: ServerResponse, apiId: string, rawPath: string, search: string, mappedStage?: string, mappingKey?: string): Promise<void> {
    const ctx = newContext(req, apiId, '', rawPath, search);
    const headers = ctx.request.headers;
    const body = headers['content-length'] === undefined && headers['transfer-encoding'] === undefined ? EMPTY : await readBody(req, MAX_PAYLOAD);
    if (body === ABORTED) return;
    let entry = this.httpApis.entry(apiId);
    if (entry instanceof Promise) entry = await entry;
    if (body === TOO_LARGE || !entry) {
      // Over the payload limit, or the API was deleted while its body arrived.
      ctx.response = this.httpApis.answer(body === TOO_LARGE ? 413 : 404);
    } else {
      ctx.request.body = body;
      ctx.response = (await this.httpApis.invoke(ctx.request, { entry, stageName: mappedStage, pathPrefix: mappingKey }, mappedStage !== undefined, ctx.requestTimeEpoch)).response;
    }
    write(res, ctx);
  }

  /**
   * 413 REQUEST_TOO_LARGE, as the API's gateway response for that type when the stage exists (the
   * route stage finds the deployment; whether the path has a method does not matter).
   */
  private async tooLarge(ctx: InvocationContext): Promise<void> {
    try {
      await route(ctx, this.env);
    } catch {
      // No deployment or no method: the error answered is still the payload's size.
    }
    ctx.error = requestTooLarge();
    gatewayResponse(ctx);
    responseHeaders(ctx);
  }
}

/** An HTTP API's path after the execute-api prefix, its stage segment (if any) still in it. */
function httpPath(apiId: string, via: ExecuteApiVia, pathname: string): string {
  if (via === 'path') return pathname.slice(`/_aws/execute-api/${apiId}`.length) || '/';
  if (via === 'legacy-path') return pathname.slice(`/restapis/${apiId}`.length).replace('/_user_request_', '') || '/';
  return pathname;
}

/** Where the stage and the resource path are in each of the three URL shapes. */
function splitStage(apiId: string, via: ExecuteApiVia, pathname: string): { stageName: string; rawPath: string } {
  let rest = pathname;
  if (via === 'path') rest = pathname.slice(`/_aws/execute-api/${apiId}`.length);
  if (via === 'legacy-path') rest = pathname.slice(`/restapis/${apiId}`.length).replace('/_user_request_', '');
  // AWS reads '//prod/pets' as stage 'prod' (recorded: invocation-payload-with-prepended-slash-to-stage).
  if (rest.startsWith('//')) rest = rest.replace(/^\/+/, '/');
  const slash = rest.indexOf('/', 1);
  const stageName = safeDecode(slash < 0 ? rest.slice(1) : rest.slice(1, slash));
  const rawPath = slash < 0 ? '/' : rest.slice(slash) || '/';
  return { stageName, rawPath };
}

function newContext(req: IncomingMessage, apiId: string, stageName: string, rawPath: string, search: string): InvocationContext {
  // One pass over the raw header list gives both views the stages use; Node's own `req.headers`
  // is never built. Repeated headers join with ', ' in the lower-cased view, as Node joins them.
  const raw = req.rawHeaders;
  // No prototype: a header named `constructor` or `__proto__` is just a header.
  const headers: Record<string, string> = Object.create(null);
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    rawHeaders.push([name, value]);
    const lower = name.toLowerCase();
    const seen = headers[lower];
    headers[lower] = seen === undefined ? value : `${seen}, ${value}`;
  }
  const rawQuery = search.length > 1 ? search.slice(1) : '';
  const remote = req.socket.remoteAddress ?? '';
  return {
    requestId: randomUUID(),
    extendedRequestId: extendedRequestId(),
    requestTimeEpoch: Date.now(),
    target: { apiId, stageName },
    request: {
      httpMethod: req.method ?? 'GET',
      path: rawPath.includes('%') ? safeDecode(rawPath) : rawPath,
      rawPath,
      rawQuery,
      query: rawQuery ? new URLSearchParams(rawQuery) : NO_QUERY,
      headers,
      rawHeaders,
      body: EMPTY,
      sourceIp: remote.startsWith('::ffff:') ? remote.slice(7) : remote,
      host: headers.host ?? '',
      protocol: `HTTP/${req.httpVersion}`,
      target: req.url,
    },
  };
}

/** The query of a request that has none; stages only read it. */
const NO_QUERY = new URLSearchParams();

const EMPTY = Buffer.alloc(0);

/** Random bytes drawn 4 KB at a time: one getrandom call per ~370 requests, not one each. */
const pool = { bytes: Buffer.alloc(0), at: 0 };

/** 16 characters ending in '=' like AWS's `x-amz-apigw-id` ("Xn2vOGnxIAMEbNw="), URL-safe. */
function extendedRequestId(): string {
  if (pool.at + 11 > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.at = 0;
  }
  const id = pool.bytes.toString('base64url', pool.at, (pool.at += 11));
  return `${id}=`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

/**
 * The whole body, or TOO_LARGE past `limit` bytes. The rest of an oversized body is read and
 * discarded, so the client gets its 413 once it has sent it and the connection stays usable.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE | typeof ABORTED> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length) chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? TOO_LARGE : chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', () => resolve(ABORTED));
    req.on('close', () => {
      if (!req.complete) resolve(ABORTED);
    });
  });
}

const FRAMING = new Set(['content-length', 'connection', 'transfer-encoding', 'keep-alive']);

/** Statuses whose answers have no body (RFC 9110 sections 15.2, 15.3.5, 15.4.5): no Content-Length either. */
const NO_BODY = (status: number) => status < 200 || status === 204 || status === 304;

/**
 * Writes the answer with header names as API Gateway spells them. A HEAD request gets the headers
 * a GET would, Content-Length included, and no body. A header value a mapping produced that HTTP
 * cannot carry (a line break from a mapped body, say) is left out rather than failing the answer.
 */
function write(res: ServerResponse, ctx: InvocationContext): void {
  const out = ctx.response!;
  const flat: string[] = [];
  for (const name in out.headers) {
    // Framing is Gatehouse's own to set (the stages rename or drop such headers before this).
    if (FRAMING.has(name.toLowerCase())) continue;
    for (const v of out.headers[name]) flat.push(name, v);
  }
  const bodyless = NO_BODY(out.statusCode);
  if (!bodyless) flat.push('Content-Length', String(out.body.length));
  // AWS says `Connection: keep-alive` and nothing more; left to itself Node adds `Keep-Alive: timeout=…`.
  if (res.shouldKeepAlive) flat.push('Connection', 'keep-alive');
  try {
    res.writeHead(out.statusCode, flat);
  } catch {
    res.writeHead(out.statusCode, validOnly(flat));
  }
  res.end(bodyless || ctx.request.httpMethod === 'HEAD' ? undefined : out.body);
}

function validOnly(flat: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    try {
      validateHeaderName(flat[i]);
      validateHeaderValue(flat[i], flat[i + 1]);
      out.push(flat[i], flat[i + 1]);
    } catch {
      // dropped: not a valid HTTP header
    }
  }
  return out;
}
