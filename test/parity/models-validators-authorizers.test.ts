/**
 * Parity: Model, RequestValidator and Authorizer operations against AWS's recorded answers
 * (test_apigateway_api.snapshot.json: TestApiGatewayApiModels::*, TestApiGatewayApiRequestValidator::*,
 * TestApiGatewayApiAuthorizer::*). The inputs are rebuilt from LocalStack's
 * tests/aws/services/apigateway/test_apigateway_api.py.
 */
import { describe, it } from 'node:test';
import {
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateRestApiCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetAuthorizersCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  type CreateModelCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';
import { asRecorder } from './recorder-json.js';

const FILE = 'test_apigateway_api.snapshot.json';
const LAMBDA_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations';
const CALC_SCHEMA =
  '{\n\t"title": "Calc output",\n\t"type": "object",\n\t"properties": {\n\t\t"a": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"b": {\n\t\t\t"type": "number"\n\t\t},\n' +
  '\t\t"op": {\n\t\t\t"description": "operation of +, -, * or /",\n\t\t\t"type": "string"\n\t\t},\n\t\t"c": {\n\t\t    "type": "number"\n\t\t}\n\t},\n\t"required": ["a", "b", "op"]\n}\n';

describe('models, request validators and authorizers match AWS', { skip: !snapshotsAvailable && 'recorded AWS responses not available' }, () => {
  const server = useGatehouse();

  const newApi = async (description: string) => (await createRestApi(server.client, 'parity-api', description)).restApiId;
  // Any command of this client; capture() turns its answer or error into boto3's recorded shape.
  const call = (cmd: object) => capture(() => server.client.send(cmd as never));
  const createModel = (input: CreateModelCommandInput) => call(new CreateModelCommand(input));

  describe('models', () => {
    it('a model is created, listed beside Empty and Error, read and deleted', async () => {
      const r = recorded(FILE, 'TestApiGatewayApiModels::test_model_lifecycle');
      const b = new Bindings();
      const restApiId = await newApi('testing resource model lifecycle');
      const created = await createModel({ name: 'CalcOutput', restApiId, contentType: 'application/json', description: 'Calc output model', schema: CALC_SCHEMA });
      matchRecorded(r['create-model'], asRecorder(created), b);
      const models = asRecorder(await call(new GetModelsCommand({ restApiId })));
      (models.items as { name: string }[]).sort((x, y) => (x.name < y.name ? -1 : 1)); // as the test sorts them
      matchRecorded(r['get-models'], models, b);
      matchRecorded(r['get-model'], asRecorder(await call(new GetModelCommand({ restApiId, modelName: 'CalcOutput' }))), b);
      matchRecorded(r['del-model'], await call(new DeleteModelCommand({ restApiId, modelName: 'CalcOutput' })), b);
    });

    it('bad model requests are refused with AWS messages', async () => {
      const r = recorded(FILE, 'TestApiGatewayApiModels::test_model_validation');
      const b = new Bindings();
      const restApiId = await newApi('testing resource model lifecycle');
      const fake = 'abcde0';
      const schema = JSON.stringify({ title: 'MySchema', type: 'object' });
      matchRecorded(r['create-model-wrong-id'], await createModel({ name: 'MySchema', restApiId: fake, contentType: 'application/json', description: 'Test model', schema }), b);
      matchRecorded(r['get-models-wrong-id'], await call(new GetModelsCommand({ restApiId: fake })), b);
      matchRecorded(r['get-model-wrong-id'], await call(new GetModelCommand({ restApiId: fake, modelName: 'MySchema' })), b);
      matchRecorded(r['del-model-wrong-id'], await call(new DeleteModelCommand({ restApiId: fake, modelName: 'MySchema' })), b);
      await server.client.send(new CreateModelCommand({ name: 'MySchema', restApiId, contentType: 'application/json', description: '', schema }));
      matchRecorded(r['create-model-already-exists'], await createModel({ name: 'MySchema', restApiId, contentType: 'application/json', description: '', schema }), b);
      matchRecorded(r['create-model-empty-name'], await createModel({ name: '', restApiId, contentType: 'application/json', description: '', schema }), b);
      matchRecorded(r['create-model-empty-schema'], await createModel({ name: 'MyEmptySchema', restApiId, contentType: 'application/json', description: '', schema: '' }), b);
      matchRecorded(r['create-model-no-schema-json'], await createModel({ name: 'MyEmptySchema', restApiId, contentType: 'application/json', description: '' }), b);
      matchRecorded(r['create-model-no-schema-xml'], await createModel({ name: 'MyEmptySchemaXml', restApiId, contentType: 'application/xml', description: '' }), b);
    });

    it('a model updates its schema and description, and nothing else', async () => {
      const r = recorded(FILE, 'TestApiGatewayApiModels::test_update_model');
      const b = new Bindings();
      const restApiId = await newApi('testing update resource model');
      const patch: PatchOperation[] = [
        { op: 'replace', path: '/schema', value: JSON.stringify({ title: 'Updated schema', type: 'object' }) },
        { op: 'replace', path: '/description', value: '' },
      ];
      const update = (patchOperations: PatchOperation[], api = restApiId, modelName = 'MySchema') =>
        call(new UpdateModelCommand({ restApiId: api, modelName, patchOperations }));
      matchRecorded(r['update-model-wrong-id'], await update(patch, 'abcde0', 'mySchema'), b);
      const created = await createModel({ name: 'MySchema', restApiId, contentType: 'application/json', description: '', schema: JSON.stringify({ title: 'MySchema', type: 'object' }) });
      matchRecorded(r['create-model'], asRecorder(created), b);
      matchRecorded(r['update-model'], asRecorder(await update(patch)), b);
      matchRecorded(r['update-model-invalid-op'], await update([{ op: 'add', path: '/wrong-path', value: 'not supported op' }]), b);
      matchRecorded(r['update-model-invalid-path'], await update([{ op: 'replace', path: '/name', value: 'invalid' }]), b);
      matchRecorded(r['update-model-empty-schema'], await update([{ op: 'replace', path: '/schema', value: '' }]), b);
    });

    // test_apigateway_common.snapshot.json: only the model listing of these invocation scenarios is
    // a control-plane answer. The LocalStack source of these tests is not in the reference set; the
    // models they create are read off the recording itself.
    const COMMON = 'test_apigateway_common.snapshot.json';
    const modelRef = (restApiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;
    const listModels = async (restApiId: string) => asRecorder(await call(new GetModelsCommand({ restApiId })));

    it('a model whose items point at another model is listed with its reference', async () => {
      const r = recorded(COMMON, 'TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_models');
      const b = new Bindings();
      const restApiId = await newApi('validator with ref models');
      const testSchema = { $schema: 'http://json-schema.org/draft-04/schema#', title: 'testSchema', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] };
      await server.client.send(new CreateModelCommand({ restApiId, name: 'testSchema', contentType: 'application/json', schema: JSON.stringify(testSchema) }));
      const list = { type: 'array', items: { $ref: modelRef(restApiId, 'testSchema') } };
      await server.client.send(new CreateModelCommand({ restApiId, name: 'testSchemaList', contentType: 'application/json', schema: JSON.stringify(list) }));
      b.bind('<api-id>', restApiId, 'restApiId');
      matchRecorded(r['get-models-with-ref'], await listModels(restApiId), b);
    });

    it('a model with a oneOf reference to another model is listed with its reference', async () => {
      const r = recorded(COMMON, 'TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_one_ofmodels');
      const b = new Bindings();
      const restApiId = await newApi('validator with oneOf ref models');
      const status = { type: 'object', properties: { Status: { type: 'string' }, Order: { type: 'integer' } }, required: ['Status', 'Order'] };
      await server.client.send(new CreateModelCommand({ restApiId, name: 'StatusModel', contentType: 'application/json', schema: JSON.stringify(status) }));
      const test = { type: 'object', properties: { status: { oneOf: [{ type: 'null' }, { $ref: modelRef(restApiId, 'StatusModel') }] } }, required: ['status'] };
      await server.client.send(new CreateModelCommand({ restApiId, name: 'TestModel', contentType: 'application/json', schema: JSON.stringify(test) }));
      b.bind('<api-id>', restApiId, 'restApiId');
      matchRecorded(r['get-models-with-ref'], await listModels(restApiId), b);
    });
  });

  describe('request validators', () => {
    const test = (name: string) => recorded(FILE, `TestApiGatewayApiRequestValidator::${name}`);

    it('an unknown API is refused on create and list', async () => {
      const r = test('test_validators_crud_no_api');
      const b = new Bindings();
      matchRecorded(
        r['wrong-rest-api-id-create-validator'],
        await call(new CreateRequestValidatorCommand({ restApiId: 'test-fake-rest-id', name: 'test-validator', validateRequestBody: true, validateRequestParameters: false })),
        b,
      );
      matchRecorded(r['wrong-rest-api-id-get-validators'], await call(new GetRequestValidatorsCommand({ restApiId: 'test-fake-rest-id' })), b);
    });

    it('a validator is created, read, listed, updated and deleted', async () => {
      const r = test('test_request_validator_lifecycle');
      const b = new Bindings();
      const api = await call(new CreateRestApiCommand({ name: 'validators', description: 'my api' }));
      matchRecorded(r['create-rest-api'], api, b);
      const restApiId = api.id as string;
      const created = await call(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-1' }));
      matchRecorded(r['create-request-validator'], created, b);
      const requestValidatorId = created.id as string;
      matchRecorded(r['get-request-validator'], await call(new GetRequestValidatorCommand({ restApiId, requestValidatorId })), b);
      matchRecorded(r['get-request-validators'], await call(new GetRequestValidatorsCommand({ restApiId })), b);
      const update = (patchOperations: PatchOperation[]) => call(new UpdateRequestValidatorCommand({ restApiId, requestValidatorId, patchOperations }));
      matchRecorded(r['update-request-validator-with-value'], await update([{ op: 'replace', path: '/validateRequestBody', value: 'true' }]), b);
      matchRecorded(r['update-request-validator-without-value'], await update([{ op: 'replace', path: '/validateRequestBody' }]), b);
      matchRecorded(r['get-request-validators-after-update-operation'], await call(new GetRequestValidatorCommand({ restApiId, requestValidatorId })), b);
      matchRecorded(r['delete-request-validator'], await call(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId })), b);
      matchRecorded(r['get-deleted-request-validator'], await call(new GetRequestValidatorCommand({ restApiId, requestValidatorId })), b);
      matchRecorded(r['get-request-validators-after-delete'], await call(new GetRequestValidatorsCommand({ restApiId })), b);
    });

    it('reading a validator of an unknown API or an unknown validator is not found', async () => {
      const r = test('test_invalid_get_request_validator');
      const b = new Bindings();
      const restApiId = await newApi('my api');
      const { id } = await server.client.send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-2' }));
      matchRecorded(r['get-request-validators-invalid-api-id'], await call(new GetRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId: id })), b);
      matchRecorded(r['get-request-validators-invalid-validator-id'], await call(new GetRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' })), b);
    });

    it('listing the validators of an unknown API is not found', async () => {
      const r = test('test_invalid_get_request_validators');
      matchRecorded(r['get-invalid-request-validators'], await call(new GetRequestValidatorsCommand({ restApiId: 'api_id' })), new Bindings());
    });

    it('deleting a validator of an unknown API or an unknown validator is not found', async () => {
      const r = test('test_invalid_delete_request_validator');
      const b = new Bindings();
      const restApiId = await newApi('my api');
      const { id } = await server.client.send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-3' }));
      matchRecorded(r['delete-request-validator-invalid-api-id'], await call(new DeleteRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId: id })), b);
      matchRecorded(r['delete-request-validator-invalid-validator-id'], await call(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' })), b);
    });

    it('creating a validator in an unknown API is a bad request', async () => {
      const r = test('test_create_request_validator_invalid_api_id');
      matchRecorded(r['invalid-create-request-validator'], await call(new CreateRequestValidatorCommand({ restApiId: 'api_id', name: 'test-validator-4' })), new Bindings());
    });

    it('updates other than replace of a known path are refused', async () => {
      const r = test('test_invalid_update_request_validator_operations');
      const b = new Bindings();
      const api = await call(new CreateRestApiCommand({ name: 'validators', description: 'my api' }));
      matchRecorded(r['create-rest-api'], api, b);
      const restApiId = api.id as string;
      const created = await call(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-5' }));
      matchRecorded(r['create-request-validator'], created, b);
      const update = (patchOperations: PatchOperation[]) =>
        call(new UpdateRequestValidatorCommand({ restApiId, requestValidatorId: created.id as string, patchOperations }));
      matchRecorded(r['update-request-validator-invalid-add-operation'], await update([{ op: 'add', path: '/validateRequestBody', value: 'true' }]), b);
      matchRecorded(r['update-request-validator-invalid-remove-operation'], await update([{ op: 'remove', path: '/validateRequestBody', value: 'true' }]), b);
      matchRecorded(r['update-request-validator-invalid-path'], await update([{ op: 'replace', path: '/invalidPath', value: 'true' }]), b);
      matchRecorded(r['update-request-validator-empty-name-value'], await update([{ op: 'replace', path: '/name' }]), b);
    });
  });

  describe('authorizers', () => {
    it('an authorizer for an unknown API is refused', async () => {
      const r = recorded(FILE, 'TestApiGatewayApiAuthorizer::test_authorizer_crud_no_api');
      const b = new Bindings();
      const create = new CreateAuthorizerCommand({
        restApiId: 'test-fake-rest-id',
        name: 'fake-auth-name',
        type: 'TOKEN',
        authorizerUri: LAMBDA_URI,
        identitySource: 'method.request.header.Authorization',
      });
      matchRecorded(r['wrong-rest-api-id-create-authorizer'], await call(create), b);
      matchRecorded(r['wrong-rest-api-id-get-authorizers'], await call(new GetAuthorizersCommand({ restApiId: 'test-fake-rest-id' })), b);
    });
  });
});
