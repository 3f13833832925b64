// Warm environments, concurrency, and the failures Lambda answers for the user's code.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionRuntime, FunctionRuntimeError } from '../../src/functions/index.ts';
import { json, removeCode, spec, writeCode } from './code.ts';

const runtime = new FunctionRuntime();
after(async () => {
  await runtime.close();
  await removeCode();
});

const counter = 'let count = 0;\nexport const handler = async () => ({ count: ++count, pid: process.pid });\n';

test('a warm environment is reused: the module-level counter goes on', async () => {
  const fn = spec(await writeCode({ 'index.mjs': counter }), 'nodejs20.x', 'index.handler');
  const first = json((await runtime.invoke(fn, Buffer.from('{}'))).payload) as { count: number; pid: number };
  const second = json((await runtime.invoke(fn, Buffer.from('{}'))).payload) as { count: number; pid: number };
  assert.equal(first.count, 1);
  assert.deepEqual(second, { count: 2, pid: first.pid });
  assert.match(runtime.logs(fn.arn), /Init Duration: [\d.]+ ms/);
});

test('new code is a new spec: its environment starts fresh', async () => {
  const fn = spec(await writeCode({ 'index.mjs': counter }), 'nodejs20.x', 'index.handler');
  await runtime.invoke(fn, Buffer.from('{}'));
  const changed = { ...fn, codeDir: await writeCode({ 'index.mjs': counter.replace('++count', '100 + ++count') }) };
  assert.equal((json((await runtime.invoke(changed, Buffer.from('{}'))).payload) as { count: number }).count, 101);
});

test('10 concurrent invocations run in parallel environments', async () => {
  const fn = spec(
    await writeCode({ 'index.mjs': 'export const handler = async () => { await new Promise((r) => setTimeout(r, 500)); return process.pid; };' }),
    'nodejs20.x',
    'index.handler',
  );
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: 10 }, () => runtime.invoke(fn, Buffer.from('{}'))));
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  assert.equal(new Set(results.map((r) => r.payload.toString())).size, 10);
});

test('beyond reserved concurrency, invocations wait for a free environment', async () => {
  const fn = spec(await writeCode({ 'index.mjs': counter }), 'nodejs20.x', 'index.handler', { reservedConcurrency: 1 });
  const results = await Promise.all(Array.from({ length: 3 }, () => runtime.invoke(fn, Buffer.from('{}'))));
  const answers = results.map((r) => json(r.payload) as { count: number; pid: number });
  assert.deepEqual(answers.map((a) => a.count).sort(), [1, 2, 3]);
  assert.equal(new Set(answers.map((a) => a.pid)).size, 1);
});

