/**
 * AWS_PROXY Lambda integrations of HTTP APIs: the payload 2.0 event checked field by field
 * against the guide's example, the 1.0 event, the 2.0 response inference (a bare object or string
 * becomes a 200 application/json answer), cookies, base64 bodies, and the failures: a function
 * error or malformed answer is 500 {"message":"Internal Server Error"}, a function past
 * timeoutInMillis 503 {"message":"Service Unavailable"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { callApi, ECHO_EVENT, functionArn, invocationUri, nodeFunction, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();

type Dict = Record<string, any>;

/** An API with one Lambda route on a stage; answers its id. */
async function lambdaApi(fn: string, routeKey: string, options: { payload?: '1.0' | '2.0'; stage?: string; variables?: Record<string, string>; timeout?: number } = {}): Promise<string> {
  const api = await server.v2.send(new CreateApiCommand({ Name: `lambda-${fn}`, ProtocolType: 'HTTP' }));
  const integration = await server.v2.send(
    new CreateIntegrationCommand({
      ApiId: api.ApiId!,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: invocationUri(fn),
      PayloadFormatVersion: options.payload ?? '2.0',
      TimeoutInMillis: options.timeout,
    }),
  );
  await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }));
  await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: options.stage ?? '$default', AutoDeploy: true, StageVariables: options.variables }));
  return api.ApiId!;
}

/** A function answering `result` (a JS expression) for every event. */
const answering = (result: string) => `export const handler = async (event) => (${result});\n`;

describe('payload format 2.0', () => {
  before(async () => {
    await nodeFunction(server, 'echo2', ECHO_EVENT);
  });

  test('the event, field by field', async () => {
    const apiId = await lambdaApi('echo2', 'POST /my/{param1}/{rest+}', { stage: 'test', variables: { stageVariable1: 'value1' } });
    const res = await callApi(server, apiId, '/test/my/v1/a/b?parameter1=value1&parameter1=value2&parameter2=value', {
      method: 'POST',
      headers: { header1: 'value1', Header2: ['value1', 'value2'], Cookie: 'cookie1=a; cookie2=b', 'content-type': 'text/plain', 'user-agent': 'agent' },
      body: 'Hello from Lambda',
    });
    assert.equal(res.status, 200, res.text);
    const e = res.json<Dict>();
    assert.deepEqual(
      Object.keys(e).sort(),
      ['body', 'cookies', 'headers', 'isBase64Encoded', 'pathParameters', 'queryStringParameters', 'rawPath', 'rawQueryString', 'requestContext', 'routeKey', 'stageVariables', 'version'],
    );
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, 'POST /my/{param1}/{rest+}');
    assert.equal(e.rawPath, '/test/my/v1/a/b');
    assert.equal(e.rawQueryString, 'parameter1=value1&parameter1=value2&parameter2=value');
    assert.deepEqual(e.cookies, ['cookie1=a', 'cookie2=b']);
    // Header names lower-cased, repeated headers joined with commas; cookies are not among them.
    assert.equal(e.headers.header1, 'value1');
    assert.equal(e.headers.header2, 'value1,value2');
    assert.equal(e.headers['content-type'], 'text/plain');
    assert.equal(e.headers.cookie, undefined);
    assert.equal(e.headers['x-forwarded-for'], '127.0.0.1');
    assert.deepEqual(e.queryStringParameters, { parameter1: 'value1,value2', parameter2: 'value' });
    assert.deepEqual(e.pathParameters, { param1: 'v1', rest: 'a/b' });
    assert.deepEqual(e.stageVariables, { stageVariable1: 'value1' });
    assert.equal(e.body, 'Hello from Lambda');
    assert.equal(e.isBase64Encoded, false);
    const rc = e.requestContext;
    assert.deepEqual(Object.keys(rc).sort(), ['accountId', 'apiId', 'domainName', 'domainPrefix', 'http', 'requestId', 'routeKey', 'stage', 'time', 'timeEpoch']);
    assert.equal(rc.accountId, '000000000000');
    assert.equal(rc.apiId, apiId);
    assert.equal(rc.domainName, `${apiId}.execute-api.localhost`);
    assert.equal(rc.domainPrefix, apiId);
    assert.deepEqual(rc.http, { method: 'POST', path: '/test/my/v1/a/b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'agent' });
    assert.equal(rc.requestId, res.headers['apigw-requestid']);
    assert.equal(rc.routeKey, 'POST /my/{param1}/{rest+}');
    assert.equal(rc.stage, 'test');
    assert.match(rc.time, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.equal(typeof rc.timeEpoch, 'number');
  });

  test('quick create with a function ARN: the $default route calls it with payload 2.0', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'quick-lambda', ProtocolType: 'HTTP', Target: functionArn('echo2') }));
    const res = await callApi(server, api.ApiId!, '/items/7');
    assert.equal(res.status, 200, res.text);
    const e = res.json<Dict>();
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, '$default');
    assert.equal(e.rawPath, '/items/7');
  });

  test('empty members are left out; a binary body is base64', async () => {
    const apiId = await lambdaApi('echo2', '$default');
    const e = (await callApi(server, apiId, '/x')).json<Dict>();
    assert.equal(e.routeKey, '$default');
    assert.equal(e.rawPath, '/x');
    assert.equal(e.rawQueryString, '');
    assert.equal(e.requestContext.stage, '$default');
    for (const absent of ['cookies', 'queryStringParameters', 'pathParameters', 'stageVariables', 'body']) assert.equal(absent in e, false, absent);
    assert.equal(e.isBase64Encoded, false);
    const bin = (await callApi(server, apiId, '/x', { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]) })).json<Dict>();
    assert.equal(bin.isBase64Encoded, true);
    assert.equal(bin.body, Buffer.from([0, 1, 2, 255]).toString('base64'));
  });

  test('response inference: a bare object, a string; statusCode with cookies and headers; base64', async () => {
    await nodeFunction(server, 'bare-object', answering(`{ message: 'Hello from Lambda!' }`));
    await nodeFunction(server, 'bare-string', answering(`'Hello from Lambda!'`));
    await nodeFunction(server, 'full', answering(`{ statusCode: 201, headers: { 'x-a': 'b' }, cookies: ['c1=1', 'c2=2; Secure'], body: 'made' }`));
    await nodeFunction(server, 'b64', answering(`{ statusCode: 200, headers: { 'content-type': 'image/png' }, isBase64Encoded: true, body: Buffer.from([137, 80]).toString('base64') }`));
    let res = await callApi(server, await lambdaApi('bare-object', 'GET /'), '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(res.json(), { message: 'Hello from Lambda!' });
    res = await callApi(server, await lambdaApi('bare-string', 'GET /'), '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.text, 'Hello from Lambda!');
    res = await callApi(server, await lambdaApi('full', 'GET /'), '/');
    assert.equal(res.status, 201);
    assert.equal(res.text, 'made');
    assert.equal(res.headers['x-a'], 'b');
    assert.deepEqual(res.headers['set-cookie'], ['c1=1', 'c2=2; Secure']);
    res = await callApi(server, await lambdaApi('b64', 'GET /'), '/');
    assert.equal(res.headers['content-type'], 'image/png');
    assert.deepEqual([...res.body], [137, 80]);
  });

  test('a function error, a malformed answer: 500 Internal Server Error; past the timeout: 503', async () => {
    await nodeFunction(server, 'throws', `export const handler = async () => { throw new Error('boom'); };\n`);
    await nodeFunction(server, 'bad-status', answering(`{ statusCode: 'abc' }`));
    await nodeFunction(server, 'slow', `export const handler = () => new Promise((r) => setTimeout(() => r('late'), 2000));\n`, { Timeout: 5 });
    for (const fn of ['throws', 'bad-status']) {
      const res = await callApi(server, await lambdaApi(fn, 'GET /'), '/');
      assert.equal(res.status, 500, fn);
      assert.equal(res.text, '{"message":"Internal Server Error"}');
    }
    const res = await callApi(server, await lambdaApi('slow', 'GET /', { timeout: 200 }), '/');
    assert.equal(res.status, 503);
    assert.equal(res.text, '{"message":"Service Unavailable"}');
  });

  test('a function that does not exist: 500', async () => {
    const res = await callApi(server, await lambdaApi('no-such-function', 'GET /'), '/');
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
  });
});

