/**
 * A source estate for the replication tests, built through the genuine SDK clients in one
 * Gatehouse scope (us-east-1, account 111111111111): a REST API with MOCK, HTTP and Lambda
 * (AWS_PROXY) integrations, a Lambda TOKEN authorizer, a model, a request validator, a gateway
 * response, documentation, a resource policy, two stages (prod serves an older deployment than
 * dev, so the deployed state differs from the working state), an API key in a usage plan, and a
 * custom domain name. The target scope is us-west-2, account 222222222222.
 */
import { strToU8, zipSync } from 'fflate';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  CreateDomainNameCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  CreateVpcLinkCommand,
  GenerateClientCertificateCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { TestGatehouse } from '../helpers/gatehouse.js';
import type { DrConfig } from '../../src/replication/index.js';

export const SOURCE = { region: 'us-east-1', account: '111111111111' };
export const TARGET = { region: 'us-west-2', account: '222222222222' };
export const SOURCE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-aaaa-bbbb-cccc-000000000001';
export const TARGET_CERT = 'arn:aws:acm:us-west-2:222222222222:certificate/22222222-aaaa-bbbb-cccc-000000000002';
export const SOURCE_NLB = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/shop/50dc6c495c0c9188';
export const TARGET_NLB = 'arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/net/shop/0123456789abcdef';
/** The mapping file the tests give: the certificate and the load balancer of the recovery region. */
export const MAPPING = { [SOURCE_CERT]: TARGET_CERT, [SOURCE_NLB]: TARGET_NLB };
export const ROLE = 'arn:aws:iam::111111111111:role/lambda-exec';
export const LOG_GROUP = 'arn:aws:logs:us-east-1:111111111111:log-group:shop-access';

export function sideConfig(g: TestGatehouse, scope: { region: string; account: string }) {
  return { endpoint: g.url, region: scope.region, account: scope.account, credentials: { accessKeyId: scope.account, secretAccessKey: 'test' } };
}

export function clientsFor(g: TestGatehouse, scope: { region: string; account: string }) {
  const config = { endpoint: g.url, region: scope.region, credentials: { accessKeyId: scope.account, secretAccessKey: 'test' }, maxAttempts: 1 };
  return { apigateway: new APIGatewayClient(config), lambda: new LambdaClient(config) };
}

export function drConfig(g: TestGatehouse, dataDir: string, extra: Partial<DrConfig> = {}): DrConfig {
  return { dataDir, source: sideConfig(g, SOURCE), target: sideConfig(g, TARGET), selection: { all: true }, ...extra };
}

const HELLO = `export const handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hello: event.queryStringParameters?.name ?? 'world', user: event.requestContext.authorizer?.principalId ?? null, path: event.path }) });\n`;
const AUTHORIZER = `export const handler = async (event) => ({
  principalId: event.authorizationToken === 'allow' ? 'alice' : 'nobody',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.authorizationToken === 'allow' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
});\n`;

export interface Estate {
  restApiId: string;
  apiKeyValue: string;
  domainName: string;
  functions: string[];
}

