/**
 * The listener: one node:http server on one port. It reads the request, asks the classifier where
 * it goes, and hands it over; it holds no business logic. Control-plane requests are
 * authenticated here (SigV4, permissive or strict) because every service shares that step.
 */
import { createServer, ServerResponse as HttpServerResponse, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Socket } from 'node:net';
import { AccountMap, DEFAULT_REGION } from '../aws/accounts.js';
import { AwsError, badRequest } from '../aws/errors.js';
import { requestId as newRequestId } from '../aws/ids.js';
import { SERVICE_NAMES } from '../aws/model.js';
import type { WireResponse } from '../aws/rest-json/serialize.js';
import { parseSigV4, verifySigV4 } from '../aws/sigv4.js';
import type { AuthMode } from '../config.js';
import { ControlPlane, renderError } from '../control/dispatch.js';
import type { Scope, Store } from '../store/types.js';
import { VERSION } from '../version.js';
import { handleSts, stsError } from '../control/sts/index.js';
import { DataPlane } from '../gateway/index.js';
import { RestTestInvoker } from '../gateway/rest/test-invoke.js';
import { StageCacheFlusher } from '../gateway/cache/index.js';
import { classify, executeApiTarget } from './classify.js';
import { functionLogs } from './function-logs.js';
import { observability } from './observability.js';
import { cognitoIssuer } from './cognito-issuer.js';
import { LAMBDA_KIND, type CodeRecord } from '../definitions/lambda.js';
import { LocalFunctions } from '../functions/index.js';
import { RemoteLambda } from '../functions/remote.js';
import type { RemoteRoutes } from '../functions/remote-routes.js';
import { AwsServices } from '../gateway/integrations/aws-service.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Lambda accepts 50 MB zipped code inline (base64 in JSON): leave room for that. */
const MAX_BODY = 80 * 1024 * 1024;

export interface GatehouseServerOptions {
  store: Store;
  auth: AuthMode;
  accounts: AccountMap;
  /** Where function code is unpacked (<dataDir>/functions); under os.tmpdir() when absent (--in-memory). */
  functionsDir?: string;
  /** How long a warm function environment may idle before it is stopped (default 5 minutes). */
  functionIdleMs?: number;
  /** Where log groups (access and execution logs) are kept (<dataDir>/logs); in memory when absent. */
  logsDir?: string;
  /** Where the traffic counted for the cost estimate is kept across restarts (<dataDir>/metrics/usage.json). */
  usageFile?: string;
  /** Where functions Gatehouse does not hold are invoked (--lambda-endpoint, --remote-lambda). */
  remoteLambda?: RemoteRoutes;
  /** Where AWS integrations with services other than Lambda are sent (--aws-endpoint: a URL or `aws`). */
  awsEndpoint?: string;
}

export class GatehouseServer {
  readonly http: Server;
  readonly control: ControlPlane;
  readonly dataPlane: DataPlane;
  /** The local function runtime: one per Gatehouse, closed with it (its child processes stop). */
  readonly functions: LocalFunctions;
  /** Functions of other endpoints, for the data plane's Lambda integrations and authorizers. */
  readonly remoteFunctions: RemoteLambda | undefined;

