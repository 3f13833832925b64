/**
 * The platform floor for HTTP_PROXY (`npm run bench -- --floor`): a bare reverse proxy on the same
 * parts Gatehouse uses, node:http for clients and one undici Agent dispatched with a small handler
 * for the upstream, and nothing else (no routing, no mapping, no AWS headers). What Gatehouse's
 * HTTP_PROXY costs above it is the cost of its pipeline. Run as its own process, like the backend.
 *
 *   node --import tsx bench/floor-proxy.ts <upstream origin>
 */
import { createServer } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });
// Connection-level headers a proxy does not forward (RFC 9110 section 7.6.1), and the framing it sets itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);

function forwardable(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  let statusCode = 502;
  let headers: string[] = [];
  const chunks: Buffer[] = [];
  const handler = {
    onConnect() {},
    onError() {
      res.writeHead(502, { 'content-length': 0 });
      res.end();
    },
    onHeaders(status: number, raw: Buffer[]) {
      if (status < 200) return true;
      statusCode = status;
      headers = forwardable(raw.map((b) => b.toString('latin1')));
      return true;
    },
    onData(chunk: Buffer) {
      chunks.push(chunk);
      return true;
    },
    onComplete() {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      headers.push('content-length', String(body.length));
      res.writeHead(statusCode, headers);
      res.end(body);
    },
  };
  agent.dispatch({ origin: upstream, path: req.url ?? '/', method: (req.method ?? 'GET') as Dispatcher.HttpMethod, headers: forwardable(req.rawHeaders), body: null }, handler as never);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`floor proxy listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
