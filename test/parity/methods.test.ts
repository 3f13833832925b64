/**
 * Parity with AWS for Method and MethodResponse operations: every entry recorded for
 * TestApiGatewayApiMethod::* and TestApigatewayMethodResponse::* in
 * test_apigateway_api.snapshot.json (inputs rebuilt from LocalStack's
 * tests/aws/services/apigateway/test_apigateway_api.py), then behaviour the recordings miss.
 */
import { describe, test } from 'node:test';
import {
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  DeleteModelCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { scenario, sender, useGatehouse, type Scenario, type Server } from './method-helpers.js';
import { snapshotsAvailable } from './snapshot.js';

const skip = !snapshotsAvailable;

describe('Method parity (TestApiGatewayApiMethod)', { skip }, () => {
  const server = useGatehouse();
  const send = sender(server);

  test('a method is put, read, deleted, and then answers NotFound', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_method_lifecycle');
    const at = { restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY' };
    await s.check('put-base-method-response', () => send(new PutMethodCommand({ ...at, authorizationType: 'NONE' })));
    await s.check('get-base-method-response', () => send(new GetMethodCommand(at)));
    await s.check('del-base-method-response', () => send(new DeleteMethodCommand(at)));
    await s.check('get-deleted-method-response', () => send(new GetMethodCommand(at)));
    await s.check('delete-deleted-method-response', () => send(new DeleteMethodCommand(at)));
  });

  test('request parameters are kept, and a name used in two locations is refused', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_method_request_parameters');
    const at = { restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY' };
    const requestParameters = {
      'method.request.querystring.q_optional': false,
      'method.request.querystring.q_required': true,
      'method.request.header.h_optional': false,
      'method.request.header.h_required': true,
    };
    await s.check('put-method-request-params-response', () => send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters })));
    await s.check('get-method-request-params-response', () => send(new GetMethodCommand(at)));
    await s.check('req-params-same-name', () =>
      send(
        new PutMethodCommand({
          ...at,
          httpMethod: 'GET',
          authorizationType: 'NONE',
          requestParameters: { 'method.request.querystring.optional': false, 'method.request.header.optional': false },
        }),
      ),
    );
  });

  test('a model used by a method request cannot be deleted until no method uses it', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_put_method_model');
    const model = (name: string) =>
      send(new CreateModelCommand({ restApiId: s.apiId, name, contentType: 'application/json', description: '', schema: JSON.stringify({ title: name, type: 'object' }) }));
    const root = { restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY' };
    const replaceModel = (op: 'replace' | 'remove', value: string): PatchOperation[] => [{ op, path: '/requestModels/application~1json', value }];
    await s.check('create-model', () => model('MySchema'));
    await s.check('create-model-2', () => model('MySchemaTwo'));
    await s.check('put-method-request-models', () =>
      send(new PutMethodCommand({ ...root, authorizationType: 'NONE', requestModels: { 'application/json': 'MySchema' } })),
    );
    await s.check('delete-model-used', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchema' })));
    await s.check('update-method-model', () => send(new UpdateMethodCommand({ ...root, patchOperations: replaceModel('replace', 'MySchemaTwo') })));
    await s.check('delete-model-unused', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchema' })));
    await s.check('delete-model-used-2', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchemaTwo' })));
    const resource = await send<{ id: string }>(new CreateResourceCommand({ restApiId: s.apiId, parentId: s.rootId, pathPart: 'test' }));
    const sub = { restApiId: s.apiId, resourceId: resource.id, httpMethod: 'ANY' };
    await s.check('put-method-2-request-models', () =>
      send(new PutMethodCommand({ ...sub, authorizationType: 'NONE', requestModels: { 'application/json': 'MySchemaTwo' } })),
    );
    await s.check('delete-model-used-by-2-method', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchemaTwo' })));
    await s.check('update-method-model-2', () => send(new UpdateMethodCommand({ ...sub, patchOperations: replaceModel('remove', 'MySchemaTwo') })));
    await s.check('delete-model-used-by-method-1', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchemaTwo' })));
    await s.check('delete-method-using-model-2', () => send(new DeleteMethodCommand(root)));
    await s.check('delete-model-unused-2', () => send(new DeleteModelCommand({ restApiId: s.apiId, modelName: 'MySchemaTwo' })));
  });

  test('PutMethod refuses a wrong API, resource, verb, authorizer, validator and model', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_put_method_validation');
    const put = (over: Record<string, unknown>) =>
      send(new PutMethodCommand({ restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY', authorizationType: 'NONE', ...over }));
    await s.check('wrong-api', () => put({ restApiId: 'fake-api', httpMethod: 'WRONG' }));
    await s.check('wrong-resource', () => put({ resourceId: 'fake-resource-id', httpMethod: 'WRONG' }));
    await s.check('wrong-method', () => put({ httpMethod: 'WRONG' }));
    await s.check('missing-authorizer-id', () => put({ authorizationType: 'CUSTOM' }));
    await s.check('invalid-request-validator', () => put({ requestValidatorId: 'fake-validator' }));
    await s.check('invalid-model-name', () => put({ requestModels: { 'application/json': 'petModel' } }));
  });

  test('UpdateMethod adds, replaces and removes settings, parameters, models and the authorizer', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_update_method');
    const at = { restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY' };
    const update = (patchOperations: PatchOperation[]) => send(new UpdateMethodCommand({ ...at, patchOperations }));
    await s.check('put-method-response', () => send(new PutMethodCommand({ ...at, authorizationType: 'NONE' })));
    await s.check('update-method-add', () =>
      update([
        { op: 'add', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
        { op: 'add', path: '/requestModels/application~1json', value: 'Empty' },
      ]),
    );
    await s.check('update-method-replace', () =>
      update([
        { op: 'replace', path: '/operationName', value: 'ReplacedOperationName' },
        { op: 'replace', path: '/apiKeyRequired', value: 'true' },
        { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
        { op: 'replace', path: '/requestParameters/method.request.querystring.optional', value: 'false' },
      ]),
    );
    const authorizer = await send<{ id: string }>(
      new CreateAuthorizerCommand({
        restApiId: s.apiId,
        name: 'authorizer-test',
        type: 'TOKEN',
        authorizerUri:
          'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations',
        identitySource: 'method.request.header.Authorization',
      }),
    );
    await s.check('update-method-replace-authorizer', () =>
      update([
        { op: 'replace', path: '/authorizerId', value: authorizer.id },
        { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
      ]),
    );
    await s.check('update-method-remove', () =>
      update([
        { op: 'remove', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
        { op: 'remove', path: '/requestModels/application~1json', value: 'Empty' },
      ]),
    );
  });

  test('UpdateMethod refuses unknown paths and ops, and a missing authorizer or validator', async () => {
    const s = await scenario(server, 'TestApiGatewayApiMethod::test_update_method_validation');
    const update = (patchOperations: PatchOperation[], over: Record<string, string> = {}) =>
      send(new UpdateMethodCommand({ restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY', patchOperations, ...over }));
    await s.check('wrong-rest-api', () => update([], { restApiId: 'fake-api' }));
    await s.check('wrong-resource-id', () => update([], { resourceId: 'fake-resource-id' }));
    await s.check('method-does-not-exist', () =>
      update([{ op: 'replace', path: '/operationName', value: 'methodDoesNotExist' }], { httpMethod: 'GET' }),
    );
    await s.check('put-method-response', () =>
      send(new PutMethodCommand({ restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: true })),
    );
    await s.check('unsupported-operation', () => update([{ op: 'add', path: '/operationName', value: 'operationName' }]));
    await s.check('unsupported-operation-2', () => update([{ op: 'add', path: '/requestValidatorId', value: 'wrong-id' }]));
    await s.check('unsupported-path', () => update([{ op: 'add', path: '/httpMethod', value: 'PUT' }]));
    await s.check('wrong-path-request-parameters', () =>
      update([{ op: 'replace', path: '/requestParameters', value: 'method.request.querystring.optional=false' }]),
    );
    await s.check('wrong-path-request-models', () => update([{ op: 'add', path: '/requestModels/application/json', value: 'Empty' }]));
    await s.check('wrong-value-type', () => update([{ op: 'replace', path: '/apiKeyRequired', value: 'whatever' }]));
    await s.check('wrong-auth-type', () => update([{ op: 'replace', path: '/authorizationType', value: 'CUSTOM' }]));
    await s.check('skip-auth-id-with-wrong-type', () => update([{ op: 'replace', path: '/authorizerId', value: 'abc123' }]));
    await s.check('wrong-auth-id', () =>
      update([
        { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
        { op: 'replace', path: '/authorizerId', value: 'abc123' },
      ]),
    );
    await s.check('wrong-req-validator-id', () => update([{ op: 'replace', path: '/requestValidatorId', value: 'fake-id' }]));
  });
});

/** put_method GET + MOCK integration (+ a method response), as every MethodResponse scenario starts. */
async function mockGet(server: Server, s: Scenario, methodResponse?: Record<string, unknown>) {
  const at = { restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'GET' };
  await server.client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
  await server.client.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  if (methodResponse) await server.client.send(new PutMethodResponseCommand({ ...at, statusCode: '200', ...methodResponse }));
  return at;
}

const HEADER = '/responseParameters/method.response.header.my-header';
const JSON_MODEL = '/responseModels/application~1json';
const WITH_HEADER_AND_MODEL = { responseParameters: { 'method.response.header.my-header': false }, responseModels: { 'application/json': 'Empty' } };

describe('MethodResponse parity (TestApigatewayMethodResponse)', { skip }, () => {
  const server = useGatehouse();
  const send = sender(server);

  test('a method response is put, read, extended, shown in GetMethod and deleted', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_lifecycle_method_response');
    const at = { ...(await mockGet(server, s)), statusCode: '200' };
    const update = (op: 'add' | 'replace') =>
      send(
        new UpdateMethodResponseCommand({
          ...at,
          patchOperations: [
            { op, path: HEADER, value: 'true' },
            { op, path: JSON_MODEL, value: 'Empty' },
          ],
        }),
      );
    await s.check('put-method-response', () => send(new PutMethodResponseCommand({ ...at, responseParameters: {}, responseModels: {} })));
    await s.check('get-integration-response', () => send(new GetMethodResponseCommand(at)));
    await s.check('add-method-responses', () => update('add'));
    await s.check('update-method-responses', () => update('replace'));
    await s.check('get-method', () => send(new GetMethodCommand({ restApiId: s.apiId, resourceId: s.rootId, httpMethod: 'GET' })));
    await s.check('delete-method-response', () => send(new DeleteMethodResponseCommand(at)));
  });

  test('removing the last parameter and model drops both maps; adding brings them back', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_response');
    const at = { ...(await mockGet(server, s, WITH_HEADER_AND_MODEL)), statusCode: '200' };
    const update = (op: 'add' | 'remove') =>
      send(
        new UpdateMethodResponseCommand({
          ...at,
          patchOperations: [
            { op, path: HEADER, value: 'true' },
            { op, path: JSON_MODEL, value: 'Empty' },
          ],
        }),
      );
    await s.check('remove-update-method-response', () => update('remove'));
    await s.check('add-update-method-response', () => update('add'));
  });

  test('an unknown patch op is reported once per operation, before anything runs', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_response_wrong_operations');
    const at = { ...(await mockGet(server, s, WITH_HEADER_AND_MODEL)), statusCode: '200' };
    const header = { op: 'wrong_op', path: HEADER, value: 'true' } as unknown as PatchOperation;
    const model = { op: 'wrong_op', path: JSON_MODEL, value: 'Empty' } as unknown as PatchOperation;
    const update = (patchOperations: PatchOperation[]) => send(new UpdateMethodResponseCommand({ ...at, patchOperations }));
    await s.check('update-method-response-wrong-operation-1', () => update([header]));
    await s.check('update-method-response-wrong-operation-2', () => update([model]));
    await s.check('update-method-response-wrong-operation-3', () => update([header, model]));
    await s.check('update-method-response-wrong-operation-4', () => update([header, model, header, model]));
    await s.check(
      'update-method-response-wrong-operation-5',
      () => update([header, { op: 'remove', path: JSON_MODEL, value: 'Empty' }, model]),
    );
  });

  test('UpdateMethodResponse names a wrong status code, resource or method', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_response_negative_tests');
    const at = await mockGet(server, s, WITH_HEADER_AND_MODEL);
    const replaceHeader: PatchOperation[] = [{ op: 'replace', path: HEADER, value: 'true' }];
    const update = (over: Record<string, string>, patchOperations = replaceHeader) =>
      send(new UpdateMethodResponseCommand({ ...at, statusCode: '200', patchOperations, ...over }));
    await s.check('update-method-response-wrong-statuscode', () => update({ statusCode: '201' }));
    await s.check('update-method-response-invalid-statuscode', () => update({ statusCode: 'wrong' }));
    await s.check('update-method-response-wrong-resource', () => update({ resourceId: 'wrong' }));
    await s.check('update-method-response-wrong-method', () => update({ httpMethod: 'POST' }));
  });

  test(
    'a wrong status code and a wrong op are both reported, body member first',
    { skip },
    async () => {
      const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_response_negative_tests');
      const at = await mockGet(server, s, WITH_HEADER_AND_MODEL);
      await s.check(
        'update-method-response-invalid-statuscode-and-wrong-op',
        () =>
          send(
            new UpdateMethodResponseCommand({
              ...at,
              statusCode: 'wrong',
              patchOperations: [{ op: 'wrong_op', path: HEADER, value: 'true' } as unknown as PatchOperation],
            }),
          ),
      );
    },
  );

  test('removing a parameter or model the response lacks answers NotFound; an unknown path BadRequest', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models');
    const at = { ...(await mockGet(server, s, { responseParameters: {}, responseModels: {} })), statusCode: '200' };
    const remove = (path: string, value: string) => send(new UpdateMethodResponseCommand({ ...at, patchOperations: [{ op: 'remove', path, value }] }));
    await s.check('update-method-response-operation-without-response-parameters', () => remove(HEADER, 'true'));
    await s.check('update-method-response-operation-without-response-models', () => remove(JSON_MODEL, 'Empty'));
    await s.check('update-method-response-operation-with-wrong-path', () => remove('/wrong/method.response.header.my-header', 'true'));
  });

  test('replacing or removing an unknown parameter name or content type answers NotFound', async () => {
    const s = await scenario(server, 'TestApigatewayMethodResponse::test_update_method_wrong_param_names');
    const at = { ...(await mockGet(server, s, WITH_HEADER_AND_MODEL)), statusCode: '200' };
    const update = (op: 'replace' | 'remove', path: string, value: string) =>
      send(new UpdateMethodResponseCommand({ ...at, patchOperations: [{ op, path, value }] }));
    await s.check('update-method-response-operation-with-wrong-param-name-1', () => update('replace', '/responseParameters/wrong', 'true'));
    await s.check('update-method-response-operation-with-wrong-param-name-2', () => update('remove', '/responseParameters/wrong', 'true'));
    await s.check('update-method-response-operation-with-wrong-param-name-3', () => update('replace', '/responseModels/wrong', 'Empty'));
    await s.check('update-method-response-operation-with-wrong-param-name-4', () => update('remove', '/responseModels/wrong', 'Empty'));
  });
});
