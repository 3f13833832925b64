/**
 * Authorizers and models through the genuine SDK: JWT and Lambda REQUEST authorizers with their
 * payload formats, simple responses, caching and identity sources; WebSocket models as JSON
 * Schema draft 4.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAuthorizerCommand,
  DeleteModelCommand,
  GetAuthorizersCommand,
  GetModelCommand,
  GetModelTemplateCommand,
  ResetAuthorizersCacheCommand,
  UpdateAuthorizerCommand,
  UpdateModelCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LAMBDA_INVOKE_URI, httpApi, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';

const server = useV2Gatehouse();

const jwt = (apiId: string, extra: object = {}) => ({
  ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT' as const, IdentitySource: ['$request.header.Authorization'],
  JwtConfiguration: { Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', Audience: ['client1'] }, ...extra,
});
const lambda = (apiId: string, extra: object = {}) => ({
  ApiId: apiId, Name: 'lambda', AuthorizerType: 'REQUEST' as const, IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
  AuthorizerUri: LAMBDA_INVOKE_URI, AuthorizerPayloadFormatVersion: '2.0', ...extra,
});

describe('HTTP API authorizers', () => {
  test('a JWT authorizer needs an issuer, an audience and one header or query string identity source', async () => {
    const apiId = await httpApi(server.client);
    const a = await server.client.send(new CreateAuthorizerCommand(jwt(apiId)));
    assert.match(a.AuthorizerId!, /^[a-z0-9]{6}$/);
    assert.deepEqual(a.JwtConfiguration, { Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', Audience: ['client1'] });
    await rejects(server.client.send(new CreateAuthorizerCommand(jwt(apiId, { JwtConfiguration: undefined }))), 'BadRequestException', 400, /JwtConfiguration is required/);
    await rejects(server.client.send(new CreateAuthorizerCommand(jwt(apiId, { JwtConfiguration: { Issuer: 'https://i.example.com', Audience: [] } }))), 'BadRequestException', 400, /Audience/);
    await rejects(server.client.send(new CreateAuthorizerCommand(jwt(apiId, { IdentitySource: ['$context.routeKey'] }))), 'BadRequestException', 400, /exactly one identity source/);
    await rejects(server.client.send(new CreateAuthorizerCommand(jwt(apiId, { AuthorizerUri: LAMBDA_INVOKE_URI }))), 'BadRequestException', 400, /AuthorizerUri is not supported for JWT authorizers/);
  });

  test('a Lambda REQUEST authorizer takes payload 1.0 or 2.0, simple responses with 2.0 only, a TTL up to 3600 s', async () => {
    const apiId = await httpApi(server.client);
    const a = await server.client.send(new CreateAuthorizerCommand(lambda(apiId, { EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 300 })));
    assert.equal(a.EnableSimpleResponses, true);
    assert.equal(a.AuthorizerResultTtlInSeconds, 300);
    assert.deepEqual(a.IdentitySource, ['$request.header.Authorization', '$context.routeKey']);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true }))), 'BadRequestException', 400, /EnableSimpleResponses is supported only with authorizer payload format version 2.0/);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { AuthorizerPayloadFormatVersion: undefined }))), 'BadRequestException', 400, /AuthorizerPayloadFormatVersion is required/);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { AuthorizerResultTtlInSeconds: 3601 }))), 'BadRequestException', 400, /between 0 and 3600/);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { IdentitySource: [], AuthorizerResultTtlInSeconds: 60 }))), 'BadRequestException', 400, /identity source is required to enable authorizer caching/);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { IdentitySource: ['method.request.header.Auth'] }))), 'BadRequestException', 400, /Invalid identity source/);
    await rejects(server.client.send(new CreateAuthorizerCommand(lambda(apiId, { AuthorizerUri: 'arn:aws:lambda:us-east-1:000000000000:function:auth' }))), 'BadRequestException', 400, /Invalid authorizer URI/);
    const updated = await server.client.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: a.AuthorizerId, AuthorizerResultTtlInSeconds: 0 }));
    assert.equal(updated.AuthorizerResultTtlInSeconds, 0);
    assert.equal(updated.EnableSimpleResponses, true);
    await rejects(server.client.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: a.AuthorizerId, AuthorizerPayloadFormatVersion: '1.0' })), 'BadRequestException', 400, /EnableSimpleResponses/);
    assert.equal((await server.client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!.length, 1);
  });

  test('an authorizer a route uses cannot be deleted', async () => {
    const apiId = await httpApi(server.client);
    const a = await server.client.send(new CreateAuthorizerCommand(jwt(apiId)));
    await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: a.AuthorizerId }));
    await rejects(server.client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: a.AuthorizerId })), 'ConflictException', 409, /used by route/);
    await rejects(server.client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: 'zzzzzz' })), 'NotFoundException', 404, 'Invalid Authorizer identifier specified zzzzzz');
  });

  test("ResetAuthorizersCache: 204 for a stage of the API; AWS's NotFound for an unknown API or stage; HTTP APIs only", async () => {
    const apiId = await httpApi(server.client);
    await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }));
    const out = await server.client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'dev' }));
    assert.equal(out.$metadata.httpStatusCode, 204);
    await rejects(server.client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: 'prod' })), 'NotFoundException', 404, 'Invalid stage identifier specified prod');
    await rejects(server.client.send(new ResetAuthorizersCacheCommand({ ApiId: 'zzzzzzzzzz', StageName: 'dev' })), 'NotFoundException', 404, 'Invalid API identifier specified 000000000000:zzzzzzzzzz');
    const ws = await webSocketApi(server.client);
    await server.client.send(new CreateStageCommand({ ApiId: ws, StageName: 'dev' }));
    await rejects(server.client.send(new ResetAuthorizersCacheCommand({ ApiId: ws, StageName: 'dev' })), 'BadRequestException', 400, /only for HTTP APIs/);
  });

  test('WebSocket APIs take REQUEST authorizers with route.request identity sources only', async () => {
    const apiId = await webSocketApi(server.client);
    const a = await server.client.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'ws', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOKE_URI, IdentitySource: ['route.request.header.Auth', 'route.request.querystring.token'] }));
    assert.equal(a.AuthorizerType, 'REQUEST');
    await rejects(server.client.send(new CreateAuthorizerCommand(jwt(apiId))), 'BadRequestException', 400, /Only REQUEST authorizers/);
    await rejects(server.client.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'ws', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOKE_URI, IdentitySource: ['$request.header.Auth'] })), 'BadRequestException', 400, /Invalid identity source/);
    await rejects(server.client.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: 'ws', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOKE_URI, IdentitySource: ['route.request.header.Auth'], AuthorizerPayloadFormatVersion: '2.0' })), 'BadRequestException', 400, /supported only for HTTP APIs/);
  });
});

describe('models (WebSocket APIs)', () => {
  const schema = JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { action: { type: 'string' }, count: { type: 'integer' } } });

  test('a draft-4 schema is stored; names are alphanumeric and unique; GetModelTemplate derives a template', async () => {
    const apiId = await webSocketApi(server.client);
    const m = await server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Message', ContentType: 'application/json', Schema: schema }));
    assert.equal((await server.client.send(new GetModelCommand({ ApiId: apiId, ModelId: m.ModelId }))).Schema, schema);
    await rejects(server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Message', Schema: schema })), 'ConflictException', 409, 'Model name already exists for this API');
    await rejects(server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'bad-name', Schema: schema })), 'BadRequestException', 400, 'Model name must be alphanumeric');
    await rejects(server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Broken', Schema: '{"type":' })), 'BadRequestException', 400, /Invalid model schema specified/);
    await rejects(server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'Draft7', Schema: '{"type":"object","$id":"x","properties":{}}' })), 'BadRequestException', 400, /Unsupported keyword/);
    const template = await server.client.send(new GetModelTemplateCommand({ ApiId: apiId, ModelId: m.ModelId }));
    assert.match(template.Value!, /"action" : "\$inputRoot.action"/);
    assert.match(template.Value!, /"count" : \$inputRoot.count/);
    const renamed = await server.client.send(new UpdateModelCommand({ ApiId: apiId, ModelId: m.ModelId, Description: 'chat message' }));
    assert.equal(renamed.Description, 'chat message');
    await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'send', RequestModels: { $default: 'Message' }, ModelSelectionExpression: '$default' }));
    await rejects(server.client.send(new DeleteModelCommand({ ApiId: apiId, ModelId: m.ModelId })), 'ConflictException', 409, /used by route/);
    await rejects(server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'other', RequestModels: { $default: 'Missing' } })), 'NotFoundException', 404, /Invalid model specified: Missing/);
  });

  test('HTTP APIs have no models', async () => {
    const apiId = await httpApi(server.client);
    await rejects(server.client.send(new CreateModelCommand({ ApiId: apiId, Name: 'M', Schema: schema })), 'BadRequestException', 400, /only for WebSocket APIs/);
  });
});
