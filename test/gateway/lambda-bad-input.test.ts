/**
 * Bad input to functions, end to end (issue 4, "Bad input"): each gets AWS's error with a clear
 * message, through Lambda's Invoke and through API Gateway, and Gatehouse keeps serving everything
 * else. What other files already cover is not repeated here: a package that is not a zip
 * (test/control/lambda/functions.test.ts), a malformed proxy answer, a function error and
 * timeoutInMillis (lambda-proxy.test.ts), missing modules and handlers, Python's MarshalError and
 * crashes at the runtime (test/functions/pool.test.ts).
 *
 * "A runtime that is not installed" is simulated by taking python3 off this process's PATH before
 * anything looks for it (src/functions/runtimes.ts looks it up once per process), so no function in
 * this file is Python: they run Node, which needs no PATH.
 */
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateAuthorizerCommand, CreateDeploymentCommand, GetResourcesCommand, UpdateMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type ApiSpec, type DeployedApi, type MethodSpec } from '../helpers/deployed-api.js';
import { createInput, errorOf, lambdaClient, pythonZip } from '../control/lambda/helpers.js';

process.env.PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir && !existsSync(join(dir, 'python3')))
  .join(delimiter);

const server = useGatehouse();
const lambda = lambdaClient(server);

const HEALTHY = `export const handler = async () => ({ statusCode: 200, body: 'still here' });\n`;

const uri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;

async function nodeFunction(name: string, files: Record<string, string>, extra: { Timeout?: number } = {}): Promise<void> {
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([f, s]) => [f, strToU8(s)])));
  await lambda().send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip }, ...extra })));
}

const proxyMethod = (path: string, fn: string): MethodSpec => ({ path, integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uri(fn) }, responses: [] });
/** A custom (non-proxy) integration answering the function's result with its default response. */
const customMethod = (path: string, fn: string): MethodSpec => ({ path, integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: uri(fn) }, responses: [{ statusCode: '200' }] });

async function invoke(name: string, payload = '{}') {
  const out = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload) }));
  return { functionError: out.FunctionError, payload: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null') as Record<string, unknown> };
}

/** An API with the given methods and a healthy one at /ok; checks /ok answers after the bad calls. */
async function apiBeside(spec: ApiSpec): Promise<DeployedApi & { stillServing(): Promise<void> }> {
  const api = await deployApi(server, { ...spec, methods: [...spec.methods, proxyMethod('/ok', 'healthy')] });
  return {
    ...api,
    async stillServing() {
      const res = await api.call('/ok');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.text, 'still here');
    },
  };
}

describe('bad input to functions', () => {
  test('a package without the handler file: Runtime.ImportModuleError from Invoke, 502 through AWS_PROXY', async () => {
    await nodeFunction('healthy', { 'index.mjs': HEALTHY });
    await nodeFunction('no-handler-file', { 'other.mjs': HEALTHY });
    const direct = await invoke('no-handler-file');
    assert.equal(direct.functionError, 'Unhandled');
    assert.equal(direct.payload.errorType, 'Runtime.ImportModuleError');
    assert.match(String(direct.payload.errorMessage), /Cannot find module 'index'/);

    const api = await apiBeside({ methods: [proxyMethod('/bad', 'no-handler-file')] });
    const res = await api.call('/bad');
    assert.equal(res.status, 502);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
    await api.stillServing();
  });

  test('a result JSON cannot carry (a BigInt, a function) is 502 through AWS_PROXY', async () => {
    await nodeFunction('returns-bigint', { 'index.mjs': 'export const handler = async () => ({ statusCode: 200, body: 1n });\n' });
    const direct = await invoke('returns-bigint');
    assert.equal(direct.functionError, 'Unhandled');
    assert.equal(direct.payload.errorType, 'TypeError');
    assert.match(String(direct.payload.errorMessage), /BigInt/);

    // A function as the result is no JSON at all (JSON.stringify answers nothing).
    await nodeFunction('returns-function', { 'index.mjs': 'export const handler = async () => () => 1;\n' });
    const api = await apiBeside({ methods: [proxyMethod('/bigint', 'returns-bigint'), proxyMethod('/function', 'returns-function')] });
    for (const path of ['/bigint', '/function']) {
      const res = await api.call(path);
      assert.equal(res.status, 502, path);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
    }
    await api.stillServing();
  });

  test('a function that never answers is ended at its Timeout: Task timed out, 502 through AWS_PROXY, and it runs fresh next time', async () => {
    await nodeFunction(
      'never-answers',
      { 'index.mjs': "let calls = 0;\nexport const handler = async (event) => { calls++; if (event.hang) await new Promise(() => {}); return { statusCode: 200, body: String(calls) }; };\n" },
      { Timeout: 1 },
    );
    const direct = await invoke('never-answers', '{"hang":true}');
    assert.equal(direct.functionError, 'Unhandled');
    assert.equal(direct.payload.errorType, 'Sandbox.Timedout');
    assert.match(String(direct.payload.errorMessage), /Task timed out after 1\.00 seconds/);

    const api = await apiBeside({ methods: [proxyMethod('/hang', 'never-answers'), { ...customMethod('/custom', 'never-answers'), httpMethod: 'POST' }] });
    // A custom integration sends the body as the event: the function times out again, and with no
    // selection pattern matching, the default response answers the error document (AWS's behaviour).
    const custom = await api.call('/custom', { method: 'POST', body: '{"hang":true}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(custom.status, 200, custom.text);
    assert.match(String(custom.json<Record<string, unknown>>().errorMessage), /Task timed out after 1\.00 seconds/);
    // The proxy event carries no `hang`: the environment killed by the timeout was replaced, calls restarts at 1.
    const res = await api.call('/hang');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, '1');
    await api.stillServing();
  });

  test('a python3.x runtime without python3 on the machine: InvalidRuntimeException from Invoke, 500 through AWS_PROXY', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('python-missing', { Code: { ZipFile: pythonZip() } })));
    const err = await errorOf(lambda().send(new InvokeCommand({ FunctionName: 'python-missing', Payload: Buffer.from('{}') })));
    assert.equal(err.name, 'InvalidRuntimeException');
    assert.equal(err.$metadata.httpStatusCode, 502);
    assert.equal(err.message, 'Runtime python3.12 needs python3, which is not installed on this machine');

    const api = await apiBeside({ methods: [proxyMethod('/py', 'python-missing')] });
    const res = await api.call('/py');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
    await api.stillServing();
  });
});

