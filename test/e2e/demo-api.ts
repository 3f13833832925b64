/**
 * The seed's "MyDemoAPI" built call by call as Terraform's AWS provider builds it: a blogging API
 * with /posts (GET, POST), /posts/{id} (GET) and a catch-all /{proxy+} (ANY) forwarded to a
 * backend, a Post model, a request validator, a TOKEN authorizer and a custom UNAUTHORIZED
 * gateway response. Shared by the end-to-end tests; each test builds its own copy.
 * Inputs follow the API reference (https://docs.aws.amazon.com/apigateway/latest/api/).
 */
import {
  type APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';

export const MOCK_REQUEST_TEMPLATES = { 'application/json': '{"statusCode": 200}' };
export const POSTS_RESPONSE_TEMPLATES = { 'application/json': '[{"id": "1", "title": "Hello"}]' };
export const CORS_HEADER = 'method.response.header.Access-Control-Allow-Origin';
export const PROXY_BACKEND = 'https://backend.example.com/{proxy}';
export const AUTHORIZER_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:token-authorizer/invocations';
export const POST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'Post',
  type: 'object',
  properties: { id: { type: 'string' }, title: { type: 'string' } },
  required: ['title'],
};
export const UNAUTHORIZED_TEMPLATES = { 'application/json': '{"message":$context.error.messageString}' };

export interface DemoApi {
  restApiId: string;
  rootId: string;
  postsId: string;
  postId: string;
  proxyId: string;
  validatorId: string;
  authorizerId: string;
}

export async function buildDemoApi(client: APIGatewayClient, name = 'MyDemoAPI'): Promise<DemoApi> {
  const api = await client.send(new CreateRestApiCommand({ name, description: 'This is my API for demonstration purposes' }));
  const restApiId = api.id!;
  const rootId = api.rootResourceId!;

  const posts = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'posts' }));
  const post = await client.send(new CreateResourceCommand({ restApiId, parentId: posts.id!, pathPart: '{id}' }));
  const proxy = await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));

  await client.send(new CreateModelCommand({ restApiId, name: 'Post', contentType: 'application/json', description: 'A blog post', schema: JSON.stringify(POST_SCHEMA) }));
  const validator = await client.send(
    new CreateRequestValidatorCommand({ restApiId, name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true }),
  );
  const authorizer = await client.send(
    new CreateAuthorizerCommand({
      restApiId,
      name: 'token-authorizer',
      type: 'TOKEN',
      authorizerUri: AUTHORIZER_URI,
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: '^Bearer [-0-9a-zA-Z._]*$',
      authorizerResultTtlInSeconds: 300,
    }),
  );

  // GET /posts: the seed's aws_api_gateway_method "PostsGET" (authorization = "NONE"), answered by a MOCK.
  await client.send(
    new PutMethodCommand({
      restApiId,
      resourceId: posts.id!,
      httpMethod: 'GET',
      authorizationType: 'NONE',
      requestParameters: { 'method.request.querystring.page': false },
    }),
  );
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: posts.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: MOCK_REQUEST_TEMPLATES }));
  await client.send(
    new PutMethodResponseCommand({
      restApiId,
      resourceId: posts.id!,
      httpMethod: 'GET',
      statusCode: '200',
      responseModels: { 'application/json': 'Empty' },
      responseParameters: { [CORS_HEADER]: false },
    }),
  );
  await client.send(
    new PutIntegrationResponseCommand({
      restApiId,
      resourceId: posts.id!,
      httpMethod: 'GET',
      statusCode: '200',
      selectionPattern: '',
      responseTemplates: POSTS_RESPONSE_TEMPLATES,
      responseParameters: { [CORS_HEADER]: "'*'" },
    }),
  );

  // POST /posts: guarded by the TOKEN authorizer, body validated against the Post model.
  await client.send(
    new PutMethodCommand({
      restApiId,
      resourceId: posts.id!,
      httpMethod: 'POST',
      authorizationType: 'CUSTOM',
      authorizerId: authorizer.id,
      requestValidatorId: validator.id,
      requestModels: { 'application/json': 'Post' },
    }),
  );
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: posts.id!, httpMethod: 'POST', type: 'MOCK', requestTemplates: MOCK_REQUEST_TEMPLATES }));

  // GET /posts/{id}
  await client.send(
    new PutMethodCommand({ restApiId, resourceId: post.id!, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.id': true } }),
  );
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: post.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: MOCK_REQUEST_TEMPLATES }));

  // ANY /{proxy+}: everything else goes to the backend as is.
  await client.send(
    new PutMethodCommand({ restApiId, resourceId: proxy.id!, httpMethod: 'ANY', authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true } }),
  );
  await client.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: proxy.id!,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: PROXY_BACKEND,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
  );

  await client.send(
    new PutGatewayResponseCommand({
      restApiId,
      responseType: 'UNAUTHORIZED',
      statusCode: '401',
      responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
      responseTemplates: UNAUTHORIZED_TEMPLATES,
    }),
  );

  return { restApiId, rootId, postsId: posts.id!, postId: post.id!, proxyId: proxy.id!, validatorId: validator.id!, authorizerId: authorizer.id! };
}

// ---- deployment and stages --------------------------------------------------------------------

/** AWS's values for a method setting nobody has set (recorded: test_apigateway_common TestStages). */
export const DEFAULT_METHOD_SETTING = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

export const PROD_VARIABLES = { backendHost: 'backend.example.com', lambdaAlias: 'prod' };
export const ACCESS_LOG_ARN = 'arn:aws:logs:us-east-1:000000000000:log-group:MyDemoAPI-access-logs';
/** The seed's access_log_settings.format. */
export const ACCESS_LOG_FORMAT =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId';

/** The patch operations Terraform sends for the seed's method_settings (values are strings on the wire). */
export const THROTTLE_ALL_METHODS = [
  { op: 'replace' as const, path: '/*/*/throttling/burstLimit', value: '2000' },
  { op: 'replace' as const, path: '/*/*/throttling/rateLimit', value: '1000' },
];
export const CACHE_GET_POSTS = [
  { op: 'replace' as const, path: '/~1posts/GET/caching/enabled', value: 'true' },
  { op: 'replace' as const, path: '/~1posts/GET/caching/ttlInSeconds', value: '600' },
  { op: 'replace' as const, path: '/~1posts/GET/caching/dataEncrypted', value: 'true' },
];
export const ACCESS_LOGS = [
  { op: 'replace' as const, path: '/accessLogSettings/destinationArn', value: ACCESS_LOG_ARN },
  { op: 'replace' as const, path: '/accessLogSettings/format', value: ACCESS_LOG_FORMAT },
];

/**
 * The seed's aws_api_gateway_deployment "v1" (stage_name = "v1") and aws_api_gateway_stage "prod"
 * on that deployment, with stage variables.
 */
export async function deployDemoApi(client: APIGatewayClient, restApiId: string): Promise<{ deploymentId: string }> {
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'v1', description: 'v1' }));
  await client.send(
    new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id!, description: 'Production', variables: PROD_VARIABLES }),
  );
  return { deploymentId: deployment.id! };
}
