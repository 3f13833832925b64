/**
 * A v2 source estate for the replication tests, built through the genuine SDK clients in one
 * Gatehouse scope (us-east-1, account 111111111111):
 *  - an HTTP API `orders` (CORS, tags) with a Lambda proxy route, an HTTP_PROXY route with
 *    parameter mapping, a JWT authorizer on the local Cognito issuer (pool SOURCE_POOL, audience
 *    SOURCE_CLIENT), a Lambda REQUEST authorizer, a `$default` stage with autoDeploy, access
 *    logs and default route settings, and a named stage `v1` serving an older deployment (a
 *    route added later is served by `$default` only), with route settings, mapped on a custom
 *    domain name under `orders`; a private integration through a VPC link (subnet and security
 *    group mapped) and an SQS-SendMessage integration whose QueueUrl names a source queue;
 *  - a quick-create HTTP API `quick` (CreateApi with a Lambda Target: managed integration, route
 *    and `$default` stage);
 *  - a WebSocket API `chat`: $connect (MOCK), $disconnect (MOCK), $default (Lambda proxy) and
 *    `send` (HTTP to the echo backend, with an integration response) routes, route responses, a
 *    model, a stage `production` on a deployment.
 * The mapping file (MAPPING_V2) gives the recovery region's user pool and client.
 */
import { strToU8, zipSync } from 'fflate';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
} from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { TestGatehouse } from '../helpers/gatehouse.js';
import { LOG_GROUP, ROLE, SOURCE, SOURCE_CERT, TARGET_CERT } from './estate.js';

export const SOURCE_POOL = 'us-east-1_SrcPool1';
export const TARGET_POOL = 'us-west-2_TgtPool1';
export const SOURCE_CLIENT = 'srcclient0001';
export const TARGET_CLIENT = 'tgtclient0001';
export const SOURCE_SUBNET = 'subnet-0aaa1111';
export const TARGET_SUBNET = 'subnet-0ccc3333';
export const SOURCE_SG = 'sg-0bbb2222';
export const TARGET_SG = 'sg-0ddd4444';
export const SOURCE_LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
export const TARGET_LISTENER = 'arn:aws:elasticloadbalancing:us-west-2:222222222222:listener/app/orders/0123456789abcdef/0123456789abcdef';
/** The mapping file: the recovery region's user pool and client, the domain's certificate, the VPC's subnet and security group, the load balancer's listener. */
export const MAPPING_V2 = {
  [SOURCE_POOL]: TARGET_POOL,
  [SOURCE_CLIENT]: TARGET_CLIENT,
  [SOURCE_CERT]: TARGET_CERT,
  [SOURCE_SUBNET]: TARGET_SUBNET,
  [SOURCE_SG]: TARGET_SG,
  [SOURCE_LISTENER]: TARGET_LISTENER,
};

export function v2ClientFor(g: TestGatehouse, scope: { region: string; account: string }) {
  return new ApiGatewayV2Client({ endpoint: g.url, region: scope.region, credentials: { accessKeyId: scope.account, secretAccessKey: 'test' }, maxAttempts: 1 });
}

const HELLO = `export const handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: event.queryStringParameters?.name ?? 'world', route: event.routeKey ?? event.requestContext?.routeKey ?? null, user: event.requestContext?.authorizer?.lambda?.user ?? event.requestContext?.authorizer?.jwt?.claims?.email ?? null, stage: event.requestContext?.stage ?? null, body: event.body ?? null }) });\n`;
const AUTH = `export const handler = async (event) => ({ isAuthorized: event.headers?.authorization === 'allow', context: { user: 'bob' } });\n`;

export interface EstateV2 {
  httpApiId: string;
  quickApiId: string;
  wsApiId: string;
  domainName: string;
  functions: string[];
}