describe('payload format 1.0', () => {
  test('the REST proxy event with version 1.0; the 1.0 answer rules', async () => {
    await nodeFunction(server, 'echo1', ECHO_EVENT);
    const apiId = await lambdaApi('echo1', 'GET /pets/{id}', { payload: '1.0' });
    const res = await callApi(server, apiId, '/pets/7?a=1&a=2', { headers: { 'X-Multi': ['x', 'y'] } });
    assert.equal(res.status, 200, res.text);
    const e = res.json<Dict>();
    assert.equal(e.version, '1.0');
    assert.equal(e.resource, '/pets/{id}');
    assert.equal(e.path, '/pets/7');
    assert.equal(e.httpMethod, 'GET');
    assert.equal(e.headers['x-multi'], 'y');
    assert.deepEqual(e.multiValueHeaders['x-multi'], ['x', 'y']);
    assert.deepEqual(e.queryStringParameters, { a: '2' });
    assert.deepEqual(e.multiValueQueryStringParameters, { a: ['1', '2'] });
    assert.deepEqual(e.pathParameters, { id: '7' });
    assert.equal(e.stageVariables, null);
    assert.equal(e.body, null);
    assert.equal(e.isBase64Encoded, false);
    assert.equal(e.requestContext.stage, '$default');
    assert.equal(e.requestContext.resourcePath, '/pets/{id}');
    assert.deepEqual(e.requestContext.authorizer, { claims: null, scopes: null });
    assert.equal(e.requestContext.identity.sourceIp, '127.0.0.1');
    // 1.0 infers nothing: a bare object is a malformed answer.
    await nodeFunction(server, 'bare1', answering(`{ hello: 'x' }`));
    const bad = await callApi(server, await lambdaApi('bare1', 'GET /', { payload: '1.0' }), '/');
    assert.equal(bad.status, 500);
    assert.equal(bad.text, '{"message":"Internal Server Error"}');
  });
});
