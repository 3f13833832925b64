/**
 * A deployed REST API with MOCK integrations answers over HTTP as AWS would: through the three
 * invocation URL shapes, with AWS's routing and its 403 for anything it does not serve.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';

describe('a deployed MOCK API', () => {
  const server = useGatehouse({ inMemory: true });

  /** GET {path} answers 200 with `template` through a MOCK integration. */
  async function mockMethod(restApiId: string, resourceId: string, template: string, httpMethod = 'GET') {
    const c = server.client;
    await c.send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }));
    await c.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200', responseTemplates: { 'application/json': template } }));
  }

  async function postsApi() {
    const { restApiId, rootId } = await createRestApi(server.client, 'mock-api');
    const posts = await server.client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'posts' }));
    await mockMethod(restApiId, posts.id!, '{"posts": [], "stage": "$context.stage", "greeting": "$stageVariables.greeting"}');
    const one = await server.client.send(new CreateResourceCommand({ restApiId, parentId: posts.id!, pathPart: '{postId}' }));
    await mockMethod(restApiId, one.id!, '{"postId": "$input.params(\'postId\')"}');
    await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', variables: { greeting: 'hello' } }));
    return { restApiId, postsId: posts.id! };
  }

  test('answers through {apiId}.execute-api.localhost, /_aws/execute-api and the legacy path', async () => {
    const { restApiId } = await postsApi();
    const expected = { posts: [], stage: 'prod', greeting: 'hello' };
    const byHost = await http(server.g.url, { path: '/prod/posts', host: `${restApiId}.execute-api.localhost:4566` });
    assert.equal(byHost.status, 200);
    assert.deepEqual(byHost.json(), expected);
    assert.equal(byHost.headers['content-type'], 'application/json');
    assert.ok(byHost.headers['x-amzn-requestid']);
    assert.ok(byHost.headers['x-amz-apigw-id']);
    const byPath = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod/posts` });
    assert.deepEqual(byPath.json(), expected);
    const legacy = await http(server.g.url, { path: `/restapis/${restApiId}/prod/_user_request_/posts` });
    assert.deepEqual(legacy.json(), expected);
    const localstackHost = await http(server.g.url, { path: '/prod/posts', host: `${restApiId}.execute-api.localhost.localstack.cloud:4566` });
    assert.deepEqual(localstackHost.json(), expected);
  });

  test('a path parameter is matched and readable in templates', async () => {
    const { restApiId } = await postsApi();
    const res = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod/posts/42` });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { postId: '42' });
  });

  test('an unknown path or method is 403 Missing Authentication Token', async () => {
    const { restApiId } = await postsApi();
    for (const [method, path] of [['GET', '/prod/nothing'], ['DELETE', '/prod/posts'], ['GET', '/prod/posts/1/2']]) {
      const res = await http(server.g.url, { method, path: `/_aws/execute-api/${restApiId}${path}` });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual(res.json(), { message: 'Missing Authentication Token' });
      assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    }
  });

  test('a change is live only after a new deployment', async () => {
    const { restApiId, postsId } = await postsApi();
    await server.client.send(
      new PutIntegrationResponseCommand({ restApiId, resourceId: postsId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"changed": true}' } }),
    );
    const before = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod/posts` });
    assert.deepEqual(before.json(), { posts: [], stage: 'prod', greeting: 'hello' });
    await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    const after = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod/posts` });
    assert.deepEqual(after.json(), { changed: true });
  });

  test('stage variables changed on the stage are live at once', async () => {
    const { restApiId } = await postsApi();
    await server.client.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/greeting', value: 'bonjour' }] }));
    const res = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod/posts` });
    assert.equal((res.json() as { greeting: string }).greeting, 'bonjour');
  });
});
