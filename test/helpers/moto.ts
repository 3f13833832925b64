/**
 * A moto server (python3 -m moto.server) on a free loopback port, for tests of AWS service
 * integrations: started and stopped by the test, ready when it prints its address.
 * `call` sends it a request as a given service (moto picks the service from the Authorization
 * header's credential scope; it checks no signature).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { http, type HttpAnswer } from './http.js';

export interface Moto {
  url: string;
  call(service: string, method: string, path: string, options?: { headers?: Record<string, string>; body?: string }): Promise<HttpAnswer>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-p', String(port), '-H', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(`Running on http://127.0.0.1:${port}`)) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto.server exited (${code}) before it listened: ${seen}`)));
    child.once('error', reject);
  });
  // Keep draining its request log so the pipe never fills.
  child.stdout!.resume();
  child.stderr!.resume();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    call: (service, method, path, options = {}) =>
      http(url, {
        method,
        path,
        headers: { Authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`, ...(options.headers ?? {}) },
        body: options.body,
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
