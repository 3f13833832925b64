/**
 * A small HTTP backend for integration tests, on 127.0.0.1 and a free port, that answers with
 * what it received, the way the httpbin-like echo servers of LocalStack's tests do:
 * `{method, path, query, args, headers, rawHeaders, body, bodyBase64, data}`. `args` and
 * `headers` join repeated values with ',' (as a Lambda function URL echo shows them); names in
 * `headers` are lower-case.
 *
 * Paths with a meaning of their own:
 *   /status/{code}/… answers that status (with the echo)
 *   /respond         answers what the `x-respond` request header describes (JSON
 *                    {status, headers: [[name, value]...], bodyBase64, chunked})
 *   /bytes/{n}       answers n bytes of 'x'
 *   /hang            never answers
 *   /reset           destroys the connection without answering
 *   /garbage         writes bytes that are not HTTP and closes
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Echo {
  method: string;
  path: string;
  query: string;
  args: Record<string, string>;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: string;
  bodyBase64: string;
  data: unknown;
}

export interface EchoBackend {
  url: string;
  port: number;
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  connections: number;
  /** Requests received so far. */
  requests: number;
  close(): Promise<void>;
}

export async function startEchoBackend(): Promise<EchoBackend> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (path.endsWith('/hang')) return;
  if (path.endsWith('/reset')) {
    req.socket.destroy();
    return;
  }
  if (path.endsWith('/garbage')) {
    req.socket.end('this is not HTTP at all\r\n\r\n');
    return;
  }
  const bytes = /\/bytes\/(\d+)$/.exec(path);
  if (bytes) {
    const n = Number(bytes[1]);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': n });
    res.end(Buffer.alloc(n, 'x'));
    return;
  }
  const echo = echoOf(req, path, query, body);
  if (path.endsWith('/respond')) {
    const spec = JSON.parse(String(req.headers['x-respond'] ?? '{}')) as { status?: number; headers?: [string, string][]; bodyBase64?: string; chunked?: boolean };
    const out = spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, 'base64') : Buffer.from(serialize(echo));
    const flat: string[] = [];
    for (const [name, value] of spec.headers ?? []) flat.push(name, value);
    if (!spec.chunked) flat.push('Content-Length', String(out.length));
    res.writeHead(spec.status ?? 200, flat);
    if (spec.chunked) {
      res.write(out.subarray(0, Math.floor(out.length / 2)));
      res.end(out.subarray(Math.floor(out.length / 2)));
    } else res.end(out);
    return;
  }
  const status = /\/status\/(\d{3})(?:\/|$)/.exec(path);
  const text = serialize(echo);
  res.writeHead(status ? Number(status[1]) : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The echo as JSON; a body nested too deeply to write back (JSON.stringify recurses) echoes `data` as null. */
function serialize(echo: Echo): string {
  try {
    return JSON.stringify(echo);
  } catch {
    return JSON.stringify({ ...echo, data: null });
  }
}

function echoOf(req: IncomingMessage, path: string, query: string, body: Buffer): Echo {
  const args: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) args[k] = k in args ? `${args[k]},${v}` : v;
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${req.rawHeaders[i + 1]}` : req.rawHeaders[i + 1];
  }
  let data: unknown = null;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    data = null;
  }
  return { method: req.method ?? '', path, query, args, headers, rawHeaders: req.rawHeaders, body: body.toString('utf8'), bodyBase64: body.toString('base64'), data };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
