/**
 * Request validators on a deployed API: required parameters and request bodies checked against
 * JSON Schema draft 4 models before the integration runs, answered with AWS's 400s.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
  UpdateModelCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http, type HttpCall } from '../helpers/http.js';

describe('request validation', () => {
  const server = useGatehouse({ inMemory: true });
  const c = () => server.client;

  interface Setup {
    models?: Record<string, unknown>;
    validator: { body: boolean; parameters: boolean };
    path?: string;
    httpMethod?: string;
    requestParameters?: Record<string, boolean>;
    requestModels?: Record<string, string>;
  }

  /** One MOCK method answering {"data": "ok"} behind a validator; `call` invokes the deployed stage. */
  async function api(s: Setup) {
    const { restApiId, rootId } = await createRestApi(c(), 'validated');
    for (const [name, schema] of Object.entries(s.models ?? {})) {
      const text = JSON.stringify(schema).replace(/\{api\}/g, restApiId);
      await c().send(new CreateModelCommand({ restApiId, name, contentType: 'application/json', schema: text }));
    }
    const validator = await c().send(
      new CreateRequestValidatorCommand({ restApiId, name: 'v', validateRequestBody: s.validator.body, validateRequestParameters: s.validator.parameters }),
    );
    let resourceId = rootId;
    for (const part of (s.path ?? '/items').split('/').filter(Boolean)) {
      resourceId = (await c().send(new CreateResourceCommand({ restApiId, parentId: resourceId, pathPart: part }))).id!;
    }
    const at = { restApiId, resourceId, httpMethod: s.httpMethod ?? 'POST' };
    await c().send(
      new PutMethodCommand({
        ...at,
        authorizationType: 'NONE',
        requestValidatorId: validator.id,
        requestParameters: s.requestParameters,
        requestModels: s.requestModels,
      }),
    );
    await c().send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: Object.fromEntries(MEDIA_TYPES.map((t) => [t, '{"statusCode": 200}'])) }));
    await c().send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c().send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': '{"data": "ok"}' } }));
    const deploy = () => c().send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    await deploy();
    return {
      restApiId,
      resourceId,
      validatorId: validator.id!,
      deploy,
      call: (path: string, call: Omit<HttpCall, 'path'> = {}) => http(server.g.url, { method: at.httpMethod, ...call, path: `/_aws/execute-api/${restApiId}/test${path}` }),
    };
  }

  const MEDIA_TYPES = ['application/json', 'text/plain', 'application/xml'];
  const json = (value: unknown, contentType = 'application/json') => ({ body: JSON.stringify(value), headers: { 'content-type': contentType } });

  test('a missing required header, query string or path parameter is 400, all of them named in AWS order', async () => {
    const a = await api({
      path: '/nested/{test}',
      validator: { body: false, parameters: true },
      requestParameters: {
        'method.request.querystring.qs1': true,
        'method.request.header.x-header-param': true,
        'method.request.path.issuer': true,
        'method.request.querystring.optional': false,
      },
    });
    const none = await a.call('/nested/value');
    assert.equal(none.status, 400);
    assert.deepEqual(none.json(), { message: 'Missing required request parameters: [x-header-param, issuer, qs1]' });
    assert.equal(none.headers['x-amzn-errortype'], 'BadRequestException');
    const some = await a.call('/nested/value?qs1=a', { headers: { 'X-Header-Param': 'v' } });
    assert.deepEqual(some.json(), { message: 'Missing required request parameters: [issuer]' });
  });

  test('a blank parameter counts as missing; present ones pass to the integration', async () => {
    const a = await api({
      path: '/nested/{test}',
      validator: { body: false, parameters: true },
      requestParameters: { 'method.request.querystring.q1': true, 'method.request.header.h1': true, 'method.request.path.test': true },
    });
    const blank = await a.call('/nested/value?q1=', { headers: { h1: ' ' } });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.json(), { message: 'Missing required request parameters: [h1, q1]' });
    const ok = await a.call('/nested/value?q1=cat', { headers: { h1: 'v1' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { data: 'ok' });
  });

  const TEST_SCHEMA = { title: 'testSchema', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] };

  test('a body that does not match its model, is not JSON, or is empty is 400 Invalid request body', async () => {
    const a = await api({ models: { testSchema: TEST_SCHEMA }, validator: { body: true, parameters: false }, requestModels: { 'application/json': 'testSchema' } });
    const wrong = await a.call('/items', json({ test: 'test' }));
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.json(), { message: 'Invalid request body' });
    assert.equal(wrong.headers['x-amzn-errortype'], 'BadRequestException');
    assert.equal((await a.call('/items', { body: '{"a": 1,', headers: { 'content-type': 'application/json' } })).status, 400);
    // No body and no Content-Type: validated as {} against the application/json model.
    assert.equal((await a.call('/items')).status, 400);
    const good = await a.call('/items', json({ a: 1, b: 2 }, 'application/json; charset=utf-8'));
    assert.equal(good.status, 200);
    assert.deepEqual(good.json(), { data: 'ok' });
  });

  test('the model is chosen by Content-Type, then $default; a type without either is not checked', async () => {
    const a = await api({
      models: { testSchema: TEST_SCHEMA, textual: { type: 'string' } },
      validator: { body: true, parameters: false },
      requestModels: { 'application/json': 'testSchema', 'text/plain': 'textual' },
    });
    assert.equal((await a.call('/items', json('a string', 'TEXT/PLAIN'))).status, 200);
    assert.equal((await a.call('/items', json({ a: 1, b: 2 }, 'text/plain'))).status, 400);
    assert.equal((await a.call('/items', json({ anything: true }, 'application/xml'))).status, 200);

    const d = await api({ models: { testSchema: TEST_SCHEMA }, validator: { body: true, parameters: false }, requestModels: { $default: 'testSchema' } });
    assert.equal((await d.call('/items', json({ a: 'x' }, 'application/xml'))).status, 400);
    assert.equal((await d.call('/items', json({ a: 1, b: 2 }, 'application/xml'))).status, 200);
  });

  test('models refer to other models by URL and to their own definitions', async () => {
    const a = await api({
      models: {
        testSchema: TEST_SCHEMA,
        testSchemaList: { type: 'array', items: { $ref: 'https://apigateway.amazonaws.com/restapis/{api}/models/testSchema' } },
      },
      validator: { body: true, parameters: false },
      requestModels: { 'application/json': 'testSchemaList' },
    });
    assert.equal((await a.call('/items', json([{ a: 1, b: 2 }, { a: 3, b: 4 }]))).status, 200);
    assert.equal((await a.call('/items', json([{ a: 1, b: 2 }, { a: 3 }]))).status, 400);

    const d = await api({
      models: {
        Pet: {
          $schema: 'http://json-schema.org/draft-04/schema#',
          definitions: { kind: { type: 'string', enum: ['dog', 'cat', 'fish'] } },
          type: 'object',
          properties: { type: { $ref: '#/definitions/kind' }, price: { type: 'number', minimum: 25, maximum: 500 } },
          required: ['type'],
        },
      },
      validator: { body: true, parameters: false },
      requestModels: { 'application/json': 'Pet' },
    });
    assert.equal((await d.call('/items', json({ type: 'dog', price: 260 }))).status, 200);
    assert.equal((await d.call('/items', json({ type: 'bird', price: 260 }))).status, 400);
    assert.equal((await d.call('/items', json({ type: 'cat', price: 501 }))).status, 400);
  });

  test('$context.error.validationErrorString says what was wrong, in a BAD_REQUEST_BODY gateway response', async () => {
    const a = await api({
      models: { testSchema: TEST_SCHEMA },
      validator: { body: true, parameters: true },
      requestParameters: { 'method.request.header.h1': true },
      requestModels: { 'application/json': 'testSchema' },
    });
    for (const responseType of ['BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS'] as const) {
      await c().send(
        new PutGatewayResponseCommand({
          restApiId: a.restApiId,
          responseType,
          responseTemplates: { 'application/json': '$context.error.responseType: $context.error.validationErrorString' },
        }),
      );
    }
    await a.deploy();
    const params = await a.call('/items', json({ a: 1, b: 2 }));
    assert.equal(params.status, 400);
    assert.equal(params.text, 'BAD_REQUEST_PARAMETERS: Missing required request parameters: [h1]');
    const body = await a.call('/items', { ...json({ a: 'one' }), headers: { 'content-type': 'application/json', h1: 'x' } });
    assert.equal(body.status, 400);
    assert.equal(
      body.text,
      'BAD_REQUEST_BODY: [object has missing required properties (["b"]), instance type (string) does not match any allowed primitive type (allowed: ["number"])]',
    );
  });

  test('a validator checking only parameters lets any body through, and one checking only bodies any parameters', async () => {
    const params = await api({
      models: { testSchema: TEST_SCHEMA },
      validator: { body: false, parameters: true },
      requestParameters: { 'method.request.querystring.q': true },
      requestModels: { 'application/json': 'testSchema' },
    });
    assert.equal((await params.call('/items?q=1', json({ wrong: true }))).status, 200);
    const body = await api({
      models: { testSchema: TEST_SCHEMA },
      validator: { body: true, parameters: false },
      requestParameters: { 'method.request.querystring.q': true },
      requestModels: { 'application/json': 'testSchema' },
    });
    assert.equal((await body.call('/items', json({ a: 1, b: 2 }))).status, 200);
  });

  test('removing the validator or changing the model takes effect with the next deployment', async () => {
    const a = await api({ models: { testSchema: TEST_SCHEMA }, validator: { body: true, parameters: false }, requestModels: { 'application/json': 'testSchema' } });
    await c().send(
      new UpdateModelCommand({
        restApiId: a.restApiId,
        modelName: 'testSchema',
        patchOperations: [{ op: 'replace', path: '/schema', value: JSON.stringify({ type: 'object', required: ['c'] }) }],
      }),
    );
    assert.equal((await a.call('/items', json({ a: 1, b: 2 }))).status, 200, 'the deployed model still answers');
    await a.deploy();
    assert.equal((await a.call('/items', json({ a: 1, b: 2 }))).status, 400);
    assert.equal((await a.call('/items', json({ c: 1 }))).status, 200);
    await c().send(
      new UpdateMethodCommand({
        restApiId: a.restApiId,
        resourceId: a.resourceId,
        httpMethod: 'POST',
        patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: '' }],
      }),
    );
    await a.deploy();
    assert.equal((await a.call('/items', json({ a: 1, b: 2 }))).status, 200);
  });

  test('a huge or deeply nested body is answered 400, not a crash', async () => {
    const a = await api({
      models: { tree: { type: 'object', properties: { child: { $ref: '#' } }, additionalProperties: false } },
      validator: { body: true, parameters: false },
      requestModels: { 'application/json': 'tree' },
    });
    const deep = '{"child":'.repeat(20_000) + '{}' + '}'.repeat(20_000);
    const res = await a.call('/items', { body: deep, headers: { 'content-type': 'application/json' } });
    assert.ok(res.status === 200 || res.status === 400, `status ${res.status}`);
    assert.equal((await a.call('/items', json({ child: { child: { extra: 1 } } }))).status, 400);
    assert.equal((await a.call('/items', json({ child: { child: {} } }))).status, 200);
  });
});
