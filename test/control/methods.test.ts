/**
 * Methods and method responses through the genuine SDK, for what the recorded AWS answers do not
 * show (the recorded ones are in test/parity/methods.test.ts): conflicts, case, scopes, atomic
 * updates and what a method takes with it when deleted.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAuthorizerCommand,
  DeleteMethodCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, sender, useGatehouse } from '../helpers/gatehouse.js';
import { capture } from '../parity/snapshot.js';

describe('Method behaviour beyond the recordings', () => {
  const server = useGatehouse();
  const send = sender(server);
  const newApi = async () => {
    const { restApiId, rootId } = await createRestApi(server.client, 'plain');
    return { restApiId, resourceId: rootId };
  };

  test('putting the same method twice answers ConflictException', async () => {
    const at = { ...(await newApi()), httpMethod: 'GET', authorizationType: 'NONE' };
    await send(new PutMethodCommand(at));
    const again = await capture(() => send(new PutMethodCommand(at)));
    assert.deepEqual(again.Error, { Code: 'ConflictException', Message: 'Method already exists for this resource' });
    assert.equal((again.ResponseMetadata as { HTTPStatusCode: number }).HTTPStatusCode, 409);
  });

  test('a verb and an authorization type sent in lower case are answered in upper case', async () => {
    const root = await newApi();
    const put = await send<{ httpMethod: string; authorizationType: string }>(
      new PutMethodCommand({ ...root, httpMethod: 'post', authorizationType: 'aws_iam' }),
    );
    assert.equal(put.httpMethod, 'POST');
    assert.equal(put.authorizationType, 'AWS_IAM');
    const got = await send<{ httpMethod: string }>(new GetMethodCommand({ ...root, httpMethod: 'POST' }));
    assert.equal(got.httpMethod, 'POST');
  });

  test('an unknown authorization type is refused', async () => {
    const root = await newApi();
    const answer = await capture(() => send(new PutMethodCommand({ ...root, httpMethod: 'GET', authorizationType: 'OAUTH' })));
    assert.equal((answer.Error as { Code: string }).Code, 'BadRequestException');
    assert.match((answer.Error as { Message: string }).Message, /NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS/);
  });

  test('authorization scopes are added and removed one at a time', async () => {
    const at = { ...(await newApi()), httpMethod: 'GET' };
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE', authorizationScopes: ['email'] }));
    const added = await send<{ authorizationScopes?: string[] }>(
      new UpdateMethodCommand({ ...at, patchOperations: [{ op: 'add', path: '/authorizationScopes', value: 'openid' }] }),
    );
    assert.deepEqual(added.authorizationScopes, ['email', 'openid']);
    const removed = await send<{ authorizationScopes?: string[] }>(
      new UpdateMethodCommand({
        ...at,
        patchOperations: [
          { op: 'remove', path: '/authorizationScopes', value: 'email' },
          { op: 'remove', path: '/authorizationScopes', value: 'openid' },
        ],
      }),
    );
    assert.equal(removed.authorizationScopes, undefined);
  });

  test('a Cognito method needs a Cognito authorizer, a CUSTOM method a Lambda one', async () => {
    const root = await newApi();
    const authorizer = (type: 'TOKEN' | 'COGNITO_USER_POOLS') =>
      send<{ id: string }>(
        new CreateAuthorizerCommand({
          restApiId: root.restApiId,
          name: `auth-${type}`,
          type,
          identitySource: 'method.request.header.Authorization',
          ...(type === 'TOKEN'
            ? { authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations' }
            : { providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'] }),
        }),
      );
    const token = await authorizer('TOKEN');
    const cognito = await authorizer('COGNITO_USER_POOLS');
    const put = (httpMethod: string, authorizationType: string, authorizerId: string) =>
      capture(() => send(new PutMethodCommand({ ...root, httpMethod, authorizationType, authorizerId, authorizationScopes: ['email'] })));
    const mismatch = await put('GET', 'COGNITO_USER_POOLS', token.id);
    assert.equal((mismatch.Error as { Code: string }).Code, 'BadRequestException');
    const ok = await put('GET', 'COGNITO_USER_POOLS', cognito.id);
    assert.equal(ok.authorizerId, cognito.id);
    assert.deepEqual(ok.authorizationScopes, ['email']);
    assert.equal(((await put('POST', 'CUSTOM', cognito.id)).Error as { Code: string }).Code, 'BadRequestException');
    assert.equal((await put('POST', 'CUSTOM', token.id)).authorizerId, token.id);
  });

  test('an update that fails part-way changes nothing', async () => {
    const at = { ...(await newApi()), httpMethod: 'GET' };
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE', operationName: 'before' }));
    const answer = await capture(() =>
      send(
        new UpdateMethodCommand({
          ...at,
          patchOperations: [
            { op: 'replace', path: '/operationName', value: 'after' },
            { op: 'replace', path: '/requestValidatorId', value: 'no-such-validator' },
          ],
        }),
      ),
    );
    assert.equal((answer.Error as { Message: string }).Message, 'Invalid Request Validator identifier specified');
    const got = await send<{ operationName?: string; requestValidatorId?: string }>(new GetMethodCommand(at));
    assert.equal(got.operationName, 'before');
    assert.equal(got.requestValidatorId, undefined);
  });

  test('deleting a method deletes its method responses and integration with it', async () => {
    const at = { ...(await newApi()), httpMethod: 'GET' };
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await send(new PutIntegrationCommand({ ...at, type: 'MOCK' }));
    await send(new DeleteMethodCommand(at));
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    const method = await send<Record<string, unknown>>(new GetMethodCommand(at));
    assert.equal(method.methodResponses, undefined);
    assert.equal(method.methodIntegration, undefined);
    const response = await capture(() => send(new GetMethodResponseCommand({ ...at, statusCode: '200' })));
    assert.equal((response.Error as { Message: string }).Message, 'Invalid Response status code specified');
  });

  test('a method response parameter must name a header', async () => {
    const at = { ...(await newApi()), httpMethod: 'GET' };
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    const answer = await capture(() =>
      send(new PutMethodResponseCommand({ ...at, statusCode: '200', responseParameters: { 'method.response.body.x': true } })),
    );
    assert.equal(
      (answer.Error as { Message: string }).Message,
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: method.response.body.x]',
    );
  });
});
