/**
 * The seed's Terraform-shaped flow end to end, through the genuine AWS SDK: the MyDemoAPI with
 * /posts, /posts/{id} and /{proxy+}, its methods and integrations, a model, a request validator,
 * a TOKEN authorizer and a gateway response; deployment v1 and stage prod with variables, method
 * settings (throttling, caching) and access logs. Every test reads back what it set.
 * Expected values follow the API reference (https://docs.aws.amazon.com/apigateway/latest/api/)
 * and the responses AWS recorded (shared/reference/aws-recorded-responses).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestException,
  CreateDeploymentCommand,
  GetAuthorizerCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetGatewayResponseCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
  type APIGatewayClient,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import {
  ACCESS_LOG_ARN,
  ACCESS_LOG_FORMAT,
  ACCESS_LOGS,
  AUTHORIZER_URI,
  buildDemoApi,
  CACHE_GET_POSTS,
  CORS_HEADER,
  DEFAULT_METHOD_SETTING,
  deployDemoApi,
  MOCK_REQUEST_TEMPLATES,
  POST_SCHEMA,
  POSTS_RESPONSE_TEMPLATES,
  PROD_VARIABLES,
  PROXY_BACKEND,
  THROTTLE_ALL_METHODS,
  UNAUTHORIZED_TEMPLATES,
} from './demo-api.js';

/** The SDK's output without its `$metadata`, for deepEqual against what AWS answers. */
function body<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _ignored, ...rest } = output as T & { $metadata?: unknown };
  return rest;
}

async function allResources(client: APIGatewayClient, restApiId: string, limit: number): Promise<Resource[]> {
  const items: Resource[] = [];
  let position: string | undefined;
  do {
    const page = await client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit, position }));
    items.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return items;
}

