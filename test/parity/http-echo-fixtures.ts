/**
 * Local stand-ins for the echo endpoints LocalStack's HTTP-integration tests called on AWS, so the
 * recorded answers can be compared with Gatehouse's. Each reproduces what its original shows in
 * the recordings, the original's own front included, since that is part of the endpoint and not
 * of API Gateway:
 *  - `lambdaUrlEcho`: `create_echo_http_server`, a Lambda function URL answering
 *    {args, data, domain, headers, method, origin, path}. A function URL hands the function
 *    lower-cased headers without Connection, adds X-Forwarded-For (the caller appended),
 *    X-Forwarded-Port/Proto and x-amzn-tls-*, and answers with its own x-amzn-RequestId and
 *    X-Amzn-Trace-Id; `trim_x_headers` leaves out every `x-` header.
 *  - `statusEcho`: `create_status_code_echo_server`, a function URL answering the status at the
 *    end of its path with {"status_code": N, "message": ""}.
 *  - `httpbinEcho`: httpbin.org/post (LocalStack's PUBLIC_HTTP_ECHO_SERVER_URL): {args, data,
 *    files, form, headers, json, origin, url}, header names in Title-Case as werkzeug shows them,
 *    minus the ones httpbin hides (Connection, X-Forwarded-*, Via...); served by gunicorn with CORS
 *    headers.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Fixture {
  /** The endpoint URL as the tests used it (a function URL ends with '/'). */
  url: string;
  close(): Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void, path = '/'): Promise<Fixture> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const callerIp = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

function splitUrl(req: IncomingMessage): { path: string; query: URLSearchParams } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return { path: q < 0 ? url : url.slice(0, q), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) };
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** What a function URL's front does: its own response headers. */
function functionUrlHeaders(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID(), 'X-Amzn-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0` };
}

export function lambdaUrlEcho(trimXHeaders: boolean): Promise<Fixture> {
  return serve((req, res, body) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i].toLowerCase();
      if (name === 'connection') continue;
      headers[name] = name in headers ? `${headers[name]},${req.rawHeaders[i + 1]}` : req.rawHeaders[i + 1];
    }
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${callerIp(req)}` : callerIp(req);
    headers['x-forwarded-port'] = '443';
    headers['x-forwarded-proto'] = 'https';
    headers['x-amzn-tls-cipher-suite'] = 'TLS_AES_128_GCM_SHA256';
    headers['x-amzn-tls-version'] = 'TLSv1.3';
    if (trimXHeaders) for (const name of Object.keys(headers)) if (name.startsWith('x-')) delete headers[name];
    const { path, query } = splitUrl(req);
    const args: Record<string, string> = {};
    for (const [k, v] of query) args[k] = k in args ? `${args[k]},${v}` : v;
    let data: unknown = body.toString('utf8');
    try {
      data = JSON.parse(data as string);
    } catch {
      // not JSON: the text as it is
    }
    sendJson(res, 200, { args, data, domain: req.headers.host, headers, method: req.method, origin: callerIp(req), path }, functionUrlHeaders());
  });
}

export function statusEcho(): Promise<Fixture> {
  return serve((req, res) => {
    const last = splitUrl(req).path.split('/').at(-1) ?? '';
    const status = /^\d{3}$/.test(last) ? Number(last) : 400;
    sendJson(res, status, { status_code: status, message: /^\d{3}$/.test(last) ? '' : `No valid status found at end of path ${last}` }, functionUrlHeaders());
  });
}

/** Hidden by httpbin unless asked (its ENV_HEADERS), and Connection, which it never shows. */
const HTTPBIN_HIDDEN = new Set(['connection', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto', 'x-forwarded-protocol', 'x-forwarded-ssl', 'x-real-ip', 'x-request-id', 'via']);
const titleCase = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

export function httpbinEcho(): Promise<Fixture> {
  return serve((req, res, body) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (HTTPBIN_HIDDEN.has(req.rawHeaders[i].toLowerCase())) continue;
      const name = titleCase(req.rawHeaders[i]);
      headers[name] = name in headers ? `${headers[name]},${req.rawHeaders[i + 1]}` : req.rawHeaders[i + 1];
    }
    const { query } = splitUrl(req);
    const data = body.toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(data);
    } catch {
      json = null;
    }
    sendJson(
      res,
      200,
      { args: Object.fromEntries(query), data, files: {}, form: {}, headers, json, origin: callerIp(req), url: `https://${req.headers.host}${req.url}` },
      { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Origin': '*', Server: 'gunicorn/19.9.0' },
    );
  }, '/post');
}