const fnUri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:${name}/invocations`;

async function nodeFunction(lambda: LambdaClient, name: string, source: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zipSync({ 'index.mjs': strToU8(source) }) }, Environment: { Variables: { GREETING: 'hi' } } }),
  );
}

export async function buildEstate(g: TestGatehouse, backendUrl: string, name = 'shop'): Promise<Estate> {
  const { apigateway: c, lambda } = clientsFor(g, SOURCE);
  try {
    const functions = [`${name}-hello`, `${name}-auth`];
    await nodeFunction(lambda, functions[0]!, HELLO);
    await nodeFunction(lambda, functions[1]!, AUTHORIZER);

    const api = await c.send(
      new CreateRestApiCommand({
        name,
        description: 'the shop',
        endpointConfiguration: { types: ['EDGE'] },
        tags: { team: 'web' },
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
        }),
      }),
    );
    const restApiId = api.id!;
    const root = api.rootResourceId!;
    await c.send(new CreateModelCommand({ restApiId, name: 'Item', contentType: 'application/json', schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }) }));
    const validator = await c.send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }));
    const authorizer = await c.send(
      new CreateAuthorizerCommand({ restApiId, name: 'token', type: 'TOKEN', authorizerUri: fnUri(functions[1]!), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }),
    );
    const resource = async (parentId: string, pathPart: string) => (await c.send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id!;
    const items = await resource(root, 'items');
    const hello = await resource(root, 'hello');
    const proxied = await resource(root, 'echo');
    const keyed = await resource(root, 'keyed');

    const mock = async (resourceId: string, httpMethod: string, body: string, extra: object = {}) => {
      const ids = { restApiId, resourceId, httpMethod };
      await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE', ...extra }));
      await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
      await c.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': body } }));
    };
    await mock(items, 'GET', '{"items": ["a", "b"], "stage": "$context.stage"}');
    await mock(items, 'POST', '{"created": true}', { requestValidatorId: validator.id, requestModels: { 'application/json': 'Item' } });
    await mock(keyed, 'GET', '{"keyed": true}', { apiKeyRequired: true });

    await c.send(new PutMethodCommand({ restApiId, resourceId: hello, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId: hello, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: fnUri(functions[0]!) }));

    await c.send(new PutMethodCommand({ restApiId, resourceId: proxied, httpMethod: 'GET', authorizationType: 'NONE' }));
    await c.send(new PutIntegrationCommand({ restApiId, resourceId: proxied, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backendUrl}/echo` }));

    await c.send(new PutGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404', responseTemplates: { 'application/json': '{"message": "no such route"}' } }));
    await c.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: JSON.stringify({ description: 'The shop API' }) }));
    await c.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1', description: 'first' }));

    // prod serves this deployment; the working state then changes and dev serves the change.
    const first = await c.send(new CreateDeploymentCommand({ restApiId, description: 'first' }));
    await c.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: first.id!, variables: { color: 'blue' }, description: 'production' }));
    await c.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: LOG_GROUP },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
        ],
      }),
    );
    await c.send(
      new PutIntegrationResponseCommand({ restApiId, resourceId: items, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"items": ["a", "b", "c"], "stage": "$context.stage"}' } }),
    );
    const second = await c.send(new CreateDeploymentCommand({ restApiId, description: 'second' }));
    await c.send(new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: second.id! }));

    // What lets API Gateway call the functions, as on AWS: a permission naming the API's ARN.
    for (const fn of functions) {
      await lambda.send(
        new AddPermissionCommand({ FunctionName: fn, StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:111111111111:${restApiId}/*` }),
      );
    }
    // A client certificate for prod's backend calls, a VPC link (to an NLB the mapping file maps), a canary on dev.
    const certificate = await c.send(new GenerateClientCertificateCommand({ description: 'backend mTLS' }));
    await c.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: certificate.clientCertificateId }] }));
    const link = await c.send(new CreateVpcLinkCommand({ name: `${name}-link`, targetArns: [SOURCE_NLB] }));
    const privateResource = await resource(root, 'private');
    await c.send(new PutMethodCommand({ restApiId, resourceId: privateResource, httpMethod: 'GET', authorizationType: 'NONE' }));
    await c.send(
      new PutIntegrationCommand({ restApiId, resourceId: privateResource, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'http://internal.example/', connectionType: 'VPC_LINK', connectionId: link.id }),
    );
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', description: 'canary', canarySettings: { percentTraffic: 10, stageVariableOverrides: { color: 'green' } } }));

    const apiKeyValue = `${name}-key-value-0123456789`;
    const key = await c.send(new CreateApiKeyCommand({ name: `${name}-customer`, value: apiKeyValue, enabled: true }));
    const plan = await c.send(new CreateUsagePlanCommand({ name: `${name}-basic`, apiStages: [{ apiId: restApiId, stage: 'prod' }], throttle: { rateLimit: 100, burstLimit: 50 }, quota: { limit: 1000, period: 'DAY' } }));
    await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));

    const domainName = `${name}.example.com`;
    await c.send(new CreateDomainNameCommand({ domainName, regionalCertificateArn: SOURCE_CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    await c.send(new CreateBasePathMappingCommand({ domainName, restApiId, basePath: 'shop', stage: 'prod' }));
    return { restApiId, apiKeyValue, domainName, functions };
  } finally {
    c.destroy();
    lambda.destroy();
  }
}
