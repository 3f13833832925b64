/**
 * Parity of request validation with AWS's recorded answers (test_apigateway_common.snapshot.json:
 * TestApiGatewayCommon::test_api_gateway_request_validator, ..._with_ref_models and
 * ..._with_ref_one_ofmodels). Inputs are rebuilt from LocalStack's test_apigateway_common.py and
 * the recorded entries themselves (the method definitions they show): a `/nested/{test}` resource
 * whose GET and POST methods require a path, a query string and a header parameter and validate
 * JSON bodies against `testSchema`, integrated with the echoing Lambda function of the recorded
 * test; the `$ref` scenarios use a MOCK integration answering {"data": "ok"}. Models' `schema`
 * strings are parsed before comparing: the recording holds them parsed.
 */
import { describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  GetModelsCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
  UpdateRequestValidatorCommand,
} from '@aws-sdk/client-api-gateway';
import assert from 'node:assert/strict';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http, type HttpCall } from '../helpers/http.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import { Bindings, matchEntry, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const skip = !snapshotsAvailable;
const FILE = 'test_apigateway_common.snapshot.json';
const LAMBDA_AWS_PROXY = 'import json\n\n\ndef handler(event, context):\n    return {\n        "statusCode": 200,\n        "body": json.dumps(event),\n        "isBase64Encoded": False,\n    }\n';
const TEST_SCHEMA = { title: 'testSchema', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] };

