/**
 * The data-plane benchmark's upstream: a trivial node:http server on 127.0.0.1 (keep-alive) that
 * answers every request with a small JSON body. Run as its own process (bench/servers.ts,
 * startBackendProcess) so its CPU is not counted as Gatehouse's or the load generator's.
 */
import { createServer } from 'node:http';

const BACKEND_BODY = '{"message":"hello from the bench backend"}';

const body = Buffer.from(BACKEND_BODY);
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`backend listening on http://127.0.0.1:${port}`);
});
// Nothing to finish: exit at once on SIGTERM, and when the benchmark that started us goes away
// (our stdin is its pipe), so a benchmark killed half-way leaves no backend behind.
process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
