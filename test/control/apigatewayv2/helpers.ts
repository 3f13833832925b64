/**
 * Shared set-up for the apigatewayv2 control-plane tests: one Gatehouse per file with a genuine
 * ApiGatewayV2Client, and small builders for the APIs the tests start from.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import { startTestGatehouse, type TestGatehouse } from '../../helpers/gatehouse.js';

export interface V2Server {
  g: TestGatehouse;
  client: ApiGatewayV2Client;
}

export function useV2Gatehouse(): V2Server {
  const server = {} as V2Server;
  before(async () => {
    server.g = await startTestGatehouse();
    server.client = new ApiGatewayV2Client({ ...server.g.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    server.client?.destroy();
    await server.g?.stop();
  });
  return server;
}

export const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echo';
export const LAMBDA_INVOKE_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`;

/** Expects the call to fail with AWS's error name, HTTP status and a message matching `message`. */
export async function rejects(call: Promise<unknown>, name: string, status: number, message: RegExp | string): Promise<void> {
  await assert.rejects(call, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

export async function httpApi(client: ApiGatewayV2Client, name = 'shop'): Promise<string> {
  return (await client.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }))).ApiId!;
}

export async function webSocketApi(client: ApiGatewayV2Client, name = 'chat'): Promise<string> {
  return (await client.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
}

/** An HTTP_PROXY integration to a URL, and a route `routeKey` targeting it. */
export async function proxyRoute(client: ApiGatewayV2Client, apiId: string, routeKey: string): Promise<{ integrationId: string; routeId: string }> {
  const integration = await client.send(
    new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://example.com/', PayloadFormatVersion: '1.0' }),
  );
  const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }));
  return { integrationId: integration.IntegrationId!, routeId: route.RouteId! };
}