describe('request validation matches AWS', { skip }, () => {
  const server = useGatehouse();
  const lambda = lambdaClient(server);
  const c = () => server.client;
  const invoke = (restApiId: string, stage: string, path: string, call: HttpCall = {}) => http(server.g.url, { ...call, path: `/_aws/execute-api/${restApiId}/${stage}${path}` });
  const json = (value: unknown, headers: Record<string, string> = {}) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } });

  test('TestApiGatewayCommon::test_api_gateway_request_validator', async () => {
    const rec = recorded(FILE, 'TestApiGatewayCommon::test_api_gateway_request_validator');
    const b = new Bindings();
    const fnName = `test-validator-${Date.now().toString(36)}`;
    const zip = zipSync({ 'lambda_aws_proxy.py': strToU8(LAMBDA_AWS_PROXY) });
    const fn = await lambda().send(new CreateFunctionCommand(createInput(fnName, { Handler: 'lambda_aws_proxy.handler', Code: { ZipFile: zip } })));
    matchEntry(rec, 'register-lambda', { fn_name: fnName, fn_arn: fn.FunctionArn }, b);

    const { restApiId, rootId } = await createRestApi(c(), 'aws lambda api');
    const nested = await c().send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'nested' }));
    const resourceId = (await c().send(new CreateResourceCommand({ restApiId, parentId: nested.id!, pathPart: '{test}' }))).id!;
    await c().send(new CreateModelCommand({ restApiId, name: 'testSchema', contentType: 'application/json', schema: JSON.stringify(TEST_SCHEMA) }));
    const validatorId = (
      await c().send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator', validateRequestParameters: true, validateRequestBody: true }))
    ).id!;
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    for (const httpMethod of ['GET', 'POST']) {
      const at = { restApiId, resourceId, httpMethod };
      await c().send(
        new PutMethodCommand({
          ...at,
          authorizationType: 'NONE',
          requestValidatorId: validatorId,
          requestParameters: { 'method.request.path.test': true, 'method.request.querystring.qs1': true, 'method.request.header.x-header-param': true },
          requestModels: { 'application/json': 'testSchema' },
        }),
      );
      await c().send(new PutIntegrationCommand({ ...at, integrationHttpMethod: 'POST', type: 'AWS_PROXY', uri }));
      await c().send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
      await c().send(new PutIntegrationResponseCommand({ ...at, statusCode: '200' }));
    }
    const stage = 'local';
    matchRecorded(rec['deploy-1'], await c().send(new CreateDeploymentCommand({ restApiId, stageName: stage })), b);
    const redeploy = () => c().send(new CreateDeploymentCommand({ restApiId, stageName: stage }));
    const params = { 'x-header-param': 'test' };

    const passing = await invoke(restApiId, stage, '/nested/value?qs1=test', { method: 'POST', ...json({ a: 1, b: 2 }, params) });
    assert.equal(passing.status, 200);
    assert.deepEqual(JSON.parse((passing.json() as { body: string }).body), { a: 1, b: 2 });

    const pathOps = (add: string, remove: string) => [
      { op: 'add' as const, path: `/requestParameters/method.request.path.${add}`, value: 'true' },
      { op: 'remove' as const, path: `/requestParameters/method.request.path.${remove}`, value: 'true' },
    ];
    const changed = await c().send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: pathOps('issuer', 'test') }));
    matchRecorded(rec['change-request-path-names'], changed, b);
    await redeploy();

    const post = await invoke(restApiId, stage, '/nested/value', { method: 'POST', ...json({ test: 'test' }) });
    assert.equal(post.status, 400);
    matchEntry(rec, 'missing-all-required-request-params-post', post.json(), b);
    const noHeader = await invoke(restApiId, stage, '/nested/value?qs1=test');
    assert.equal(noHeader.status, 400);
    matchEntry(rec, 'missing-required-headers-request-params-get', noHeader.json(), b);
    const noQuery = await invoke(restApiId, stage, '/nested/value', { headers: params });
    assert.equal(noQuery.status, 400);
    matchEntry(rec, 'missing-required-qs-request-params-get', noQuery.json(), b);

    const reverted = await c().send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: pathOps('test', 'issuer') }));
    matchRecorded(rec['revert-request-path-names'], reverted, b);
    await redeploy();

    const invalid = await invoke(restApiId, stage, '/nested/value?qs1=test', { method: 'POST', ...json({ test: 'test' }, params) });
    assert.equal(invalid.status, 400);
    matchEntry(rec, 'invalid-request-body', invalid.json(), b);
    // GET with an empty body, with and without a JSON Content-Type: validated as {} and refused.
    assert.equal((await invoke(restApiId, stage, '/nested/value?qs1=test', { headers: params })).status, 400);
    assert.equal((await invoke(restApiId, stage, '/nested/value?qs1=test', { headers: { ...params, 'content-type': 'application/json' } })).status, 400);

    const disabled = await c().send(
      new UpdateRequestValidatorCommand({
        restApiId,
        requestValidatorId: validatorId,
        patchOperations: [
          { op: 'replace', path: '/validateRequestBody', value: 'false' },
          { op: 'replace', path: '/validateRequestParameters', value: 'false' },
        ],
      }),
    );
    matchRecorded(rec['disable-request-validator'], disabled, b);
    await redeploy();
    const open = await invoke(restApiId, stage, '/nested/value', { method: 'POST', ...json({ test: 'test' }) });
    assert.equal(open.status, 200);
    assert.deepEqual(JSON.parse((open.json() as { body: string }).body), { test: 'test' });
  });

  /** A POST / method validating JSON bodies against `model`, MOCK-integrated to answer {"data": "ok"}. */
  async function refApi(models: [string, object][], model: string) {
    const { restApiId, rootId } = await createRestApi(c(), 'validator with refs');
    for (const [name, schema] of models) {
      const text = JSON.stringify(schema).replace(/<api-id>/g, restApiId);
      await c().send(new CreateModelCommand({ restApiId, name, contentType: 'application/json', schema: text }));
    }
    const validatorId = (await c().send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true, validateRequestParameters: false }))).id!;
    const at = { restApiId, resourceId: rootId, httpMethod: 'POST' };
    await c().send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestValidatorId: validatorId, requestModels: { 'application/json': model } }));
    await c().send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c().send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c().send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': '{"data": "ok"}' } }));
    await c().send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    const listed = await c().send(new GetModelsCommand({ restApiId }));
    const parsed = { ...listed, items: listed.items?.map((m) => ({ ...m, schema: JSON.parse(m.schema!) })) };
    return { parsed, post: (body: unknown) => invoke(restApiId, 'dev', '/', { method: 'POST', ...json(body) }), restApiId };
  }

  /** The recorded schemas of the models the test created (all but Empty and Error), `<api-id>` kept for refApi to fill. */
  function createdModels(rec: Record<string, Record<string, unknown>>): [string, object][] {
    const items = (rec['get-models-with-ref'] as { items: { name: string; schema: object }[] }).items;
    return items.filter((m) => m.name !== 'Empty' && m.name !== 'Error').map((m) => [m.name, m.schema]);
  }

  test('TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_models', async () => {
    const rec = recorded(FILE, 'TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_models');
    const b = new Bindings();
    const api = await refApi(createdModels(rec), 'testSchemaList');
    b.bind('<api-id>', api.restApiId, '$');
    matchRecorded(rec['get-models-with-ref'], api.parsed, b);
    const ok = await api.post([{ a: 1, b: 2 }]);
    assert.equal(ok.status, 200);
    matchEntry(rec, 'successful', ok.json(), b);
    const failed = await api.post([{ a: 1 }]);
    assert.equal(failed.status, 400);
    matchEntry(rec, 'failed-validation', failed.json(), b);
  });

  test('TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_one_ofmodels', async () => {
    const rec = recorded(FILE, 'TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_one_ofmodels');
    const b = new Bindings();
    const api = await refApi(createdModels(rec), 'TestModel');
    b.bind('<api-id>', api.restApiId, '$');
    matchRecorded(rec['get-models-with-ref'], api.parsed, b);
    const expect = async (entry: string, body: unknown, status: number) => {
      const res = await api.post(body);
      assert.equal(res.status, status, entry);
      matchEntry(rec, entry, res.json(), b);
    };
    await expect('successful', { status: null }, 200);
    await expect('successful-with-data', { status: { Status: 'ok', Order: 1 } }, 200);
    await expect('failed-validation-no-data', {}, 400);
    await expect('failed-validation-bad-data', { status: { Status: 'ok' } }, 400);
  });
});
