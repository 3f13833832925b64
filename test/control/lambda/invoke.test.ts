/**
 * Invoke through the genuine Lambda client: functions created from zips built here run on the
 * local function runtime (Python, Node ESM, a `provided` bootstrap), by name, version and alias,
 * with Lambda's answers for function errors, Event, DryRun, throttling and unknown functions.
 * The server (and with it the runtime and its child processes) is stopped after the file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { createInput, errorOf, lambdaClient, pythonZip } from './helpers.js';

const server = useGatehouse();
const lambda = lambdaClient(server);

const SEED_HANDLER = "def lambda_handler(event, context):\n    return {\n        'statusCode': 200,\n        'body': 'Hello from Lambda!'\n    }\n";
const json = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('Invoke RequestResponse', () => {
  test("runs the seed's Python handler and answers its result", async () => {
    await lambda().send(new CreateFunctionCommand(createInput('hello', { Code: { ZipFile: pythonZip(SEED_HANDLER) } })));
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'hello', Payload: payload({ name: 'x' }) }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.deepEqual(json(out.Payload), { statusCode: 200, body: 'Hello from Lambda!' });
  });

  test('LogType Tail answers the log of the invocation (START, END, REPORT)', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('logger', {
      Code: { ZipFile: pythonZip("def lambda_handler(event, context):\n    print('got', event['n'])\n    return event['n'] * 2\n") },
    })));
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'logger', Payload: payload({ n: 21 }), LogType: 'Tail' }));
    assert.equal(json(out.Payload), 42);
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    assert.match(log, /START RequestId: /);
    assert.match(log, /got 21/);
    assert.match(log, /END RequestId: /);
    assert.match(log, /REPORT RequestId: .*Duration: /);
  });

  test('a Node ESM function, addressed by its full ARN', async () => {
    const zip = zipSync({ 'index.mjs': strToU8('export const handler = async (event, context) => ({ echo: event, name: context.functionName });\n') });
    await lambda().send(new CreateFunctionCommand(createInput('node-esm', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:node-esm', Payload: payload({ a: 1 }) }));
    assert.deepEqual(json(out.Payload), { echo: { a: 1 }, name: 'node-esm' });
  });

  test('a provided runtime runs its own executable bootstrap (the zip keeps its mode)', async () => {
    const bootstrap = `#!${process.execPath}
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation/';
for (;;) {
  const next = await fetch(api + 'next');
  const id = next.headers.get('lambda-runtime-aws-request-id');
  const event = await next.json();
  await fetch(api + id + '/response', { method: 'POST', body: JSON.stringify({ custom: event.n + 1 }) });
}
`;
    const zip = zipSync({ bootstrap: [strToU8(bootstrap), { os: 3, attrs: 0o755 << 16 }] });
    await lambda().send(new CreateFunctionCommand(createInput('custom', { Runtime: 'provided.al2023', Handler: 'unused', Code: { ZipFile: zip } })));
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'custom', Payload: payload({ n: 1 }) }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.deepEqual(json(out.Payload), { custom: 2 });
  });

  test('a function that raises answers 200 with FunctionError Unhandled and the error document', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('fails', {
      Code: { ZipFile: pythonZip("def lambda_handler(event, context):\n    raise ValueError('bad input')\n") },
    })));
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'fails', Payload: payload({}) }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = json(out.Payload);
    assert.equal(error.errorType, 'ValueError');
    assert.equal(error.errorMessage, 'bad input');
  });

  test('a payload that is not JSON is InvalidRequestContentException', async () => {
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('not json') })));
    assert.equal(err.name, 'InvalidRequestContentException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(err.message, /^Could not parse request body into json/);
  });

  test('a payload over 6 MB is RequestTooLargeException', async () => {
    const big = Buffer.from(JSON.stringify('x'.repeat(6 * 1024 * 1024)));
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'hello', Payload: big })));
    assert.equal(err.name, 'RequestTooLargeException');
    assert.equal(err.$metadata.httpStatusCode, 413);
  });

  test('a missing function is ResourceNotFoundException', async () => {
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'nope', Payload: payload({}) })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.match(err.message, /Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope/);
  });
});

describe('Invoke Event and DryRun', () => {
  test('Event answers 202 at once with no payload', async () => {
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'hello', InvocationType: 'Event', Payload: payload({}) }));
    assert.equal(out.StatusCode, 202);
    assert.equal(Buffer.from(out.Payload ?? []).length, 0);
  });

  test('DryRun answers 204 after its checks, and still checks the function exists', async () => {
    const out = await lambda().send(new InvokeCommand({ FunctionName: 'hello', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'nope', InvocationType: 'DryRun' })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });
});

describe('Invoke by version and alias, after UpdateFunctionCode', () => {
  const answering = (n: number) => pythonZip(`def lambda_handler(event, context):\n    return {'code': ${n}, 'version': context.function_version}\n`);

  test('a version runs its own code; $LATEST the new code; an alias the version it points at', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('versioned', { Code: { ZipFile: answering(1) }, Publish: true })));
    await lambda().send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    const before = await lambda().send(new InvokeCommand({ FunctionName: 'versioned', Payload: payload({}) }));
    assert.deepEqual(json(before.Payload), { code: 1, version: '$LATEST' });

    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: answering(2) }));
    const latest = await lambda().send(new InvokeCommand({ FunctionName: 'versioned', Payload: payload({}) }));
    assert.deepEqual(json(latest.Payload), { code: 2, version: '$LATEST' });

    const v1 = await lambda().send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '1', Payload: payload({}) }));
    assert.deepEqual(json(v1.Payload), { code: 1, version: '1' });
    assert.equal(v1.ExecutedVersion, '1');

    const alias = await lambda().send(new InvokeCommand({ FunctionName: 'versioned:live', Payload: payload({}) }));
    assert.deepEqual(json(alias.Payload), { code: 1, version: '1' });
    assert.equal(alias.ExecutedVersion, '1');

    const v2 = await lambda().send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    const byArn = await lambda().send(new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:versioned:${v2.Version}`, Payload: payload({}) }));
    assert.deepEqual(json(byArn.Payload), { code: 2, version: v2.Version });
  });

  test('an unknown version is ResourceNotFoundException', async () => {
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '9', Payload: payload({}) })));
    assert.equal(err.name, 'ResourceNotFoundException');
  });
});

describe('Invoke throttling', () => {
  test('reserved concurrency 0 throttles every invocation: TooManyRequestsException 429', async () => {
    await lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: 'hello', ReservedConcurrentExecutions: 0 }));
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'hello', Payload: payload({}) })));
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.$metadata.httpStatusCode, 429);
    assert.equal(err.message, 'Rate Exceeded.');
    assert.equal((err as unknown as { Reason?: string }).Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  });
});