test('a handler running past its timeout answers Task timed out, and the next call starts fresh', async () => {
  const fn = spec(
    await writeCode({ 'index.mjs': 'let count = 0;\nexport const handler = async (e) => { count++; if (e.sleep) await new Promise((r) => setTimeout(r, 5000)); return count; };' }),
    'nodejs20.x',
    'index.handler',
    { timeoutSeconds: 1 },
  );
  const started = Date.now();
  const result = await runtime.invoke(fn, Buffer.from('{"sleep":true}'), { requestId: 'req-slow' });
  assert.ok(Date.now() - started < 3000);
  assert.equal(result.functionError, 'Unhandled');
  assert.deepEqual(json(result.payload), { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-slow Error: Task timed out after 1.00 seconds' });
  assert.match(result.logTail, /req-slow Task timed out after 1.00 seconds/);
  assert.equal((await runtime.invoke(fn, Buffer.from('{}'))).payload.toString(), '1');
});

test('a process that exits mid-invocation answers Runtime.ExitError', async () => {
  const fn = spec(await writeCode({ 'index.js': 'exports.handler = async () => { process.exit(1); };' }), 'nodejs20.x', 'index.handler');
  const result = await runtime.invoke(fn, Buffer.from('{}'), { requestId: 'req-exit' });
  assert.equal(result.functionError, 'Unhandled');
  assert.deepEqual(json(result.payload), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-exit Error: Runtime exited with error: exit status 1' });
});

test('a handler that is not exported answers Runtime.HandlerNotFound', async () => {
  const fn = spec(await writeCode({ 'index.mjs': 'export const other = async () => 1;' }), 'nodejs20.x', 'index.handler');
  const result = await runtime.invoke(fn, Buffer.from('{}'));
  assert.equal(result.functionError, 'Unhandled');
  const error = json(result.payload) as { errorType: string; errorMessage: string };
  assert.deepEqual([error.errorType, error.errorMessage], ['Runtime.HandlerNotFound', 'index.handler is undefined or not exported']);
});

test('a module that throws while loading answers its own error, from the init phase', async () => {
  const fn = spec(await writeCode({ 'index.mjs': "console.log('loading');\nthrow new RangeError('bad config');\nexport const handler = async () => 1;" }), 'nodejs20.x', 'index.handler');
  const result = await runtime.invoke(fn, Buffer.from('{}'));
  assert.equal(result.functionError, 'Unhandled');
  const error = json(result.payload) as { errorType: string; errorMessage: string };
  assert.deepEqual([error.errorType, error.errorMessage], ['RangeError', 'bad config']);
  assert.match(result.logTail, /loading/);
});

test('a missing module answers Runtime.ImportModuleError (Node and Python)', async () => {
  const dir = await writeCode({ 'other.py': '' });
  const node = json((await runtime.invoke(spec(dir, 'nodejs20.x', 'index.handler'), Buffer.from('{}'))).payload) as { errorType: string; errorMessage: string };
  assert.equal(node.errorType, 'Runtime.ImportModuleError');
  assert.match(node.errorMessage, /^Error: Cannot find module 'index'/);
  const python = json((await runtime.invoke(spec(dir, 'python3.12', 'lambda_function.lambda_handler'), Buffer.from('{}'))).payload);
  assert.deepEqual(python, {
    errorMessage: "Unable to import module 'lambda_function': No module named 'lambda_function'",
    errorType: 'Runtime.ImportModuleError',
    stackTrace: [],
  });
  const missing = json((await runtime.invoke(spec(dir, 'python3.12', 'other.handler'), Buffer.from('{}'))).payload);
  assert.deepEqual(missing, { errorMessage: "Handler 'handler' missing on module 'other'", errorType: 'Runtime.HandlerNotFound', stackTrace: [] });
});

test('a Python result JSON cannot carry answers Runtime.MarshalError', async () => {
  const dir = await writeCode({ 'app.py': 'def handler(event, context):\n    return {1, 2}\n' });
  const result = await runtime.invoke(spec(dir, 'python3.12', 'app.handler'), Buffer.from('{}'));
  assert.equal(result.functionError, 'Unhandled');
  assert.deepEqual(json(result.payload), { errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable', errorType: 'Runtime.MarshalError', stackTrace: [] });
});

test('a provided function without a bootstrap answers Runtime.InvalidEntrypoint', async () => {
  const result = await runtime.invoke(spec(await writeCode({ 'main.sh': '' }), 'provided.al2', 'x'), Buffer.from('{}'));
  assert.equal(result.functionError, 'Unhandled');
  assert.equal((json(result.payload) as { errorType: string }).errorType, 'Runtime.InvalidEntrypoint');
});

test('an unknown runtime is refused with a clear error, not run', async () => {
  const fn = spec(await writeCode({ 'a.rb': '' }), 'ruby3.3', 'a.handler');
  await assert.rejects(runtime.invoke(fn, Buffer.from('{}')), (error: unknown) => {
    assert.ok(error instanceof FunctionRuntimeError);
    assert.equal(error.code, 'RuntimeUnavailable');
    assert.match(error.message, /ruby3\.3 is not supported/);
    return true;
  });
});

test('idle environments are stopped after the idle time', async () => {
  const local = new FunctionRuntime({ idleTimeoutMs: 50 });
  try {
    const fn = spec(await writeCode({ 'index.mjs': counter }), 'nodejs20.x', 'index.handler');
    const first = json((await local.invoke(fn, Buffer.from('{}'))).payload) as { pid: number };
    // The reaper's own signal: the process is gone (wait on it, not on a fixed sleep).
    await waitFor(() => !isRunning(first.pid));
    const second = json((await local.invoke(fn, Buffer.from('{}'))).payload) as { count: number; pid: number };
    assert.equal(second.count, 1);
    assert.notEqual(second.pid, first.pid);
  } finally {
    await local.close();
  }
});

test('close() stops every environment', async () => {
  const local = new FunctionRuntime();
  const fn = spec(await writeCode({ 'index.mjs': counter }), 'nodejs20.x', 'index.handler');
  const { pid } = json((await local.invoke(fn, Buffer.from('{}'))).payload) as { pid: number };
  await local.close();
  await waitFor(() => !isRunning(pid));
  await assert.rejects(local.invoke(fn, Buffer.from('{}')), { code: 'Closed' });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > until) assert.fail('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a request id with characters a URL path cannot carry (base64 "/", "+") still settles (Node and Python)', async () => {
  const requestId = 'ab/cd+ef=gh%2F';
  const node = spec(await writeCode({ 'index.mjs': 'export const handler = async (e, ctx) => ({ id: ctx.awsRequestId });\n' }), 'nodejs20.x', 'index.handler');
  assert.deepEqual(json((await runtime.invoke(node, Buffer.from('{}'), { requestId })).payload), { id: requestId });
  const python = spec(await writeCode({ 'app.py': 'def handler(event, context):\n    return {"id": context.aws_request_id}\n' }), 'python3.12', 'app.handler');
  assert.deepEqual(json((await runtime.invoke(python, Buffer.from('{}'), { requestId })).payload), { id: requestId });
});
