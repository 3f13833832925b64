/**
 * HTTP and WebSocket APIs through the genuine @aws-sdk/client-apigatewayv2: creation defaults,
 * quick create, updates, CORS, paging, deletion with children, and AWS's errors for bad input.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteStageCommand,
  GetApiCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  UpdateApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { KIND } from '../../../src/definitions/apigatewayv2.js';
import { LAMBDA_ARN, httpApi, proxyRoute, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';

const server = useV2Gatehouse();
const scope = { account: '000000000000', region: 'us-east-1' };

describe('CreateApi', () => {
  test('an HTTP API gets AWS defaults, an ISO-8601 creation date and an endpoint on this Gatehouse', async () => {
    const before = Date.now();
    const api = await server.client.send(new CreateApiCommand({ Name: 'shop', ProtocolType: 'HTTP', Description: 'd', Tags: { team: 'a' } }));
    assert.match(api.ApiId!, /^[a-z0-9]{10}$/);
    assert.equal(api.Name, 'shop');
    assert.equal(api.ProtocolType, 'HTTP');
    assert.equal(api.RouteSelectionExpression, '$request.method $request.path');
    assert.equal(api.ApiKeySelectionExpression, '$request.header.x-api-key');
    assert.equal(api.DisableExecuteApiEndpoint, false);
    assert.equal(api.IpAddressType, 'ipv4');
    assert.deepEqual(api.Tags, { team: 'a' });
    assert.equal(api.ApiEndpoint, `http://${api.ApiId}.execute-api.localhost:${server.g.port}`);
    assert.ok(api.CreatedDate instanceof Date && api.CreatedDate.getTime() >= before - 1000);
    const got = await server.client.send(new GetApiCommand({ ApiId: api.ApiId }));
    assert.equal(got.Description, 'd');
    assert.equal(got.CreatedDate?.toISOString(), api.CreatedDate?.toISOString());
  });

  test('a WebSocket API needs a route selection expression and gets a ws:// endpoint', async () => {
    await rejects(
      server.client.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET' })),
      'BadRequestException', 400, 'Route selection expression is required for WEBSOCKET protocol',
    );
    const api = await server.client.send(
      new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey' }),
    );
    assert.equal(api.ApiEndpoint, `ws://${api.ApiId}.execute-api.localhost:${server.g.port}`);
    assert.equal(api.RouteSelectionExpression, '$request.body.action');
    assert.equal(api.ApiKeySelectionExpression, '$context.authorizer.usageIdentifierKey');
  });

  test('bad input is refused and creates nothing', async () => {
    const count = async () => server.g.store.transaction(scope, (tx) => tx.count(KIND.api));
    const before = await count();
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.body.action' })), 'BadRequestException', 400, /Unsupported route selection expression/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', ApiKeySelectionExpression: '$request.header.key' })), 'BadRequestException', 400, /ApiKeySelectionExpression is invalid/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a', Target: LAMBDA_ARN })), 'BadRequestException', 400, /supported only for HTTP APIs/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', Target: 'ftp://nowhere' })), 'BadRequestException', 400, /Invalid target specified/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', Target: LAMBDA_ARN, RouteKey: 'GET items' })), 'BadRequestException', 400, /not formatted properly for HTTP protocol/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: true } })), 'BadRequestException', 400, /AllowCredentials/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', CorsConfiguration: { MaxAge: 86401 } })), 'BadRequestException', 400, /MaxAge/);
    await rejects(server.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'SOAP' as 'HTTP' })), 'ValidationException', 400, /enum value set/);
    assert.equal(await count(), before);
  });
});

describe('quick create', () => {
  test('a Lambda target makes an AWS_PROXY 2.0 integration, a $default route and an auto-deployed $default stage', async () => {
    const api = await server.client.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: LAMBDA_ARN }));
    const integrations = (await server.client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(integrations.length, 1);
    assert.deepEqual(
      { ...integrations[0], IntegrationId: undefined },
      { ApiGatewayManaged: true, ConnectionType: 'INTERNET', IntegrationId: undefined, IntegrationMethod: 'POST', IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0', TimeoutInMillis: 30000 },
    );
    const routes = (await server.client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(routes.length, 1);
    assert.equal(routes[0].RouteKey, '$default');
    assert.equal(routes[0].Target, `integrations/${integrations[0].IntegrationId}`);
    assert.equal(routes[0].ApiGatewayManaged, true);
    const stage = await server.client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    assert.equal(stage.AutoDeploy, true);
    assert.equal(stage.ApiGatewayManaged, true);
    assert.match(stage.DeploymentId!, /^[a-z0-9]{6}$/);
    assert.equal(stage.LastDeploymentStatusMessage, `Successfully deployed stage with deployment ID '${stage.DeploymentId}'`);
  });

  test('an HTTP target with a route key and credentials makes an HTTP_PROXY integration on that route', async () => {
    const role = 'arn:aws:iam::000000000000:role/invoke';
    const api = await server.client.send(new CreateApiCommand({ Name: 'q', ProtocolType: 'HTTP', Target: 'https://example.com/items', RouteKey: 'GET /items', CredentialsArn: role }));
    const [integration] = (await server.client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(integration.IntegrationType, 'HTTP_PROXY');
    assert.equal(integration.IntegrationMethod, 'ANY');
    assert.equal(integration.PayloadFormatVersion, '1.0');
    assert.equal(integration.CredentialsArn, role);
    const [route] = (await server.client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(route.RouteKey, 'GET /items');
  });

  test('UpdateApi changes the quick-created target and route key; managed resources cannot be deleted', async () => {
    const api = await server.client.send(new CreateApiCommand({ Name: 'q2', ProtocolType: 'HTTP', Target: LAMBDA_ARN }));
    const before = await server.client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    await server.client.send(new UpdateApiCommand({ ApiId: api.ApiId, Target: 'https://example.org', RouteKey: 'ANY /{proxy+}' }));
    const [integration] = (await server.client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(integration.IntegrationType, 'HTTP_PROXY');
    assert.equal(integration.IntegrationUri, 'https://example.org');
    const [route] = (await server.client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!;
    assert.equal(route.RouteKey, 'ANY /{proxy+}');
    const after = await server.client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    assert.notEqual(after.DeploymentId, before.DeploymentId, 'the auto-deploy stage took the change');
    await rejects(server.client.send(new DeleteRouteCommand({ ApiId: api.ApiId, RouteId: route.RouteId })), 'BadRequestException', 400, /managed by API Gateway/);
    await rejects(server.client.send(new DeleteIntegrationCommand({ ApiId: api.ApiId, IntegrationId: integration.IntegrationId })), 'BadRequestException', 400, /managed by API Gateway/);
    await rejects(server.client.send(new DeleteStageCommand({ ApiId: api.ApiId, StageName: '$default' })), 'BadRequestException', 400, /managed by API Gateway/);
  });

  test('UpdateApi with a target on an API not quick-created is refused', async () => {
    const apiId = await httpApi(server.client);
    await rejects(server.client.send(new UpdateApiCommand({ ApiId: apiId, Target: LAMBDA_ARN })), 'BadRequestException', 400, /quick create/);
  });
});

describe('UpdateApi and CORS', () => {
  test('UpdateApi changes only the members given', async () => {
    const apiId = await httpApi(server.client, 'before');
    const updated = await server.client.send(new UpdateApiCommand({ ApiId: apiId, Name: 'after', DisableExecuteApiEndpoint: true }));
    assert.equal(updated.Name, 'after');
    assert.equal(updated.DisableExecuteApiEndpoint, true);
    assert.equal(updated.RouteSelectionExpression, '$request.method $request.path');
    const got = await server.client.send(new GetApiCommand({ ApiId: apiId }));
    assert.equal(got.Name, 'after');
  });

  test('a CORS configuration is stored, returned with its lowerCamel wire names, and deleted', async () => {
    const apiId = await httpApi(server.client);
    const cors = { AllowOrigins: ['https://www.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization'], ExposeHeaders: ['x-id'], MaxAge: 300, AllowCredentials: true };
    const updated = await server.client.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: cors }));
    assert.deepEqual(updated.CorsConfiguration, cors);
    await server.client.send(new DeleteCorsConfigurationCommand({ ApiId: apiId }));
    assert.equal((await server.client.send(new GetApiCommand({ ApiId: apiId }))).CorsConfiguration, undefined);
  });

  test('CORS is refused on a WebSocket API', async () => {
    const apiId = await webSocketApi(server.client);
    await rejects(server.client.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ['*'] } })), 'BadRequestException', 400, /CORS configuration is supported only for HTTP APIs/);
  });
});

describe('GetApis, DeleteApi', () => {
  test('pages with MaxResults and NextToken; following the tokens walks every API once', async () => {
    const first = await server.client.send(new GetApisCommand({ MaxResults: '2' }));
    assert.equal(first.Items!.length, 2);
    assert.ok(first.NextToken);
    const second = await server.client.send(new GetApisCommand({ MaxResults: '2', NextToken: first.NextToken }));
    assert.notEqual(second.Items![0].ApiId, first.Items![0].ApiId);
    const all = (await server.client.send(new GetApisCommand({}))).Items!;
    assert.equal(all.length, (await server.g.store.transaction(scope, (tx) => tx.count(KIND.api))));
    const walked: string[] = [];
    let token: string | undefined;
    do {
      const p = await server.client.send(new GetApisCommand({ MaxResults: '3', NextToken: token }));
      walked.push(...p.Items!.map((a) => a.ApiId!));
      token = p.NextToken;
    } while (token);
    assert.deepEqual(walked, all.map((a) => a.ApiId));
    await rejects(server.client.send(new GetApisCommand({ MaxResults: 'many' })), 'BadRequestException', 400, /MaxResults/);
    await rejects(server.client.send(new GetApisCommand({ NextToken: 'garbage' })), 'BadRequestException', 400, /NextToken/);
  });

  test('an unknown API is NotFoundException naming the account and id', async () => {
    await rejects(server.client.send(new GetApiCommand({ ApiId: 'nope123456' })), 'NotFoundException', 404, 'Invalid API identifier specified 000000000000:nope123456');
    await rejects(server.client.send(new DeleteApiCommand({ ApiId: 'nope123456' })), 'NotFoundException', 404, /Invalid API identifier/);
  });

  test('DeleteApi removes the API and everything under it', async () => {
    const api = await server.client.send(new CreateApiCommand({ Name: 'gone', ProtocolType: 'HTTP', Target: LAMBDA_ARN }));
    await proxyRoute(server.client, api.ApiId!, 'GET /pets');
    await server.client.send(new DeleteApiCommand({ ApiId: api.ApiId }));
    await rejects(server.client.send(new GetStagesCommand({ ApiId: api.ApiId })), 'NotFoundException', 404, /Invalid API identifier/);
    const left = await server.g.store.transaction(scope, async (tx) => {
      let n = 0;
      for (const kind of Object.values(KIND)) n += await tx.count(kind, `${api.ApiId}/`);
      return n;
    });
    assert.equal(left, 0);
  });
});
