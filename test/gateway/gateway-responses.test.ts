/**
 * Errors reach the client as the API's gateway responses: AWS's default status, body and
 * x-amzn-ErrorType per type, or the API's own status code, headers and template, with the
 * DEFAULT_4XX / DEFAULT_5XX fallbacks, once deployed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDeploymentCommand, PutGatewayResponseCommand } from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, headerNames, type ApiSpec } from '../helpers/deployed-api.js';
import { http } from '../helpers/http.js';
import { MAX_PAYLOAD } from '../../src/gateway/index.js';

const OK_MOCK = { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } };

/** GET /pets answers 200; POST /strict refuses what it has no template for; GET /broken is misconfigured. */
function petsApi(extra: Partial<ApiSpec> = {}): ApiSpec {
  return {
    methods: [
      { path: '/pets', integration: OK_MOCK, responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"pets": []}' } }] },
      { path: '/strict', httpMethod: 'POST', integration: { ...OK_MOCK, passthroughBehavior: 'NEVER' }, responses: [{ statusCode: '200' }] },
      { path: '/broken', integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 404}' } }, responses: [{ statusCode: '200', selectionPattern: '200' }] },
    ],
    ...extra,
  };
}

describe('gateway responses', () => {
  const server = useGatehouse({ inMemory: true });

  test("AWS's defaults: status, {\"message\"} body, application/json and the type's x-amzn-ErrorType", async () => {
    const api = await deployApi(server, petsApi());
    const cases: [string, string, string | undefined, number, string, string][] = [
      ['GET', '/nothing', undefined, 403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'],
      ['DELETE', '/pets', undefined, 403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'],
      ['POST', '/strict', 'text/plain', 415, 'Unsupported Media Type', 'BadRequestException'],
      ['GET', '/broken', undefined, 500, 'Internal server error', 'InternalServerErrorException'],
    ];
    for (const [method, path, contentType, status, message, errorType] of cases) {
      const res = await api.call(path, { method, headers: contentType ? { 'content-type': contentType } : {}, body: contentType ? 'x' : undefined });
      assert.equal(res.status, status, `${method} ${path}`);
      // AWS's integration-side 5XX bodies carry a space after the colon (see gateway-response.ts).
      const body = status >= 500 ? `{"message": ${JSON.stringify(message)}}` : JSON.stringify({ message });
      assert.equal(res.text, body, `${method} ${path}`);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(res.headers['x-amzn-errortype'], errorType, `${method} ${path}`);
      assert.ok(headerNames(res).includes('x-amzn-ErrorType'));
      assert.ok(res.headers['x-amzn-requestid']);
    }
  });

  test('an API override sets status, headers from the request, context, stage variables and statics, and a template with $context.error', async () => {
    const api = await deployApi(
      server,
      petsApi({
        stageVariables: { team: 'blue' },
        gatewayResponses: [
          {
            responseType: 'MISSING_AUTHENTICATION_TOKEN',
            statusCode: '404',
            responseParameters: {
              'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
              'gatewayresponse.header.x-request-header': 'method.request.header.x-trace-me',
              'gatewayresponse.header.x-request-query': 'method.request.querystring.q',
              'gatewayresponse.header.x-stage': 'context.stage',
              'gatewayresponse.header.x-team': 'stageVariables.team',
            },
            responseTemplates: {
              'application/json': '{"error": $context.error.messageString, "raw": "$context.error.message", "type": "$context.error.responseType", "path": "$context.path"}',
            },
          },
        ],
      }),
    );
    const res = await api.call('/nothing?q=look', { headers: { 'x-trace-me': 'abc' } });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { error: 'Missing Authentication Token', raw: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN', path: '/test/nothing' });
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['x-request-header'], 'abc');
    assert.equal(res.headers['x-request-query'], 'look');
    assert.equal(res.headers['x-stage'], 'test');
    assert.equal(res.headers['x-team'], 'blue');
    assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    assert.ok(headerNames(res).includes('Access-Control-Allow-Origin'));
    // Other types keep AWS's defaults.
    const unsupported = await api.call('/strict', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(unsupported.status, 415);
    assert.deepEqual(unsupported.json(), { message: 'Unsupported Media Type' });
  });

  test('DEFAULT_4XX and DEFAULT_5XX reach every type of their class the API has not customised', async () => {
    const api = await deployApi(
      server,
      petsApi({
        gatewayResponses: [
          { responseType: 'DEFAULT_4XX', responseParameters: { 'gatewayresponse.header.x-class': "'4xx'" }, responseTemplates: { 'application/json': '{"4xx": "$context.error.responseType"}' } },
          { responseType: 'DEFAULT_5XX', statusCode: '503', responseTemplates: { 'application/json': '{"5xx": $context.error.messageString}' } },
          { responseType: 'UNSUPPORTED_MEDIA_TYPE', statusCode: '400' },
        ],
      }),
    );
    const missing = await api.call('/nothing');
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.json(), { '4xx': 'MISSING_AUTHENTICATION_TOKEN' });
    assert.equal(missing.headers['x-class'], '4xx');
    const broken = await api.call('/broken');
    assert.equal(broken.status, 503);
    assert.deepEqual(broken.json(), { '5xx': 'Internal server error' });
    assert.equal(broken.headers['x-amzn-errortype'], 'InternalServerErrorException');
    // A type put on its own does not inherit from DEFAULT_4XX.
    const unsupported = await api.call('/strict', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(unsupported.status, 400);
    assert.deepEqual(unsupported.json(), { message: 'Unsupported Media Type' });
    assert.equal(unsupported.headers['x-class'], undefined);
  });

  test('a gateway response change is live only after a new deployment', async () => {
    const api = await deployApi(server, petsApi());
    await server.client.send(new PutGatewayResponseCommand({ restApiId: api.restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404' }));
    assert.equal((await api.call('/nothing')).status, 403);
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    const after = await api.call('/nothing');
    assert.equal(after.status, 404);
    assert.deepEqual(after.json(), { message: 'Missing Authentication Token' });
  });

  test('the gateway response template is chosen by Accept like a response template, and sets Content-Type', async () => {
    const api = await deployApi(
      server,
      petsApi({
        gatewayResponses: [
          {
            responseType: 'MISSING_AUTHENTICATION_TOKEN',
            responseTemplates: { 'application/json': '{"json": true}', 'text/html': '<h1>$context.error.message</h1>' },
          },
        ],
      }),
    );
    const html = await api.call('/nothing', { headers: { accept: 'text/html' } });
    assert.equal(html.text, '<h1>Missing Authentication Token</h1>');
    assert.equal(html.headers['content-type'], 'text/html');
    const json = await api.call('/nothing');
    assert.equal(json.text, '{"json": true}');
    assert.equal(json.headers['content-type'], 'application/json');
  });

  test('an unknown stage is 403 Forbidden without the API gateway responses', async () => {
    const api = await deployApi(server, petsApi({ gatewayResponses: [{ responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404' }] }));
    const res = await http(server.g.url, { path: `/_aws/execute-api/${api.restApiId}/nostage/pets` });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { message: 'Forbidden' });
  });

  test('a request template over a body that is not JSON is 400; a response template that fails is 500', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/in',
          httpMethod: 'POST',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '#set($n = $input.json(\'$.name\')){"statusCode": 200}' } },
          responses: [{ statusCode: '200' }],
        },
        {
          path: '/out',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          responses: [{ statusCode: '200', responseTemplates: { 'application/json': '$util.parseJson("{not json")' } }],
        },
      ],
    });
    const bad = await api.call('/in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": oops' });
    assert.equal(bad.status, 400);
    assert.match((bad.json() as { message: string }).message, /^Could not parse request body into json: /);
    assert.equal(bad.headers['x-amzn-errortype'], 'BadRequestException');
    const good = await api.call('/in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "ok"}' });
    assert.equal(good.status, 200);
    const out = await api.call('/out');
    assert.equal(out.status, 500);
    assert.deepEqual(out.json(), { message: 'Internal server error' });
  });

  test('a body over 10 MB is 413 REQUEST_TOO_LARGE, with the API override when the stage exists', async () => {
    const api = await deployApi(
      server,
      petsApi({ gatewayResponses: [{ responseType: 'REQUEST_TOO_LARGE', responseTemplates: { 'application/json': '{"tooBig": "$context.error.responseType"}' } }] }),
    );
    const big = Buffer.alloc(MAX_PAYLOAD + 1, 0x61);
    const res = await api.call('/pets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big });
    assert.equal(res.status, 413);
    assert.deepEqual(res.json(), { tooBig: 'REQUEST_TOO_LARGE' });
    const plain = await http(server.g.url, { method: 'POST', path: `/_aws/execute-api/${api.restApiId}/nostage/pets`, body: big });
    assert.equal(plain.status, 413);
    assert.deepEqual(plain.json(), { message: 'Request Too Long' });
    // Exactly 10 MB is accepted (the MOCK answers; the method is GET-only, so 403 here means it got past the size check).
    const atLimit = await api.call('/pets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(MAX_PAYLOAD, 0x61) });
    assert.equal(atLimit.status, 403);
  });
});
