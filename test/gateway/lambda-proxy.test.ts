/**
 * AWS_PROXY integrations with Lambda functions, end to end: functions created from zips built here
 * through the genuine Lambda client, methods through the genuine API Gateway client, calls over
 * plain HTTP. What the client gets is what the handler returned; a malformed answer or a function
 * error is 502, a function past timeoutInMillis 504. Then AWS (custom, non-proxy) integrations with
 * Lambda: request templates make the event, integration responses are selected by errorMessage.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateAliasCommand, CreateFunctionCommand, PublishVersionCommand, UpdateAliasCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type MethodSpec } from '../helpers/deployed-api.js';
import { createInput, lambdaClient, pythonZip } from '../control/lambda/helpers.js';

const server = useGatehouse();
const lambda = lambdaClient(server);

const SEED_HANDLER = "def lambda_handler(event, context):\n    return {\n        'statusCode': 200,\n        'body': 'Hello from Lambda!'\n    }\n";
const ECHO = `export const handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });\n`;

const uri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn}/invocations`;
const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

async function nodeFunction(name: string, source: string, extra: { Timeout?: number } = {}): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await lambda().send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip }, ...extra })));
}

const proxyMethod = (path: string, fnUri: string, httpMethod = 'ANY', timeoutInMillis?: number): MethodSpec => ({
  path,
  httpMethod,
  integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: fnUri, timeoutInMillis },
  responses: [],
});

describe('AWS_PROXY to Lambda', () => {
  test("the seed's Python handler: the client reads its body", async () => {
    await lambda().send(new CreateFunctionCommand(createInput('seed-hello', { Code: { ZipFile: pythonZip(SEED_HANDLER) } })));
    const api = await deployApi(server, { methods: [proxyMethod('/hello', uri(arn('seed-hello')), 'GET')] });
    const res = await api.call('/hello');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'Hello from Lambda!');
    assert.equal(res.headers['content-type'], 'application/json');
  });

  test('the proxy event: path and query parameters, multi-value, headers, stage variables, requestContext', async () => {
    await nodeFunction('echo', ECHO);
    const api = await deployApi(server, {
      stageVariables: { color: 'blue' },
      methods: [proxyMethod('/pets/{petId}/{proxy+}', uri(arn('echo')))],
    });
    const res = await api.call('/pets/7/a/b?q=1&m=x&m=y', { method: 'POST', headers: { 'X-Test': 'v', 'Content-Type': 'text/plain' }, body: 'hi there' });
    assert.equal(res.status, 200, res.text);
    const event = res.json<Record<string, any>>();
    assert.equal(event.resource, '/pets/{petId}/{proxy+}');
    assert.equal(event.path, '/pets/7/a/b');
    assert.equal(event.httpMethod, 'POST');
    assert.deepEqual(event.pathParameters, { petId: '7', proxy: 'a/b' });
    assert.deepEqual(event.queryStringParameters, { q: '1', m: 'y' });
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['1'], m: ['x', 'y'] });
    assert.equal(event.headers['X-Test'], 'v');
    assert.deepEqual(event.multiValueHeaders['X-Test'], ['v']);
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.body, 'hi there');
    assert.equal(event.isBase64Encoded, false);
    const rc = event.requestContext;
    assert.equal(rc.resourcePath, '/pets/{petId}/{proxy+}');
    assert.equal(rc.httpMethod, 'POST');
    assert.equal(rc.stage, 'test');
    assert.equal(rc.path, '/test/pets/7/a/b');
    assert.equal(rc.apiId, api.restApiId);
    assert.equal(rc.accountId, '000000000000');
    assert.equal(rc.protocol, 'HTTP/1.1');
    assert.equal(typeof rc.requestTimeEpoch, 'number');
    assert.match(rc.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(rc.identity.sourceIp, '127.0.0.1');
    assert.equal(rc.identity.user, null);
  });

  test('no query, no path parameters, no stage variables, no body: null, as AWS', async () => {
    await nodeFunction('echo-empty', ECHO);
    const api = await deployApi(server, { methods: [proxyMethod('/plain', uri(arn('echo-empty')), 'GET')] });
    const event = (await api.call('/plain')).json<Record<string, unknown>>();
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.multiValueQueryStringParameters, null);
    assert.equal(event.pathParameters, null);
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, null);
  });

  test('the answer sets status, headers and multi-value headers', async () => {
    await nodeFunction('teapot', `export const handler = async () => ({ statusCode: 418, headers: { 'x-one': 1, 'x-multi': 'solo' }, multiValueHeaders: { 'x-multi': ['a', 'b'] }, body: 'short' });\n`);
    const api = await deployApi(server, { methods: [proxyMethod('/tea', uri(arn('teapot')), 'GET')] });
    const res = await api.call('/tea');
    assert.equal(res.status, 418);
    assert.equal(res.text, 'short');
    assert.equal(res.headers['x-one'], '1');
    assert.equal(res.headers['x-multi'], 'a, b, solo');
  });

  test('a malformed answer is 502 Internal server error', async () => {
    await nodeFunction('bad-shape', `export const handler = async () => ({ statusCode: 200, body: 'x', extra: true });\n`);
    await nodeFunction('not-json-shape', `export const handler = async () => 'just a string';\n`);
    await nodeFunction('bad-status', `export const handler = async () => ({ statusCode: 'abc' });\n`);
    const api = await deployApi(server, {
      methods: [
        proxyMethod('/a', uri(arn('bad-shape')), 'GET'),
        proxyMethod('/b', uri(arn('not-json-shape')), 'GET'),
        proxyMethod('/c', uri(arn('bad-status')), 'GET'),
      ],
    });
    for (const path of ['/a', '/b', '/c']) {
      const res = await api.call(path);
      assert.equal(res.status, 502, path);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
    }
  });

  test('a function error is 502 Internal server error', async () => {
    await nodeFunction('thrower', `export const handler = async () => { throw new Error('boom'); };\n`);
    const api = await deployApi(server, { methods: [proxyMethod('/boom', uri(arn('thrower')), 'GET')] });
    const res = await api.call('/boom');
    assert.equal(res.status, 502);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
  });

  test('a function slower than timeoutInMillis is 504', async () => {
    await nodeFunction('slow', `export const handler = () => new Promise((r) => setTimeout(() => r({ statusCode: 200 }), 2000));\n`, { Timeout: 5 });
    const api = await deployApi(server, { methods: [proxyMethod('/slow', uri(arn('slow')), 'GET', 100)] });
    const res = await api.call('/slow');
    assert.equal(res.status, 504);
    assert.deepEqual(res.json(), { message: 'Endpoint request timed out' });
  });

  test('binary media types: the body goes base64 and comes back decoded', async () => {
    await nodeFunction('b64', `export const handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/octet-stream' }, isBase64Encoded: event.isBase64Encoded, body: event.body });\n`);
    const api = await deployApi(server, { binaryMediaTypes: ['application/octet-stream'], methods: [proxyMethod('/bin', uri(arn('b64')), 'POST')] });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const res = await api.call('/bin', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, bytes);
  });

  test('an alias named through a stage variable', async () => {
    await nodeFunction('aliased', `export const handler = async (event, context) => ({ statusCode: 200, body: context.invokedFunctionArn });\n`);
    const v = await lambda().send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    await lambda().send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: v.Version }));
    const api = await deployApi(server, {
      stageVariables: { alias: 'live' },
      methods: [proxyMethod('/alias', uri(`${arn('aliased')}:\${stageVariables.alias}`), 'GET')],
    });
    const res = await api.call('/alias');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, `${arn('aliased')}:live`);
  });

  test('new code and a moved alias answer the next request (the resolved function is not kept stale)', async () => {
    const answer = (text: string) => zipSync({ 'index.mjs': strToU8(`export const handler = async () => ({ statusCode: 200, body: '${text}' });\n`) });
    await nodeFunction('changing', `export const handler = async () => ({ statusCode: 200, body: 'one' });\n`);
    const v1 = await lambda().send(new PublishVersionCommand({ FunctionName: 'changing' }));
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'changing', ZipFile: answer('two') }));
    const v2 = await lambda().send(new PublishVersionCommand({ FunctionName: 'changing' }));
    await lambda().send(new CreateAliasCommand({ FunctionName: 'changing', Name: 'live', FunctionVersion: v1.Version }));
    const api = await deployApi(server, {
      methods: [proxyMethod('/latest', uri(arn('changing')), 'GET'), proxyMethod('/live', uri(`${arn('changing')}:live`), 'GET')],
    });
    assert.equal((await api.call('/latest')).text, 'two');
    assert.equal((await api.call('/live')).text, 'one');
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: 'changing', ZipFile: answer('three') }));
    assert.equal((await api.call('/latest')).text, 'three');
    // All of the alias's traffic to version 2 through its RoutingConfig, then the alias itself moved.
    await lambda().send(new UpdateAliasCommand({ FunctionName: 'changing', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { [v2.Version!]: 1 } } }));
    assert.equal((await api.call('/live')).text, 'two');
    await lambda().send(new UpdateAliasCommand({ FunctionName: 'changing', Name: 'live', FunctionVersion: v2.Version, RoutingConfig: { AdditionalVersionWeights: {} } }));
    assert.equal((await api.call('/live')).text, 'two');
  });

  test('an unknown function is 500 Internal server error', async () => {
    const api = await deployApi(server, { methods: [proxyMethod('/none', uri(arn('does-not-exist')), 'GET')] });
    const res = await api.call('/none');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
  });
});

describe('AWS (custom) integration with Lambda', () => {
  const ECHO_PY = 'def handler(event, context):\n    return event\n';
  const SELECT_PY = 'def handler(event, context):\n    if event["statusCode"] == "400":\n        raise Exception("Error: Raising 400 from within the Lambda function")\n    return "Pass"\n';

  test('a request template makes the event; the default response answers its result', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('custom-echo', { Handler: 'app.handler', Code: { ZipFile: pythonZip(ECHO_PY) } })));
    const api = await deployApi(server, {
      methods: [{
        path: '/echo',
        integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: uri(arn('custom-echo')), requestTemplates: { 'application/json': '{"param1": "$input.params(\'param1\')"}' } },
        responses: [{ statusCode: '200', selectionPattern: '' }],
      }],
    });
    const res = await api.call('/echo?param1=foobar');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { param1: 'foobar' });
  });

  test("selection patterns match a function error's errorMessage", async () => {
    await lambda().send(new CreateFunctionCommand(createInput('custom-select', { Handler: 'app.handler', Code: { ZipFile: pythonZip(SELECT_PY) } })));
    const api = await deployApi(server, {
      methods: [{
        path: '/{statusCode}',
        integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: uri(arn('custom-select')), requestTemplates: { 'application/json': '{"statusCode": "$input.params(\'statusCode\')"}' } },
        responses: [{ statusCode: '200' }, { statusCode: '405', selectionPattern: '.*400.*' }],
      }],
    });
    const ok = await api.call('/200');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json(), 'Pass');
    const failed = await api.call('/400');
    assert.equal(failed.status, 405, failed.text);
    assert.equal(failed.json<{ errorMessage: string }>().errorMessage, 'Error: Raising 400 from within the Lambda function');
  });

  test('AWS integrations with other services stay refused: 500 saying so', async () => {
    const api = await deployApi(server, {
      methods: [{ path: '/s3', integration: { type: 'AWS', integrationHttpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/key' }, responses: [{ statusCode: '200' }] }],
    });
    const res = await api.call('/s3');
    assert.equal(res.status, 500);
    assert.match(res.json<{ message: string }>().message, /--aws-endpoint/);
  });
});
