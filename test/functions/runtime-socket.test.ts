// The Runtime API on a Unix socket beside its TCP port (runtime-api.ts): Gatehouse's own
// bootstraps use it (cheaper per write than loopback TCP) and hide it from the function.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { FunctionRuntime } from '../../src/functions/index.ts';
import { RuntimeApi } from '../../src/functions/runtime-api.ts';
import { json, removeCode, spec, writeCode } from './code.ts';

const runtime = new FunctionRuntime();
after(async () => {
  await runtime.close();
  await removeCode();
});

/** One HTTP request over a Unix socket: status and body. */
function overUnix(socketPath: string, method: string, path: string, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: body === undefined ? {} : { 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('listen(true) serves the same Runtime API on a Unix socket, removed on close', async () => {
  const api = new RuntimeApi({ onInitError: () => assert.fail('no init error'), onDelivered: () => {} });
  assert.match(await api.listen(true), /^127\.0\.0\.1:\d+$/);
  const path = api.unixPath;
  assert.ok(path && existsSync(path), 'the socket file exists while listening');
  try {
    const next = overUnix(path, 'GET', '/2018-06-01/runtime/invocation/next');
    const outcome = api.deliver({ requestId: 'req-u', timeoutMs: 3000, invokedFunctionArn: 'arn', traceId: 't', payload: Buffer.from('{"over":"unix"}') });
    const event = await next;
    assert.equal(event.status, 200);
    assert.equal(event.headers['lambda-runtime-aws-request-id'], 'req-u');
    assert.equal(event.body, '{"over":"unix"}');
    const posted = await overUnix(path, 'POST', '/2018-06-01/runtime/invocation/req-u/response', '"done"');
    assert.equal(posted.status, 202);
    assert.equal((await outcome).body.toString(), '"done"');
  } finally {
    await api.close();
  }
  assert.equal(existsSync(path), false, 'closing removes the socket file');
});

test('without listen(true) there is no Unix socket', async () => {
  const api = new RuntimeApi({ onInitError: () => {}, onDelivered: () => {} });
  await api.listen();
  try {
    assert.equal(api.unixPath, undefined);
  } finally {
    await api.close();
  }
});

for (const [runtimeName, handler, file, source] of [
  ['nodejs20.x', 'index.handler', 'index.mjs', 'export const handler = async () => ({ socket: process.env.GATEHOUSE_RUNTIME_SOCKET ?? null, api: process.env.AWS_LAMBDA_RUNTIME_API });\n'],
  ['python3.12', 'app.handler', 'app.py', "import os\ndef handler(event, context):\n    return {'socket': os.environ.get('GATEHOUSE_RUNTIME_SOCKET'), 'api': os.environ.get('AWS_LAMBDA_RUNTIME_API')}\n"],
] as const) {
  test(`${runtimeName}: the bootstrap keeps Gatehouse's socket out of the function's environment; AWS_LAMBDA_RUNTIME_API stays`, async () => {
    const fn = spec(await writeCode({ [file]: source }), runtimeName, handler);
    for (let i = 0; i < 3; i++) {
      const result = await runtime.invoke(fn, Buffer.from(JSON.stringify({ i })));
      assert.equal(result.functionError, undefined, result.payload.toString());
      const answer = json(result.payload) as { socket: string | null; api: string };
      assert.equal(answer.socket, null);
      assert.match(answer.api, /^127\.0\.0\.1:\d+$/);
    }
  });
}
