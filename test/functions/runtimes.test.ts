// A user's function, written as they would for AWS, answers through the local runtime.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionRuntime } from '../../src/functions/index.ts';
import { json, removeCode, spec, writeCode } from './code.ts';

const runtime = new FunctionRuntime();
after(async () => {
  await runtime.close();
  await removeCode();
});

test("the seed's Python lambda_handler answers Hello from Lambda!", async () => {
  const dir = await writeCode({
    'lambda_function.py': [
      'def lambda_handler(event, context):',
      '    return {',
      "        'statusCode': 200,",
      "        'body': 'Hello from Lambda!'",
      '    }',
      '',
    ].join('\n'),
  });
  const result = await runtime.invoke(spec(dir, 'python3.12', 'lambda_function.lambda_handler'), Buffer.from('{}'));
  assert.equal(result.functionError, undefined);
  assert.deepEqual(json(result.payload), { statusCode: 200, body: 'Hello from Lambda!' });
  assert.match(result.logTail, /^START RequestId: \S+ Version: \$LATEST\n/m);
  assert.match(result.logTail, /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/m);
});

test('a Python handler sees its event, context and environment; its exception is reported', async () => {
  const dir = await writeCode({
    'app.py': [
      'import os',
      'def handler(event, context):',
      "    print('got', event['name'])",
      "    if event.get('fail'):",
      "        raise ValueError('bad name')",
      '    return {',
      "        'name': event['name'], 'fn': context.function_name, 'id': context.aws_request_id,",
      "        'arn': context.invoked_function_arn, 'mem': context.memory_limit_in_mb,",
      "        'left': context.get_remaining_time_in_millis(), 'group': context.log_group_name,",
      "        'region': os.environ['AWS_REGION'], 'mine': os.environ['GREETING'], 'tz': os.environ['TZ'],",
      "        'cwd': os.getcwd(), 'root': os.environ['LAMBDA_TASK_ROOT'],",
      '    }',
      '',
    ].join('\n'),
  });
  const fn = spec(dir, 'python3.11', 'app.handler', { environment: { GREETING: 'hi' } });
  const result = await runtime.invoke(fn, Buffer.from('{"name":"ada"}'), { requestId: 'req-py-1' });
  const answer = json(result.payload) as Record<string, unknown>;
  assert.deepEqual(
    { ...answer, left: typeof answer.left, cwd: typeof answer.cwd },
    { name: 'ada', fn: fn.name, id: 'req-py-1', arn: fn.arn, mem: '128', left: 'number', group: `/aws/lambda/${fn.name}`, region: 'us-east-1', mine: 'hi', tz: ':UTC', cwd: 'string', root: dir },
  );
  assert.ok((answer.left as number) > 2000);
  assert.match(result.logTail, /got ada/);

  const failed = await runtime.invoke(fn, Buffer.from('{"name":"x","fail":true}'));
  assert.equal(failed.functionError, 'Unhandled');
  const error = json(failed.payload) as { errorType: string; errorMessage: string; stackTrace: string[] };
  assert.equal(error.errorType, 'ValueError');
  assert.equal(error.errorMessage, 'bad name');
  assert.ok(Array.isArray(error.stackTrace) && error.stackTrace.length > 0);
});

test('a Node ESM async handler (index.mjs) answers with context fields', async () => {
  const dir = await writeCode({
    'index.mjs': [
      'export const handler = async (event, context) => {',
      "  console.log('event', JSON.stringify(event));",
      '  return { sum: event.a + event.b, fn: context.functionName, version: context.functionVersion, id: context.awsRequestId,',
      '    arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, left: context.getRemainingTimeInMillis(),',
      '    stream: typeof context.logStreamName, exec: process.env.AWS_EXECUTION_ENV, key: process.env.AWS_ACCESS_KEY_ID !== undefined };',
      '};',
    ].join('\n'),
  });
  const fn = spec(dir, 'nodejs20.x', 'index.handler');
  const result = await runtime.invoke(fn, Buffer.from('{"a":2,"b":3}'), { requestId: 'req-esm' });
  const answer = json(result.payload) as Record<string, unknown>;
  assert.equal(result.functionError, undefined);
  assert.ok((answer.left as number) > 2000 && (answer.left as number) <= 3000);
  assert.deepEqual({ ...answer, left: 0 }, { sum: 5, fn: fn.name, version: '$LATEST', id: 'req-esm', arn: fn.arn, mem: '128', left: 0, stream: 'string', exec: 'AWS_Lambda_nodejs20.x', key: true });
  assert.match(result.logTail, /\treq-esm\tINFO\tevent {"a":2,"b":3}/);
});

test('a Node .js handler in a "type":"module" package is loaded as ESM', async () => {
  const dir = await writeCode({
    'package.json': '{"type":"module"}',
    'src/app.js': 'export async function main(event) { return { esm: typeof require === "undefined", got: event }; }',
  });
  const result = await runtime.invoke(spec(dir, 'nodejs22.x', 'src/app.main'), Buffer.from('"x"'));
  assert.deepEqual(json(result.payload), { esm: true, got: 'x' });
});

test('a CommonJS callback handler answers through its callback; its error is reported', async () => {
  const dir = await writeCode({
    'index.js': [
      "const path = require('node:path');",
      'exports.handler = function (event, context, callback) {',
      "  if (event.fail) return callback(new TypeError('no way'));",
      '  setTimeout(() => callback(null, { cjs: true, base: path.basename(__dirname) === path.basename(process.cwd()) }), 10);',
      '};',
    ].join('\n'),
  });
  const fn = spec(dir, 'nodejs18.x', 'index.handler');
  assert.deepEqual(json((await runtime.invoke(fn, Buffer.from('{}'))).payload), { cjs: true, base: true });
  const failed = await runtime.invoke(fn, Buffer.from('{"fail":true}'));
  assert.equal(failed.functionError, 'Unhandled');
  const error = json(failed.payload) as { errorType: string; errorMessage: string; trace: string[] };
  assert.equal(error.errorType, 'TypeError');
  assert.equal(error.errorMessage, 'no way');
  assert.match(error.trace[0], /^TypeError: no way/);
});

test('a provided.al2023 function runs its own bootstrap against the Runtime API', async () => {
  // The loop every custom runtime runs: next, then response, with the request id from the headers.
  const dir = await writeCode(
    {
      bootstrap: [
        '#!/bin/sh',
        'set -eu',
        'API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"',
        'while true; do',
        '  HEADERS="$(mktemp)"',
        '  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"',
        "  ID=\"$(grep -i '^lambda-runtime-aws-request-id:' \"$HEADERS\" | tr -d '\\r' | cut -d' ' -f2)\"",
        '  rm -f "$HEADERS"',
        '  echo "handling $ID"',
        '  curl -sS -o /dev/null -X POST "$API/invocation/$ID/response" -d "{\\"echo\\":$EVENT,\\"handler\\":\\"$_HANDLER\\"}"',
        'done',
        '',
      ].join('\n'),
    },
    ['bootstrap'],
  );
  const fn = spec(dir, 'provided.al2023', 'function.handler');
  const result = await runtime.invoke(fn, Buffer.from('{"n":1}'), { requestId: 'req-sh' });
  assert.equal(result.functionError, undefined);
  assert.deepEqual(json(result.payload), { echo: { n: 1 }, handler: 'function.handler' });
  assert.match(result.logTail, /handling req-sh/);
  assert.deepEqual(json((await runtime.invoke(fn, Buffer.from('2'))).payload), { echo: 2, handler: 'function.handler' });
});
