/**
 * Routes and route responses through the genuine SDK: route key forms and conflicts, targets,
 * authorization, WebSocket-only members, and WebSocket route responses.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteRouteRequestParameterCommand,
  GetRouteCommand,
  GetRouteResponsesCommand,
  GetRoutesCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LAMBDA_INVOKE_URI, httpApi, proxyRoute, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';

const server = useV2Gatehouse();

describe('HTTP route keys', () => {
  test('methods, ANY, $default, path variables and a trailing greedy variable are accepted', async () => {
    const apiId = await httpApi(server.client);
    for (const key of ['GET /', 'POST /pets', 'ANY /pets/{petId}', 'GET /pets/{petId}/toys/{proxy+}', '$default', 'DELETE /{proxy+}']) {
      const route = await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key }));
      assert.equal(route.RouteKey, key);
      assert.match(route.RouteId!, /^[a-z0-9]{7}$/);
      assert.equal(route.AuthorizationType, 'NONE');
      assert.equal(route.ApiKeyRequired, false);
    }
    assert.equal((await server.client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.length, 6);
  });

  test('malformed keys are BadRequestException and create nothing', async () => {
    const apiId = await httpApi(server.client);
    for (const key of ['GET', 'get /pets', 'FETCH /pets', 'GET pets', 'GET /pets//toys', 'GET /{a', 'GET /pe{t}s', '$connect']) {
      await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key })), 'BadRequestException', 400, /not formatted properly for HTTP protocol/);
    }
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /{proxy+}/x' })), 'BadRequestException', 400, /greedy path variable must be the last/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /{id}/{id}' })), 'BadRequestException', 400, /duplicate path variable/);
    assert.equal((await server.client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.length, 0);
  });

  test('a key the API already has, or a variable named differently at the same level, is ConflictException', async () => {
    const apiId = await httpApi(server.client);
    await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{petId}' }));
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{petId}' })), 'ConflictException', 409, 'Route with key GET /pets/{petId} already exists for this API');
    await rejects(
      server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'DELETE /pets/{id}' })),
      'ConflictException', 409, 'The provided route key "DELETE /pets/{id}" has a conflicting variable on the same hierarchical level as "GET /pets/{petId}"',
    );
    // The same variable name, and other subtrees, are fine.
    await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'DELETE /pets/{petId}' }));
    await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /toys/{toyId}' }));
    const other = await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /owners' }));
    await rejects(server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: other.RouteId, RouteKey: 'GET /toys/{toyId}' })), 'ConflictException', 409, /already exists/);
    const renamed = await server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: other.RouteId, RouteKey: 'GET /owners/{ownerId}' }));
    assert.equal(renamed.RouteKey, 'GET /owners/{ownerId}');
  });
});

describe('route targets and authorization', () => {
  test('a target must name an integration of the API; an integration in use cannot be deleted', async () => {
    const apiId = await httpApi(server.client);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a', Target: 'lambda/xyz' })), 'BadRequestException', 400, /Invalid target specified/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /a', Target: 'integrations/nope123' })), 'NotFoundException', 404, 'Invalid Integration identifier specified nope123');
    const { integrationId, routeId } = await proxyRoute(server.client, apiId, 'GET /a');
    await rejects(server.client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId })), 'ConflictException', 409, new RegExp(routeId));
    await server.client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: routeId }));
    await server.client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }));
    await rejects(server.client.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeId })), 'NotFoundException', 404, `Invalid Route identifier specified ${routeId}`);
  });

  test('JWT and CUSTOM need an authorizer of the matching type; scopes go with JWT only', async () => {
    const apiId = await httpApi(server.client);
    const jwt = await server.client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['shop'] },
    }));
    const lambda = await server.client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: 'lambda', AuthorizerType: 'REQUEST', IdentitySource: ['$request.header.Authorization'],
      AuthorizerUri: LAMBDA_INVOKE_URI, AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true,
    }));
    const route = await server.client.send(new CreateRouteCommand({
      ApiId: apiId, RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['read'],
    }));
    assert.deepEqual(route.AuthorizationScopes, ['read']);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'JWT' })), 'BadRequestException', 400, /authorizer ID is required/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'CUSTOM', AuthorizerId: jwt.AuthorizerId })), 'BadRequestException', 400, /requires a REQUEST authorizer/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'JWT', AuthorizerId: 'zzzzzz' })), 'NotFoundException', 404, 'Invalid Authorizer identifier specified zzzzzz');
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'NONE', AuthorizerId: lambda.AuthorizerId })), 'BadRequestException', 400, /cannot be set on a route with authorization type NONE/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', AuthorizationType: 'AWS_IAM', AuthorizationScopes: ['a'] })), 'BadRequestException', 400, /AuthorizationScopes/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', ApiKeyRequired: true })), 'BadRequestException', 400, /ApiKeyRequired is supported only for WebSocket APIs/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /x', RequestParameters: { 'route.request.header.a': { Required: true } } })), 'BadRequestException', 400, /RequestParameters is supported only for WebSocket APIs/);
    const custom = await server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'CUSTOM', AuthorizerId: lambda.AuthorizerId, AuthorizationScopes: [] }));
    assert.equal(custom.AuthorizerId, lambda.AuthorizerId);
    const open = await server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'NONE' }));
    assert.equal(open.AuthorizerId, undefined);
    assert.equal(open.AuthorizationType, 'NONE');
  });
});

describe('WebSocket routes and route responses', () => {
  test('special and custom keys, API keys and request parameters; authorization on $connect only', async () => {
    const apiId = await webSocketApi(server.client);
    for (const key of ['$connect', '$disconnect', '$default', 'sendmessage']) {
      assert.equal((await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key }))).RouteKey, key);
    }
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$other' })), 'BadRequestException', 400, /reserved/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'sendmessage' })), 'ConflictException', 409, 'Route with key sendmessage already exists for this API');
    const [connect] = (await server.client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    const updated = await server.client.send(new UpdateRouteCommand({
      ApiId: apiId, RouteId: connect.RouteId, AuthorizationType: 'AWS_IAM', ApiKeyRequired: true,
      RequestParameters: { 'route.request.header.Auth': { Required: true }, 'route.request.querystring.room': { Required: false } },
    }));
    assert.equal(updated.ApiKeyRequired, true);
    assert.deepEqual(updated.RequestParameters, { 'route.request.header.Auth': { Required: true }, 'route.request.querystring.room': { Required: false } });
    await server.client.send(new DeleteRouteRequestParameterCommand({ ApiId: apiId, RouteId: connect.RouteId, RequestParameterKey: 'route.request.querystring.room' }));
    assert.deepEqual((await server.client.send(new GetRouteCommand({ ApiId: apiId, RouteId: connect.RouteId }))).RequestParameters, { 'route.request.header.Auth': { Required: true } });
    await rejects(server.client.send(new DeleteRouteRequestParameterCommand({ ApiId: apiId, RouteId: connect.RouteId, RequestParameterKey: 'route.request.querystring.room' })), 'NotFoundException', 404, /request parameter/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'other', AuthorizationType: 'AWS_IAM' })), 'BadRequestException', 400, 'Currently, authorization is restricted to the $connect route only');
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'bad', RequestParameters: { 'method.request.header.a': { Required: true } } })), 'BadRequestException', 400, /Invalid request parameter key/);
  });

  test('a two-way route gets a $default route response with existing response models', async () => {
    const apiId = await webSocketApi(server.client);
    await server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Reply', ContentType: 'application/json', Schema: '{"type":"object","properties":{"ok":{"type":"boolean"}}}' }));
    const integration = await server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK' }));
    const route = await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'echo', Target: `integrations/${integration.IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
    const response = await server.client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default', ResponseModels: { $default: 'Reply' } }));
    assert.equal(response.RouteResponseKey, '$default');
    await rejects(server.client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' })), 'ConflictException', 409, /already exists/);
    await rejects(server.client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: 'other' })), 'BadRequestException', 400, /Only \$default/);
    await rejects(server.client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: 'zzzzzzz', RouteResponseKey: '$default' })), 'NotFoundException', 404, 'Invalid Route identifier specified zzzzzzz');
    assert.equal((await server.client.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: route.RouteId }))).Items!.length, 1);
    const http = await httpApi(server.client);
    const httpRoute = await server.client.send(new CreateRouteCommand({ ApiId: http, RouteKey: 'GET /' }));
    await rejects(server.client.send(new CreateRouteResponseCommand({ ApiId: http, RouteId: httpRoute.RouteId, RouteResponseKey: '$default' })), 'BadRequestException', 400, /only for WebSocket APIs/);
  });
});
