/**
 * Authorizers and request validators through the genuine SDK, for what the recorded AWS answers
 * do not show: what makes an authorizer usable, updates, and deletion while a method uses one.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAuthorizerCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  DeleteAuthorizerCommand,
  DeleteMethodCommand,
  DeleteRequestValidatorCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  PutMethodCommand,
  UpdateAuthorizerCommand,
  UpdateRequestValidatorCommand,
  type CreateAuthorizerCommandInput,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { refusal } from '../helpers/refusal.js';

const server = useGatehouse();

const newApi = () => createRestApi(server.client, 'auth');
const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const USER_POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';

const createAuthorizer = (input: Omit<CreateAuthorizerCommandInput, 'name'> & { name?: string }) =>
  server.client.send(new CreateAuthorizerCommand({ name: 'auth', ...input }));

describe('authorizers', () => {
  test('a TOKEN authorizer reads the Authorization header unless told otherwise, and reports no TTL it was not given', async () => {
    const { restApiId } = await newApi();
    const created = await createAuthorizer({ restApiId, type: 'TOKEN', authorizerUri: LAMBDA_URI });
    assert.match(created.id!, /^[a-z0-9]{6}$/);
    assert.equal(created.identitySource, 'method.request.header.Authorization');
    assert.equal(created.authorizerResultTtlInSeconds, undefined);
    const got = await server.client.send(new GetAuthorizerCommand({ restApiId, authorizerId: created.id }));
    assert.deepEqual({ ...got, $metadata: undefined }, { ...created, $metadata: undefined });
    const { items = [] } = await server.client.send(new GetAuthorizersCommand({ restApiId }));
    assert.deepEqual(items.map((a) => a.id), [created.id]);
  });

  test('a Lambda authorizer needs a Lambda invocation URI', async () => {
    const { restApiId } = await newApi();
    const missing = await refusal(createAuthorizer({ restApiId, type: 'REQUEST', identitySource: 'method.request.header.Auth' }));
    assert.equal(missing.name, 'BadRequestException');
    assert.equal(missing.message, 'Invalid Authorizer URI: null. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.');
    const placeholder = LAMBDA_URI.replace('us-east-1:lambda', 'region:lambda');
    const wrong = await refusal(createAuthorizer({ restApiId, type: 'TOKEN', authorizerUri: placeholder }));
    assert.equal(wrong.message, `Invalid Authorizer URI: ${placeholder}. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.`);
  });

  test('a Cognito authorizer needs user pool ARNs', async () => {
    const { restApiId } = await newApi();
    const err = await refusal(createAuthorizer({ restApiId, type: 'COGNITO_USER_POOLS' }));
    assert.equal(err.name, 'BadRequestException');
    assert.match(err.message, /providerARNs/);
    const bad = await refusal(createAuthorizer({ restApiId, type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:iam::123456789012:role/x'] }));
    assert.match(bad.message, /^Invalid provider ARN specified: arn:aws:iam::123456789012:role\/x/);
    const ok = await createAuthorizer({ restApiId, type: 'COGNITO_USER_POOLS', providerARNs: [USER_POOL] });
    assert.deepEqual(ok.providerARNs, [USER_POOL]);
    assert.equal(ok.identitySource, 'method.request.header.Authorization');
  });

  test('the result TTL is at most 3600 seconds', async () => {
    const { restApiId } = await newApi();
    const err = await refusal(createAuthorizer({ restApiId, type: 'TOKEN', authorizerUri: LAMBDA_URI, authorizerResultTtlInSeconds: 3601 }));
    assert.equal(err.name, 'BadRequestException');
    assert.match(err.message, /between 0 and 3600/);
  });

  test('a caching REQUEST authorizer needs identity sources; one that does not cache does not', async () => {
    const { restApiId } = await newApi();
    const err = await refusal(createAuthorizer({ restApiId, type: 'REQUEST', authorizerUri: LAMBDA_URI }));
    assert.equal(err.message, 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)');
    const ok = await createAuthorizer({ restApiId, type: 'REQUEST', authorizerUri: LAMBDA_URI, authorizerResultTtlInSeconds: 0 });
    assert.equal(ok.identitySource, undefined);
    const sources = 'method.request.header.Auth, method.request.querystring.name, stageVariables.v, context.requestId';
    const many = await createAuthorizer({ restApiId, type: 'REQUEST', authorizerUri: LAMBDA_URI, identitySource: sources });
    assert.equal(many.identitySource, sources);
    const wrong = await refusal(createAuthorizer({ restApiId, type: 'REQUEST', authorizerUri: LAMBDA_URI, identitySource: 'header.Auth' }));
    assert.match(wrong.message, /^Invalid identity source specified: header\.Auth\./);
  });

  test('updates patch every field and must leave a usable authorizer', async () => {
    const { restApiId } = await newApi();
    const { id: authorizerId } = await createAuthorizer({ restApiId, type: 'TOKEN', authorizerUri: LAMBDA_URI });
    const updated = await server.client.send(
      new UpdateAuthorizerCommand({
        restApiId,
        authorizerId,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'renamed' },
          { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' },
          { op: 'replace', path: '/identitySource', value: 'method.request.header.X-Token' },
          { op: 'replace', path: '/identityValidationExpression', value: '^Bearer .+$' },
          { op: 'replace', path: '/authType', value: 'custom' },
        ],
      }),
    );
    assert.equal(updated.name, 'renamed');
    assert.equal(updated.authorizerResultTtlInSeconds, 60);
    assert.equal(updated.identitySource, 'method.request.header.X-Token');
    assert.equal(updated.identityValidationExpression, '^Bearer .+$');
    assert.equal(updated.authType, 'custom');
    const err = await refusal(server.client.send(new UpdateAuthorizerCommand({ restApiId, authorizerId, patchOperations: [{ op: 'replace', path: '/authorizerUri', value: 'nope' }] })));
    assert.equal(err.name, 'BadRequestException');
    const after = await server.client.send(new GetAuthorizerCommand({ restApiId, authorizerId }));
    assert.equal(after.authorizerUri, LAMBDA_URI);
  });

  test('a Cognito authorizer gains and loses user pools by path', async () => {
    const { restApiId } = await newApi();
    const { id: authorizerId } = await createAuthorizer({ restApiId, type: 'COGNITO_USER_POOLS', providerARNs: [USER_POOL] });
    const second = USER_POOL.replace('ABC123', 'DEF456');
    const added = await server.client.send(new UpdateAuthorizerCommand({ restApiId, authorizerId, patchOperations: [{ op: 'add', path: `/providerARNs/${second.replace(/\//g, '~1')}` }] }));
    assert.deepEqual(added.providerARNs, [USER_POOL, second]);
    const removed = await server.client.send(new UpdateAuthorizerCommand({ restApiId, authorizerId, patchOperations: [{ op: 'remove', path: `/providerARNs/${USER_POOL.replace(/\//g, '~1')}` }] }));
    assert.deepEqual(removed.providerARNs, [second]);
  });

  test('an authorizer a method uses cannot be deleted until the method lets go', async () => {
    const { restApiId, rootId } = await newApi();
    const { id: authorizerId } = await createAuthorizer({ restApiId, name: 'guard', type: 'TOKEN', authorizerUri: LAMBDA_URI });
    const pets = await server.client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'pets' }));
    await server.client.send(new PutMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId }));
    const err = await refusal(server.client.send(new DeleteAuthorizerCommand({ restApiId, authorizerId })));
    assert.equal(err.name, 'ConflictException');
    assert.equal(err.message, "Cannot delete authorizer 'guard', is referenced in method: GET//pets");
    await server.client.send(new DeleteMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET' }));
    await server.client.send(new DeleteAuthorizerCommand({ restApiId, authorizerId }));
    const gone = await refusal(server.client.send(new GetAuthorizerCommand({ restApiId, authorizerId })));
    assert.deepEqual(gone, { name: 'NotFoundException', message: 'Invalid Authorizer identifier specified' });
  });
});

describe('request validators', () => {
  test('a blank name is refused on create', async () => {
    const { restApiId } = await newApi();
    const err = await refusal(server.client.send(new CreateRequestValidatorCommand({ restApiId, name: '  ' })));
    assert.deepEqual(err, { name: 'BadRequestException', message: 'Request Validator name cannot be blank' });
  });

  test('boolean patch values are read as AWS reads them: "TRUE" is true, anything else false', async () => {
    const { restApiId } = await newApi();
    const { id: requestValidatorId } = await server.client.send(new CreateRequestValidatorCommand({ restApiId, name: 'v' }));
    const patch = (value: string) =>
      server.client.send(new UpdateRequestValidatorCommand({ restApiId, requestValidatorId, patchOperations: [{ op: 'replace', path: '/validateRequestParameters', value }] }));
    assert.equal((await patch('TRUE')).validateRequestParameters, true);
    assert.equal((await patch('yes')).validateRequestParameters, false);
  });

  test('a validator a method uses cannot be deleted', async () => {
    const { restApiId, rootId } = await newApi();
    const { id: requestValidatorId } = await server.client.send(new CreateRequestValidatorCommand({ restApiId, name: 'body-only', validateRequestBody: true }));
    await server.client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'POST', authorizationType: 'NONE', requestValidatorId }));
    const err = await refusal(server.client.send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId })));
    assert.equal(err.name, 'ConflictException');
    assert.equal(err.message, "Cannot delete request validator 'body-only', is referenced in method: POST//");
  });
});
