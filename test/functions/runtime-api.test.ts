// The Runtime API as a runtime client sees it, spoken to with plain HTTP.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeApi, type RuntimeOutcome } from '../../src/functions/runtime-api.ts';

test('next waits for an invocation, carries its headers and event; the response settles it', async () => {
  const delivered: number[] = [];
  const api = new RuntimeApi({ onInitError: () => assert.fail('no init error'), onDelivered: (_, deadline) => delivered.push(deadline) });
  const address = await api.listen();
  assert.match(address, /^127\.0\.0\.1:\d+$/);
  const base = `http://${address}/2018-06-01/runtime`;
  try {
    const next = fetch(`${base}/invocation/next`);
    const outcome = api.deliver({ requestId: 'req-1', timeoutMs: 3000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', traceId: 'Root=1-a-b', payload: Buffer.from('{"a":1}') });
    const event = await next;
    assert.equal(event.headers.get('lambda-runtime-aws-request-id'), 'req-1');
    assert.equal(event.headers.get('lambda-runtime-invoked-function-arn'), 'arn:aws:lambda:us-east-1:123456789012:function:f');
    assert.equal(event.headers.get('lambda-runtime-trace-id'), 'Root=1-a-b');
    const deadline = Number(event.headers.get('lambda-runtime-deadline-ms'));
    assert.ok(deadline > Date.now() + 2000 && deadline <= Date.now() + 3000);
    assert.deepEqual(delivered, [deadline]);
    assert.equal(await event.text(), '{"a":1}');
    const posted = await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: '"done"' });
    assert.equal(posted.status, 202);
    assert.deepEqual(await outcome, { kind: 'response', body: Buffer.from('"done"'), errorType: undefined } satisfies RuntimeOutcome);
    // A second answer for the same request is refused.
    const again = await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: '"again"' });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { errorType: string }).errorType, 'InvalidRequestID');
  } finally {
    await api.close();
  }
});

test('an error post carries the function error type; init/error reaches the environment', async () => {
  const initErrors: RuntimeOutcome[] = [];
  const api = new RuntimeApi({ onInitError: (o) => initErrors.push(o), onDelivered: () => {} });
  const base = `http://${await api.listen()}/2018-06-01/runtime`;
  try {
    const outcome = api.deliver({ requestId: 'req-2', timeoutMs: 3000, invokedFunctionArn: 'arn', traceId: 't', payload: Buffer.from('{}') });
    await (await fetch(`${base}/invocation/next`)).text();
    const body = '{"errorType":"Error","errorMessage":"boom"}';
    await fetch(`${base}/invocation/req-2/error`, { method: 'POST', body, headers: { 'lambda-runtime-function-error-type': 'Error' } });
    assert.deepEqual(await outcome, { kind: 'error', body: Buffer.from(body), errorType: 'Error' });
    const init = await fetch(`${base}/init/error`, { method: 'POST', body: '{"errorType":"Runtime.X"}' });
    assert.equal(init.status, 202);
    assert.equal(initErrors.length, 1);
    assert.equal(initErrors[0].body.toString(), '{"errorType":"Runtime.X"}');
  } finally {
    await api.close();
  }
});