describe('the MyDemoAPI flow (Terraform-shaped, genuine SDK)', () => {
  const server = useGatehouse();

  test('the new API is listed by GetRestApis with its name and description', async () => {
    const { restApiId, rootId } = await buildDemoApi(server.client);
    const apis = await server.client.send(new GetRestApisCommand({ limit: 500 }));
    const mine = apis.items?.find((a) => a.id === restApiId);
    assert.ok(mine, `GetRestApis does not list ${restApiId}`);
    assert.equal(mine.name, 'MyDemoAPI');
    assert.equal(mine.description, 'This is my API for demonstration purposes');
    assert.equal(mine.rootResourceId, rootId);
  });

  test('GetResources with embed=methods shows the resource tree and each resource\'s methods, page by page', async () => {
    const demo = await buildDemoApi(server.client);
    const items = await allResources(server.client, demo.restApiId, 2);
    const byPath = Object.fromEntries(items.map((r) => [r.path, r]));
    assert.deepEqual(Object.keys(byPath).sort(), ['/', '/posts', '/posts/{id}', '/{proxy+}']);
    assert.equal(items.length, 4, 'a resource was listed twice across pages');

    assert.equal(byPath['/'].id, demo.rootId);
    assert.equal(byPath['/'].parentId, undefined);
    assert.equal(byPath['/'].resourceMethods, undefined, 'the root has no methods, so no resourceMethods');
    assert.deepEqual(
      [byPath['/posts'].pathPart, byPath['/posts'].parentId, byPath['/posts/{id}'].pathPart, byPath['/posts/{id}'].parentId],
      ['posts', demo.rootId, '{id}', demo.postsId],
    );
    assert.deepEqual([byPath['/{proxy+}'].pathPart, byPath['/{proxy+}'].parentId], ['{proxy+}', demo.rootId]);

    assert.deepEqual(Object.keys(byPath['/posts'].resourceMethods ?? {}).sort(), ['GET', 'POST']);
    assert.deepEqual(Object.keys(byPath['/posts/{id}'].resourceMethods ?? {}), ['GET']);
    assert.deepEqual(Object.keys(byPath['/{proxy+}'].resourceMethods ?? {}), ['ANY']);
    // embed=methods embeds the whole Method, integration included.
    const getPosts = byPath['/posts'].resourceMethods!.GET;
    assert.equal(getPosts.httpMethod, 'GET');
    assert.equal(getPosts.authorizationType, 'NONE');
    assert.equal(getPosts.methodIntegration?.type, 'MOCK');
    assert.equal(byPath['/{proxy+}'].resourceMethods!.ANY.methodIntegration?.type, 'HTTP_PROXY');
  });

  test('GET /posts reads back with its MOCK integration, method response and integration response', async () => {
    const demo = await buildDemoApi(server.client);
    const method = await server.client.send(new GetMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postsId, httpMethod: 'GET' }));
    assert.deepEqual(body(method), {
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      requestParameters: { 'method.request.querystring.page': false },
      methodResponses: {
        '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' }, responseParameters: { [CORS_HEADER]: false } },
      },
      methodIntegration: {
        type: 'MOCK',
        requestTemplates: MOCK_REQUEST_TEMPLATES,
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        // "By default, API Gateway uses the resource ID as the cacheNamespace" (PutIntegration).
        cacheNamespace: demo.postsId,
        cacheKeyParameters: [],
        integrationResponses: {
          '200': { statusCode: '200', selectionPattern: '', responseTemplates: POSTS_RESPONSE_TEMPLATES, responseParameters: { [CORS_HEADER]: "'*'" } },
        },
      },
    });
  });

  test('POST /posts is guarded by the TOKEN authorizer and validates its body against the Post model', async () => {
    const demo = await buildDemoApi(server.client);
    const method = await server.client.send(new GetMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postsId, httpMethod: 'POST' }));
    assert.equal(method.authorizationType, 'CUSTOM');
    assert.equal(method.authorizerId, demo.authorizerId);
    assert.equal(method.requestValidatorId, demo.validatorId);
    assert.deepEqual(method.requestModels, { 'application/json': 'Post' });

    const authorizer = await server.client.send(new GetAuthorizerCommand({ restApiId: demo.restApiId, authorizerId: demo.authorizerId }));
    assert.equal(authorizer.id, demo.authorizerId);
    assert.equal(authorizer.name, 'token-authorizer');
    assert.equal(authorizer.type, 'TOKEN');
    assert.equal(authorizer.authorizerUri, AUTHORIZER_URI);
    assert.equal(authorizer.identitySource, 'method.request.header.Authorization');
    assert.equal(authorizer.identityValidationExpression, '^Bearer [-0-9a-zA-Z._]*$');
    assert.equal(authorizer.authorizerResultTtlInSeconds, 300);

    const validator = await server.client.send(new GetRequestValidatorCommand({ restApiId: demo.restApiId, requestValidatorId: demo.validatorId }));
    assert.deepEqual(body(validator), { id: demo.validatorId, name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true });
  });

  test('ANY /{proxy+} forwards to the backend through an HTTP_PROXY integration with the proxy path mapped', async () => {
    const demo = await buildDemoApi(server.client);
    const integration = await server.client.send(new GetIntegrationCommand({ restApiId: demo.restApiId, resourceId: demo.proxyId, httpMethod: 'ANY' }));
    assert.deepEqual(body(integration), {
      type: 'HTTP_PROXY',
      httpMethod: 'ANY',
      uri: PROXY_BACKEND,
      connectionType: 'INTERNET',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      cacheNamespace: demo.proxyId,
      cacheKeyParameters: [],
    });
  });

  test('the Post model is listed beside the Empty and Error models every API starts with', async () => {
    const demo = await buildDemoApi(server.client);
    const models = await server.client.send(new GetModelsCommand({ restApiId: demo.restApiId }));
    assert.deepEqual(models.items?.map((m) => m.name).sort(), ['Empty', 'Error', 'Post']);
    const post = await server.client.send(new GetModelCommand({ restApiId: demo.restApiId, modelName: 'Post' }));
    assert.equal(post.name, 'Post');
    assert.equal(post.contentType, 'application/json');
    assert.equal(post.description, 'A blog post');
    assert.ok(post.id, 'the model has an id');
    assert.deepEqual(JSON.parse(post.schema!), POST_SCHEMA);
  });

  test('the custom UNAUTHORIZED gateway response reads back as put, no longer the default', async () => {
    const demo = await buildDemoApi(server.client);
    const response = await server.client.send(new GetGatewayResponseCommand({ restApiId: demo.restApiId, responseType: 'UNAUTHORIZED' }));
    assert.deepEqual(body(response), {
      responseType: 'UNAUTHORIZED',
      statusCode: '401',
      responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
      responseTemplates: UNAUTHORIZED_TEMPLATES,
      defaultResponse: false,
    });
  });

  test('CreateDeployment with stageName v1 creates stage v1 serving that deployment', async () => {
    const demo = await buildDemoApi(server.client);
    const deployment = await server.client.send(new CreateDeploymentCommand({ restApiId: demo.restApiId, stageName: 'v1' }));
    assert.ok(deployment.id);
    assert.ok(deployment.createdDate instanceof Date);
    const stage = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'v1' }));
    assert.equal(stage.stageName, 'v1');
    assert.equal(stage.deploymentId, deployment.id);
    assert.equal(stage.cacheClusterEnabled, false);
    assert.equal(stage.cacheClusterStatus, 'NOT_AVAILABLE');
    assert.deepEqual(stage.methodSettings, {});
    assert.equal(stage.tracingEnabled, false);
  });

  test('GetDeployment with embed=apisummary lists every deployed method with its authorization', async () => {
    const demo = await buildDemoApi(server.client);
    const { deploymentId } = await deployDemoApi(server.client, demo.restApiId);
    const deployment = await server.client.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId, embed: ['apisummary'] }));
    assert.equal(deployment.id, deploymentId);
    assert.equal(deployment.description, 'v1');
    assert.deepEqual(deployment.apiSummary, {
      '/posts': { GET: { authorizationType: 'NONE', apiKeyRequired: false }, POST: { authorizationType: 'CUSTOM', apiKeyRequired: false } },
      '/posts/{id}': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: false } },
    });
    const plain = await server.client.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId }));
    assert.equal(plain.apiSummary, undefined, 'without embed there is no apiSummary');
  });

  test('a deployment keeps the API as it was: a method added later shows only in the next deployment', async () => {
    const demo = await buildDemoApi(server.client);
    const { deploymentId } = await deployDemoApi(server.client, demo.restApiId);
    await server.client.send(new PutMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postId, httpMethod: 'DELETE', authorizationType: 'AWS_IAM' }));
    // AWS refuses to deploy a method without an integration ("No integration defined for method").
    await server.client.send(
      new PutIntegrationCommand({ restApiId: demo.restApiId, resourceId: demo.postId, httpMethod: 'DELETE', type: 'MOCK', requestTemplates: MOCK_REQUEST_TEMPLATES }),
    );
    const before = await server.client.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId, embed: ['apisummary'] }));
    assert.deepEqual(Object.keys(before.apiSummary?.['/posts/{id}'] ?? {}), ['GET']);
    const next = await server.client.send(new CreateDeploymentCommand({ restApiId: demo.restApiId }));
    const after = await server.client.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId: next.id!, embed: ['apisummary'] }));
    assert.deepEqual(after.apiSummary?.['/posts/{id}'], {
      GET: { authorizationType: 'NONE', apiKeyRequired: false },
      DELETE: { authorizationType: 'AWS_IAM', apiKeyRequired: false },
    });
  });

  test('deploying a method that has no integration is refused, and no deployment or stage is left behind', async () => {
    const demo = await buildDemoApi(server.client);
    await server.client.send(new PutMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postId, httpMethod: 'PUT', authorizationType: 'NONE' }));
    await assert.rejects(server.client.send(new CreateDeploymentCommand({ restApiId: demo.restApiId, stageName: 'broken' })), (err: Error) => {
      assert.ok(err instanceof BadRequestException, `expected BadRequestException, got ${err.name}`);
      assert.equal(err.message, 'No integration defined for method');
      return true;
    });
    const deployments = await server.client.send(new GetDeploymentsCommand({ restApiId: demo.restApiId }));
    assert.deepEqual(deployments.items ?? [], []);
    const stages = await server.client.send(new GetStagesCommand({ restApiId: demo.restApiId }));
    assert.deepEqual(stages.item ?? [], []);
  });

  test('stage prod on deployment v1 carries its variables; UpdateStage adds and removes variables', async () => {
    const demo = await buildDemoApi(server.client);
    const { deploymentId } = await deployDemoApi(server.client, demo.restApiId);
    const prod = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
    assert.equal(prod.deploymentId, deploymentId);
    assert.equal(prod.description, 'Production');
    assert.deepEqual(prod.variables, PROD_VARIABLES);

    const updated = await server.client.send(
      new UpdateStageCommand({
        restApiId: demo.restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/variables/logLevel', value: 'warn' },
          { op: 'remove', path: '/variables/lambdaAlias' },
        ],
      }),
    );
    assert.deepEqual(updated.variables, { backendHost: 'backend.example.com', logLevel: 'warn' });
    const read = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
    assert.deepEqual(read.variables, { backendHost: 'backend.example.com', logLevel: 'warn' });
  });

  test('GetStages lists stage v1 and stage prod, both on deployment v1', async () => {
    const demo = await buildDemoApi(server.client);
    const { deploymentId } = await deployDemoApi(server.client, demo.restApiId);
    const stages = await server.client.send(new GetStagesCommand({ restApiId: demo.restApiId }));
    assert.deepEqual(stages.item?.map((s) => [s.stageName, s.deploymentId]).sort(), [
      ['prod', deploymentId],
      ['v1', deploymentId],
    ]);
  });

  test('throttling set for all methods (/*/*/throttling/...) reads back under "*/*", AWS defaults for the rest', async () => {
    const demo = await buildDemoApi(server.client);
    await deployDemoApi(server.client, demo.restApiId);
    const updated = await server.client.send(new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: THROTTLE_ALL_METHODS }));
    const expected = { '*/*': { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 2000, throttlingRateLimit: 1000 } };
    assert.deepEqual(updated.methodSettings, expected);
    const read = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
    assert.deepEqual(read.methodSettings, expected);
  });

  test('caching for GET /posts (/~1posts/GET/caching/...) reads back under "posts/GET", starting from the stage-wide settings', async () => {
    const demo = await buildDemoApi(server.client);
    await deployDemoApi(server.client, demo.restApiId);
    await server.client.send(
      new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: [...THROTTLE_ALL_METHODS, ...CACHE_GET_POSTS] }),
    );
    const read = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
    // A method's own setting starts as a copy of "*/*" (AWS recorded this in test_create_update_stages).
    assert.deepEqual(read.methodSettings, {
      '*/*': { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 2000, throttlingRateLimit: 1000 },
      'posts/GET': {
        ...DEFAULT_METHOD_SETTING,
        throttlingBurstLimit: 2000,
        throttlingRateLimit: 1000,
        cachingEnabled: true,
        cacheTtlInSeconds: 600,
        cacheDataEncrypted: true,
      },
    });
  });

  test('a later change to "*/*" leaves the GET /posts setting as it was', async () => {
    const demo = await buildDemoApi(server.client);
    await deployDemoApi(server.client, demo.restApiId);
    await server.client.send(new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: CACHE_GET_POSTS }));
    const updated = await server.client.send(
      new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' }] }),
    );
    assert.equal(updated.methodSettings?.['*/*']?.throttlingBurstLimit, 100);
    assert.equal(updated.methodSettings?.['posts/GET']?.throttlingBurstLimit, 5000);
    assert.equal(updated.methodSettings?.['posts/GET']?.cachingEnabled, true);
  });

  test('access log settings set by UpdateStage read back from GetStage', async () => {
    const demo = await buildDemoApi(server.client);
    await deployDemoApi(server.client, demo.restApiId);
    const updated = await server.client.send(new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: ACCESS_LOGS }));
    assert.deepEqual(updated.accessLogSettings, { destinationArn: ACCESS_LOG_ARN, format: ACCESS_LOG_FORMAT });
    const read = await server.client.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
    assert.deepEqual(read.accessLogSettings, { destinationArn: ACCESS_LOG_ARN, format: ACCESS_LOG_FORMAT });
    assert.ok(read.lastUpdatedDate instanceof Date && read.createdDate instanceof Date);
    assert.ok(read.lastUpdatedDate.getTime() >= read.createdDate.getTime());
  });
});
