/**
 * Integrations and integration responses through the genuine SDK: Lambda proxy payload formats,
 * HTTP proxies, private integrations, AWS service subtypes, parameter mapping, timeouts, and
 * WebSocket integrations with templates.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  DeleteIntegrationResponseCommand,
  GetIntegrationCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LAMBDA_ARN, LAMBDA_INVOKE_URI, httpApi, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';

const server = useV2Gatehouse();

describe('HTTP API integrations', () => {
  test('a Lambda proxy takes payload format 1.0 or 2.0 and gets AWS defaults', async () => {
    const apiId = await httpApi(server.client);
    const i = await server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' }));
    assert.match(i.IntegrationId!, /^[a-z0-9]{7}$/);
    assert.equal(i.IntegrationMethod, 'POST');
    assert.equal(i.ConnectionType, 'INTERNET');
    assert.equal(i.TimeoutInMillis, 30000);
    const v1 = await server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_INVOKE_URI, PayloadFormatVersion: '1.0' }));
    assert.equal(v1.PayloadFormatVersion, '1.0');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN })), 'BadRequestException', 400, /payload format version is required/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '3.0' })), 'BadRequestException', 400, /Unsupported payload format version 3.0/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: 'https://example.com', PayloadFormatVersion: '2.0' })), 'BadRequestException', 400, /Invalid integration URI/);
    assert.equal((await server.client.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!.length, 2);
  });

  test('an HTTP proxy needs a URL and a method; payload 1.0 only; timeouts 50-30000 ms', async () => {
    const apiId = await httpApi(server.client);
    const i = await server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: 'https://example.com/{proxy}', TimeoutInMillis: 50 }));
    assert.equal(i.PayloadFormatVersion, '1.0');
    assert.equal(i.TimeoutInMillis, 50);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://example.com' })), 'BadRequestException', 400, /integration method is required/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com', PayloadFormatVersion: '2.0' })), 'BadRequestException', 400, /Only 1.0/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com', TimeoutInMillis: 30001 })), 'BadRequestException', 400, 'Timeout must be between 50 ms and 30000 ms');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com', TimeoutInMillis: 49 })), 'BadRequestException', 400, /Timeout must be between/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'MOCK' })), 'BadRequestException', 400, /not supported for HTTP APIs/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com', RequestTemplates: { 'application/json': '{}' } })), 'BadRequestException', 400, /RequestTemplates is supported only for WebSocket APIs/);
  });

  test('a private integration goes through a VPC link to a load balancer listener, with TLS settings', async () => {
    const apiId = await httpApi(server.client);
    const listener = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/my-alb/50dc6c495c0c9188/0467ef3c8400ae65';
    const link = await server.client.send(new CreateVpcLinkCommand({ Name: 'private', SubnetIds: ['subnet-0123456789abcdef0'] }));
    const i = await server.client.send(new CreateIntegrationCommand({
      ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: listener,
      ConnectionType: 'VPC_LINK', ConnectionId: link.VpcLinkId, TlsConfig: { ServerNameToVerify: 'internal.example.com' },
    }));
    assert.deepEqual(i.TlsConfig, { ServerNameToVerify: 'internal.example.com' });
    await rejects(server.client.send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId })), 'ConflictException', 409, new RegExp(`integration ${i.IntegrationId}`));
    await rejects(
      server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: listener, ConnectionType: 'VPC_LINK', ConnectionId: 'nolink' })),
      'NotFoundException', 404, 'Invalid VpcLink identifier specified nolink',
    );
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: listener, ConnectionType: 'VPC_LINK' })), 'BadRequestException', 400, /ConnectionId is required/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com', TlsConfig: { ServerNameToVerify: 'x' } })), 'BadRequestException', 400, /TlsConfig is supported only for private integrations/);
  });

  test('an AWS service integration names its subtype and maps the action\'s parameters', async () => {
    const apiId = await httpApi(server.client);
    const i = await server.client.send(new CreateIntegrationCommand({
      ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'SQS-SendMessage', CredentialsArn: 'arn:aws:iam::000000000000:role/sqs',
      RequestParameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q', MessageBody: '$request.body' },
    }));
    assert.equal(i.IntegrationSubtype, 'SQS-SendMessage');
    assert.equal(i.PayloadFormatVersion, '1.0');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'SQS-SendMessage', RequestParameters: { QueueUrl: 'q' } })), 'BadRequestException', 400, 'Parameter MessageBody is required for integration subtype SQS-SendMessage');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'S3-PutObject', RequestParameters: {} })), 'BadRequestException', 400, /Unsupported integration subtype/);
  });

  test('parameter mapping keys are checked, and UpdateIntegration removes a mapping given an empty value', async () => {
    const apiId = await httpApi(server.client);
    const base = { ApiId: apiId, IntegrationType: 'HTTP_PROXY' as const, IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com' };
    const i = await server.client.send(new CreateIntegrationCommand({
      ...base,
      RequestParameters: { 'append:header.header1': '$context.requestId', 'remove:querystring.debug': "''", 'overwrite:path': '/v2/$request.path.id' },
      ResponseParameters: { '500': { 'overwrite:statuscode': '403', 'append:header.h': '$context.requestId' }, '404': { 'append:header.error': '$stageVariables.env' } },
    }));
    for (const key of ['rename:header.a', 'append:header.Authorization', 'append:header.x-amz-date', 'append:path']) {
      const bad: Record<string, string> = { [key]: 'x' };
      await rejects(server.client.send(new CreateIntegrationCommand({ ...base, RequestParameters: bad })), 'BadRequestException', 400, /Invalid mapping expression specified/);
    }
    await rejects(server.client.send(new CreateIntegrationCommand({ ...base, ResponseParameters: { '600': { 'overwrite:statuscode': '200' } } })), 'BadRequestException', 400, /Status codes must be between 200 and 599/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ...base, ResponseParameters: { '200': { 'overwrite:body': 'x' } } })), 'BadRequestException', 400, /Invalid mapping expression/);
    const updated = await server.client.send(new UpdateIntegrationCommand({
      ApiId: apiId, IntegrationId: i.IntegrationId, RequestParameters: { 'append:header.header1': '', 'overwrite:header.h2': 'v' }, ResponseParameters: { '404': {} },
    }));
    assert.deepEqual(updated.RequestParameters, { 'remove:querystring.debug': "''", 'overwrite:path': '/v2/$request.path.id', 'overwrite:header.h2': 'v' });
    assert.deepEqual(updated.ResponseParameters, { '500': { 'overwrite:statuscode': '403', 'append:header.h': '$context.requestId' } });
    assert.deepEqual((await server.client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: i.IntegrationId }))).RequestParameters, updated.RequestParameters);
    await rejects(server.client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: i.IntegrationId, TimeoutInMillis: 40000 })), 'BadRequestException', 400, /Timeout/);
    await rejects(server.client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: 'nope123' })), 'NotFoundException', 404, 'Invalid Integration identifier specified nope123');
  });
});

describe('WebSocket integrations', () => {
  test('MOCK, AWS and HTTP integrations with templates; timeouts up to 29000 ms; integration responses', async () => {
    const apiId = await webSocketApi(server.client);
    const mock = await server.client.send(new CreateIntegrationCommand({
      ApiId: apiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default',
    }));
    assert.equal(mock.PassthroughBehavior, 'WHEN_NO_MATCH');
    assert.equal(mock.TimeoutInMillis, 29000);
    const aws = await server.client.send(new CreateIntegrationCommand({
      ApiId: apiId, IntegrationType: 'AWS', IntegrationMethod: 'POST', IntegrationUri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
      RequestParameters: { 'integration.request.header.x-room': 'route.request.querystring.room' },
    }));
    assert.equal(aws.IntegrationType, 'AWS');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP', IntegrationMethod: 'POST', IntegrationUri: 'https://example.com', TimeoutInMillis: 29001 })), 'BadRequestException', 400, 'Timeout must be between 50 ms and 29000 ms');
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0' })), 'BadRequestException', 400, /Only 1.0/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP', IntegrationMethod: 'POST', IntegrationUri: 'https://example.com', ResponseParameters: { '200': {} } })), 'BadRequestException', 400, /ResponseParameters is supported only for HTTP APIs/);
    await rejects(server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'POST', IntegrationUri: 'https://example.com', ConnectionType: 'VPC_LINK', ConnectionId: 'nolink' })), 'NotFoundException', 404, 'Invalid VpcLink identifier specified nolink');

    const response = await server.client.send(new CreateIntegrationResponseCommand({
      ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '/2\\d\\d/', ResponseTemplates: { $default: '{"ok": true}' }, TemplateSelectionExpression: '\\$default',
    }));
    assert.equal(response.IntegrationResponseKey, '/2\\d\\d/');
    await server.client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '$default' }));
    await rejects(server.client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '$default' })), 'ConflictException', 409, /already exists/);
    await rejects(server.client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseKey: '200' })), 'BadRequestException', 400, /Invalid integration response key/);
    await rejects(server.client.send(new UpdateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseId: response.IntegrationResponseId, IntegrationResponseKey: '$default' })), 'ConflictException', 409, /already exists/);
    const moved = await server.client.send(new UpdateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseId: response.IntegrationResponseId, IntegrationResponseKey: '/4\\d\\d/' }));
    assert.equal(moved.IntegrationResponseKey, '/4\\d\\d/');
    assert.deepEqual(moved.ResponseTemplates, { $default: '{"ok": true}' });
    await server.client.send(new DeleteIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId, IntegrationResponseId: response.IntegrationResponseId }));
    assert.deepEqual((await server.client.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: mock.IntegrationId }))).Items!.map((r) => r.IntegrationResponseKey), ['$default']);
  });

  test('HTTP APIs have no integration responses', async () => {
    const apiId = await httpApi(server.client);
    const i = await server.client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com' }));
    await rejects(server.client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: i.IntegrationId, IntegrationResponseKey: '$default' })), 'BadRequestException', 400, /only for WebSocket APIs/);
  });
});