/**
 * An authorizer that fails answers 500 {"message":null}, x-amzn-ErrorType
 * AuthorizerConfigurationException (AUTHORIZER_CONFIGURATION_ERROR), whatever the failure; the
 * API's own gateway response for that type applies.
 */
describe('authorizer failures', () => {
  async function protectedBy(fn: string, spec: Partial<ApiSpec> = {}) {
    const api = await apiBeside({ methods: [proxyMethod('/a', 'healthy')], ...spec });
    const c = server.client;
    const created = await c.send(
      new CreateAuthorizerCommand({ restApiId: api.restApiId, name: 'auth', type: 'TOKEN', authorizerUri: uri(fn), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }),
    );
    const resources = await c.send(new GetResourcesCommand({ restApiId: api.restApiId }));
    const resourceId = resources.items!.find((r) => r.path === '/a')!.id!;
    await c.send(
      new UpdateMethodCommand({
        restApiId: api.restApiId,
        resourceId,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
          { op: 'replace', path: '/authorizerId', value: created.id },
        ],
      }),
    );
    await c.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    return api;
  }

  const assertConfigurationError = (res: { status: number; text: string; headers: Record<string, string | string[] | undefined>; json(): unknown }) => {
    assert.equal(res.status, 500, res.text);
    assert.deepEqual(res.json(), { message: null });
    assert.equal(res.headers['x-amzn-errortype'], 'AuthorizerConfigurationException');
  };

  test('an authorizer function that times out, that does not exist, or that crashes: 500 AuthorizerConfigurationException', async () => {
    await nodeFunction('authorizer-hangs', { 'index.mjs': 'export const handler = () => new Promise(() => {});\n' }, { Timeout: 1 });
    await nodeFunction('authorizer-exits', { 'index.mjs': 'export const handler = async () => { process.exit(3); };\n' });
    for (const fn of ['authorizer-hangs', 'no-such-authorizer', 'authorizer-exits']) {
      const api = await protectedBy(fn);
      assertConfigurationError(await api.call('/a', { headers: { Authorization: 'token' } }));
      await api.stillServing();
    }
  });

  test("the API's gateway response for AUTHORIZER_CONFIGURATION_ERROR is what the client gets", async () => {
    const api = await protectedBy('no-such-authorizer', {
      gatewayResponses: [{ responseType: 'AUTHORIZER_CONFIGURATION_ERROR', statusCode: '503', responseTemplates: { 'application/json': '{"why":"$context.error.responseType"}' } }],
    });
    const res = await api.call('/a', { headers: { Authorization: 'token' } });
    assert.equal(res.status, 503, res.text);
    assert.deepEqual(res.json(), { why: 'AUTHORIZER_CONFIGURATION_ERROR' });
    assert.equal(res.headers['x-amzn-errortype'], 'AuthorizerConfigurationException');
  });
});