export const SQS_ROLE = 'arn:aws:iam::111111111111:role/orders-sqs';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;
const fnUri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn(name)}/invocations`;

export async function buildEstateV2(g: TestGatehouse, backendUrl: string, name = 'orders'): Promise<EstateV2> {
  const c = v2ClientFor(g, SOURCE);
  const lambda = new LambdaClient({ endpoint: g.url, region: SOURCE.region, credentials: { accessKeyId: SOURCE.account, secretAccessKey: 'test' }, maxAttempts: 1 });
  try {
    const functions = [`${name}-v2-hello`, `${name}-v2-auth`];
    for (const [fn, source] of [
      [functions[0]!, HELLO],
      [functions[1]!, AUTH],
    ] as const) {
      await lambda.send(new CreateFunctionCommand({ FunctionName: fn, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zipSync({ 'index.mjs': strToU8(source) }) } }));
    }

    // The HTTP API.
    const api = await c.send(
      new CreateApiCommand({ Name: name, ProtocolType: 'HTTP', Description: 'orders over HTTP', Tags: { team: 'web' }, CorsConfiguration: { AllowOrigins: ['https://shop.example.com'], AllowMethods: ['GET', 'POST'], MaxAge: 300 } }),
    );
    const ApiId = api.ApiId!;
    const lambdaIntegration = await c.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fnUri(functions[0]!), PayloadFormatVersion: '2.0' }));
    const proxy = await c.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'GET',
        IntegrationUri: `${backendUrl}/echo`,
        PayloadFormatVersion: '1.0',
        RequestParameters: { 'append:header.x-recovered-from': 'orders', 'overwrite:querystring.stage': '$context.stage' },
      }),
    );
    const jwt = await c.send(
      new CreateAuthorizerCommand({ ApiId, Name: 'cognito', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: `https://cognito-idp.us-east-1.amazonaws.com/${SOURCE_POOL}`, Audience: [SOURCE_CLIENT] } }),
    );
    const request = await c.send(
      new CreateAuthorizerCommand({
        ApiId,
        Name: 'lambda',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: fnUri(functions[1]!),
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 0,
      }),
    );
    const link = await c.send(new CreateVpcLinkCommand({ Name: `${name}-link`, SubnetIds: [SOURCE_SUBNET], SecurityGroupIds: [SOURCE_SG] }));
    const privateIntegration = await c.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: SOURCE_LISTENER, ConnectionType: 'VPC_LINK', ConnectionId: link.VpcLinkId, PayloadFormatVersion: '1.0' }),
    );
    const sqs = await c.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        CredentialsArn: SQS_ROLE,
        PayloadFormatVersion: '1.0',
        RequestParameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/orders', MessageBody: '$request.body' },
      }),
    );
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /internal/{proxy+}', Target: `integrations/${privateIntegration.IntegrationId}` }));
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'POST /queue', Target: `integrations/${sqs.IntegrationId}` }));
    const toLambda = `integrations/${lambdaIntegration.IntegrationId}`;
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /hello', Target: toLambda }));
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /echo', Target: `integrations/${proxy.IntegrationId}` }));
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /me', Target: toLambda, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId }));
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /private', Target: toLambda, AuthorizationType: 'CUSTOM', AuthorizerId: request.AuthorizerId }));
    // v1 serves this deployment; the route added after it is served by $default only.
    const first = await c.send(new CreateDeploymentCommand({ ApiId, Description: 'first' }));
    await c.send(
      new CreateStageCommand({
        ApiId,
        StageName: 'v1',
        DeploymentId: first.DeploymentId,
        StageVariables: { color: 'blue' },
        RouteSettings: { 'GET /hello': { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100 } },
        Tags: { stage: 'v1' },
      }),
    );
    await c.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /new', Target: toLambda }));
    await c.send(
      new CreateStageCommand({
        ApiId,
        StageName: '$default',
        AutoDeploy: true,
        StageVariables: { color: 'green' },
        DefaultRouteSettings: { ThrottlingBurstLimit: 500, ThrottlingRateLimit: 1000 },
        AccessLogSettings: { DestinationArn: LOG_GROUP, Format: '$context.requestId' },
      }),
    );
    for (const fn of functions) {
      await lambda.send(new AddPermissionCommand({ FunctionName: fn, StatementId: 'apigateway-v2', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:111111111111:${ApiId}/*` }));
    }
    const domainName = `${name}.example.com`;
    await c.send(new CreateDomainNameCommand({ DomainName: domainName, DomainNameConfigurations: [{ CertificateArn: SOURCE_CERT, EndpointType: 'REGIONAL' }] }));
    await c.send(new CreateApiMappingCommand({ DomainName: domainName, ApiId, Stage: 'v1', ApiMappingKey: 'orders' }));

    // A quick-create API.
    const quick = await c.send(new CreateApiCommand({ Name: `${name}-quick`, ProtocolType: 'HTTP', Target: fnArn(functions[0]!) }));

    // The WebSocket API.
    const ws = await c.send(new CreateApiCommand({ Name: `${name}-chat`, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    const WsId = ws.ApiId!;
    const mock = await c.send(new CreateIntegrationCommand({ ApiId: WsId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' }));
    const wsLambda = await c.send(new CreateIntegrationCommand({ ApiId: WsId, IntegrationType: 'AWS_PROXY', IntegrationUri: fnUri(functions[0]!), IntegrationMethod: 'POST' }));
    const wsHttp = await c.send(
      new CreateIntegrationCommand({ ApiId: WsId, IntegrationType: 'HTTP', IntegrationMethod: 'POST', IntegrationUri: `${backendUrl}/echo`, RequestTemplates: { $default: '$input.body' }, TemplateSelectionExpression: '\\$default' }),
    );
    await c.send(new CreateIntegrationResponseCommand({ ApiId: WsId, IntegrationId: wsHttp.IntegrationId!, IntegrationResponseKey: '$default', ResponseTemplates: { $default: '{"sent": true}' }, TemplateSelectionExpression: '\\$default' }));
    await c.send(new CreateModelCommand({ ApiId: WsId, Name: 'Message', ContentType: 'application/json', Schema: JSON.stringify({ type: 'object', properties: { text: { type: 'string' } } }) }));
    await c.send(new CreateRouteCommand({ ApiId: WsId, RouteKey: '$connect', Target: `integrations/${mock.IntegrationId}` }));
    await c.send(new CreateRouteCommand({ ApiId: WsId, RouteKey: '$disconnect', Target: `integrations/${mock.IntegrationId}` }));
    const def = await c.send(new CreateRouteCommand({ ApiId: WsId, RouteKey: '$default', Target: `integrations/${wsLambda.IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
    await c.send(new CreateRouteResponseCommand({ ApiId: WsId, RouteId: def.RouteId!, RouteResponseKey: '$default' }));
    const send = await c.send(
      new CreateRouteCommand({ ApiId: WsId, RouteKey: 'send', Target: `integrations/${wsHttp.IntegrationId}`, RouteResponseSelectionExpression: '$default', ModelSelectionExpression: '$default', RequestModels: { $default: 'Message' } }),
    );
    await c.send(new CreateRouteResponseCommand({ ApiId: WsId, RouteId: send.RouteId!, RouteResponseKey: '$default', ResponseModels: { $default: 'Message' }, ModelSelectionExpression: '$default' }));
    const wsDeployment = await c.send(new CreateDeploymentCommand({ ApiId: WsId, Description: 'chat' }));
    await c.send(new CreateStageCommand({ ApiId: WsId, StageName: 'production', DeploymentId: wsDeployment.DeploymentId, StageVariables: { room: 'main' } }));
    return { httpApiId: ApiId, quickApiId: quick.ApiId!, wsApiId: WsId, domainName, functions };
  } finally {
    c.destroy();
    lambda.destroy();
  }
}