  constructor(private readonly options: GatehouseServerOptions) {
    this.functions = new LocalFunctions({ codeDir: options.functionsDir ?? join(tmpdir(), 'gatehouse-functions'), idleTimeoutMs: options.functionIdleMs });
    this.remoteFunctions = options.remoteLambda && !options.remoteLambda.empty ? new RemoteLambda(options.remoteLambda) : undefined;
    this.dataPlane = new DataPlane(options.store, this.functions, this.remoteFunctions, { strict: options.auth === 'strict', accounts: options.accounts }, { logs: { dir: options.logsDir }, usageFile: options.usageFile }, options.awsEndpoint ? new AwsServices(options.awsEndpoint) : undefined);
    this.control = new ControlPlane(options.store, {
      testInvoker: new RestTestInvoker(this.dataPlane.env),
      stageCaches: new StageCacheFlusher(this.dataPlane.env),
      httpAuthorizerCache: this.dataPlane.httpApis,
      functionInvoker: this.functions,
      publicUrl: () => this.publicUrl(),
    });
    this.http = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.handle(req, res).catch((err) => {
        console.error('[gatehouse] unhandled error:', err);
        if (!res.headersSent) send(res, renderError(undefined, err, newRequestId()));
        else res.destroy();
      });
    });
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.answerClientError(err, socket));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((err) => {
        console.error('[gatehouse] unhandled upgrade error:', err);
        socket.destroy();
      });
    });
  }

  /**
   * Requests node:http cannot parse (bad bytes in the request line, headers over 16 KB) never
   * reach `handle`; answer them with the same JSON error shape as everything else instead of
   * Node's bare "400 Bad Request".
   */
  private answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'RequestHeaderFieldsTooLargeException', 'The request line and headers must be smaller than 16 KB.']
        : err.code === 'HPE_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'RequestTimeoutException', 'The request was not received in time.']
          : [400, 'BadRequestException', `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`];
    // A HEAD answer has no body (the client would read it as garbage after the headers).
    const head = (err as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    const body = head ? '' : JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\nx-amzn-errortype: ${code}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }

  /**
   * A WebSocket upgrade on an execute-api host or path (or a custom domain name mapped to a
   * stage) whose API is a WebSocket API goes to the WebSocket data plane (DESIGN.md, "One
   * process, one port"); any other upgrade request is answered as the plain HTTP request it is.
   */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const search = q < 0 ? '' : target.slice(q);
    if (target.startsWith('/') && (req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
      const invocation = executeApiTarget(hostOf(req.rawHeaders), pathname);
      if (invocation ? await this.dataPlane.upgrade(req, socket, head, invocation.apiId, invocation.via, pathname, search) : await this.dataPlane.upgradeCustomDomain(req, socket, head, hostOf(req.rawHeaders), pathname, search)) return;
    }
    if (head.length) socket.unshift(head);
    const res = new HttpServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.once('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    this.http.emit('request', req, res);
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve(this.http.address() as AddressInfo);
      });
    });
  }

  /**
   * Stops accepting connections, lets requests in flight finish (their transactions commit),
   * closes idle keep-alive connections at once, and cuts whatever is still open after `graceMs`.
   */
  async close(graceMs = 5_000): Promise<void> {
    // Log followers (/_gatehouse/logs/...?follow=1) never finish by themselves: end them first.
    this.dataPlane.observer.logs.endFollowers();
    // Open WebSocket connections would hold the listener open: they end at once.
    this.dataPlane.webSockets.close();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.http.closeAllConnections(), graceMs);
      timer.unref();
      this.http.close(() => {
        clearTimeout(timer);
        resolve();
      });
      this.http.closeIdleConnections();
    });
    await this.dataPlane.close();
    this.remoteFunctions?.close();
    await this.functions.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Invocations first, from the raw target: the data plane needs no URL object, no request id of
    // the control plane's and no SigV4 parsing (an API's callers send their own Authorization).
    const target = req.url ?? '/';
    if (target.charCodeAt(0) === 47 /* '/' */) {
      const q = target.indexOf('?');
      const pathname = q < 0 ? target : target.slice(0, q);
      const invocation = executeApiTarget(hostOf(req.rawHeaders), pathname);
      if (invocation) return this.dataPlane.handle(req, res, invocation.apiId, invocation.via, pathname, q < 0 ? '' : target.slice(q));
      // A Host that is a custom domain name is an invocation through its base path mappings.
      if (await this.dataPlane.serveCustomDomain(req, res, hostOf(req.rawHeaders), pathname, q < 0 ? '' : target.slice(q))) return;
    }
    const requestId = newRequestId();
    const url = requestUrl(req.url ?? '/');
    if (!url) return send(res, renderError(undefined, badRequest(`The request target '${(req.url ?? '').slice(0, 200)}' is not a valid URL.`), requestId));
    const host = req.headers.host ?? '';
    let cred;
    let credError: unknown;
    try {
      cred = parseSigV4(req.headers, url.searchParams);
    } catch (err) {
      credError = err;
    }
    const dest = classify(host, url.pathname, cred?.service);
    // An API's callers send their own Authorization headers (Bearer tokens...): only the AWS APIs need SigV4.
    if (credError && dest.kind !== 'data-plane') return send(res, renderError(undefined, credError, requestId));

    switch (dest.kind) {
      case 'gatehouse':
        // Logs (which may stream), metrics and the cost estimate write their own answers.
        if (
          await observability(req, res, dest.path, url.searchParams, {
            observer: this.dataPlane.observer,
            store: this.options.store,
            defaultScope: { account: this.options.accounts.defaultAccount, region: DEFAULT_REGION },
          })
        )
          return;
        return send(
          res,
          (await this.functionCode(dest.path)) ??
            (await functionLogs(dest.path, url.searchParams, {
              store: this.options.store,
              logs: (arn) => this.functions.logs(arn),
              defaultScope: { account: this.options.accounts.defaultAccount, region: DEFAULT_REGION },
            })) ??
            (await this.cognitoIssuer(req, dest.path, url.searchParams)) ??
            this.gatehouse(dest.path, requestId),
        );
      case 'data-plane':
        return this.dataPlane.handle(req, res, dest.apiId, dest.via, url.pathname, url.search);
      case 'unknown-service':
        return send(res, renderError(undefined, new AwsError('UnknownServiceException', `Gatehouse does not serve the '${dest.service}' service.`, 400), requestId));
      case 'sts': {
        const body = await readBody(req);
        if (body === undefined) return send(res, stsError(413, 'RequestEntityTooLarge', 'Request must be smaller than 80 MB.', requestId));
        try {
          await this.authenticate(cred, req, url, body);
        } catch (err) {
          const e = err instanceof AwsError ? err : new AwsError('InternalFailure', 'The request processing has failed.', 500);
          return send(res, stsError(e.status, e.code, e.message, requestId));
        }
        // Query-protocol parameters come form-encoded in the body (POST) or in the query (GET).
        const params = new URLSearchParams(url.searchParams);
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
        return send(res, handleSts(params, this.scopeOf(cred), cred?.accessKeyId, requestId));
      }
      case 'control-plane': {
        const body = await readBody(req);
        if (body === undefined) {
          return send(res, renderError(dest.service, new AwsError('RequestEntityTooLargeException', 'Request must be smaller than 80 MB.', 413), requestId));
        }
        try {
          await this.authenticate(cred, req, url, body);
        } catch (err) {
          return send(res, renderError(dest.service, err, requestId));
        }
        const rawSegments = url.pathname.split('/').filter((s) => s !== '');
        const out = await this.control.handle({
          service: dest.service,
          method: req.method ?? 'GET',
          rawSegments,
          query: url.searchParams,
          headers: req.headers,
          body,
          scope: this.scopeOf(cred),
          requestId,
        });
        return send(res, out);
      }
    }
  }

  /** The caller's (account, region): the access key's account, the credential scope's region. */
  private scopeOf(cred: ReturnType<typeof parseSigV4>): Scope {
    return { account: this.options.accounts.accountFor(cred?.accessKeyId), region: cred?.region || DEFAULT_REGION };
  }

  private async authenticate(cred: ReturnType<typeof parseSigV4>, req: IncomingMessage, url: URL, body: Buffer): Promise<void> {
    if (this.options.auth !== 'strict') return;
    if (!cred) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    const secret = this.options.accounts.secretFor(cred.accessKeyId);
    if (!secret) throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
    await verifySigV4(cred, secret, {
      method: req.method ?? 'GET',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
  }

  /** Where this server listens, as a URL clients can reach (a wildcard address as loopback). */
  private publicUrl(): string {
    const a = this.http.address() as AddressInfo | null;
    if (!a) return '';
    const host = a.address === '0.0.0.0' || a.address === '::' ? '127.0.0.1' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`;
  }

  /** /_gatehouse/cognito/{poolId}/...: the local Cognito token issuer (cognito-issuer.ts). */
  private cognitoIssuer(req: IncomingMessage, path: string, query: URLSearchParams): Promise<WireResponse | undefined> {
    const issuer = this.dataPlane.env.cognito?.issuer;
    if (!issuer || !path.startsWith('/_gatehouse/cognito/')) return Promise.resolve(undefined);
    return cognitoIssuer(req.method ?? 'GET', path, query, { issuer, publicUrl: this.publicUrl(), body: () => readBody(req) });
  }

  /** GET /_gatehouse/functions/{account}/{region}/{name}/code/{sha}.zip: GetFunction's Code.Location. */
  private async functionCode(path: string): Promise<WireResponse | undefined> {
    const m = /^\/_gatehouse\/functions\/(\d{12})\/([a-z0-9-]+)\/([A-Za-z0-9_.-]+)\/code\/([^/]+)\.zip$/.exec(path);
    if (!m) return undefined;
    const [, account, region, name, sha] = m;
    const code = await this.options.store.transaction({ account, region }, (tx) => tx.get<CodeRecord>(LAMBDA_KIND.code, `${name}/${decodeURIComponent(sha)}`));
    // A hot-reload directory has no package to download (its GetFunction says where it is instead).
    if (!code?.zipFile) return { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'No such function code.' }) };
    return { status: 200, headers: { 'content-type': 'application/zip' }, body: Buffer.from(code.zipFile, 'base64') };
  }

  private gatehouse(path: string, requestId: string): WireResponse {
    const json = (status: number, value: unknown): WireResponse => ({
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
      body: JSON.stringify(value),
    });
    if (path === '/_gatehouse/health') {
      const services: Record<string, { operations: number; implemented: number }> = {};
      for (const service of SERVICE_NAMES) {
        const status = Object.values(this.control.status(service));
        services[service] = { operations: status.length, implemented: status.filter(Boolean).length };
      }
      return json(200, { status: 'ok', version: VERSION, store: this.options.store.description, auth: this.options.auth, services });
    }
    if (path === '/_gatehouse/operations') {
      return json(200, Object.fromEntries(SERVICE_NAMES.map((service) => [service, this.control.status(service)])));
    }
    return json(404, { message: `No Gatehouse endpoint at ${path}. Try /_gatehouse/health.` });
  }
}

/** The Host header from the raw list: reading `req.headers` would make Node build every header. */
function hostOf(raw: string[]): string {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host') return raw[i + 1];
  }
  return '';
}

/**
 * The request target as a URL. An origin-form target is appended to a fixed origin rather than
 * resolved against it: resolved, "//x/restapis" would read as host x with path /restapis.
 */
function requestUrl(target: string): URL | undefined {
  try {
    return target.startsWith('/') ? new URL(`http://gatehouse${target}`) : new URL(target, 'http://gatehouse/');
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, out: WireResponse): void {
  const body = out.body === undefined ? '' : out.body;
  res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
