/**
 * Gateway responses through the genuine SDK, for what the recorded AWS answers do not show: how a
 * customised DEFAULT_4XX flows into the 4XX types and how resetting its status code reverts them,
 * template patches, status-code checks and paging.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { refusal } from '../helpers/refusal.js';

const server = useGatehouse();

const newApi = async () => (await createRestApi(server.client, 'gateway-responses')).restApiId;

test('a DEFAULT_4XX status code flows into every 4XX type until it is reset to null', async () => {
  const restApiId = await newApi();
  const header = { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" };
  await server.client.send(new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX', statusCode: '444', responseParameters: header }));
  const throttled = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'THROTTLED' }));
  assert.equal(throttled.statusCode, '444');
  assert.equal(throttled.defaultResponse, true);
  assert.deepEqual(throttled.responseParameters, header);
  const fiveHundred = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'INTEGRATION_TIMEOUT' }));
  assert.equal(fiveHundred.statusCode, '504');
  assert.deepEqual(fiveHundred.responseParameters, {});

  const reset = await server.client.send(new UpdateGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'replace', path: '/statusCode' }] }));
  assert.equal(reset.statusCode, undefined);
  const again = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'THROTTLED' }));
  assert.equal(again.statusCode, '429');
  assert.deepEqual(again.responseParameters, header);
});

test('templates are added, replaced and removed by content type', async () => {
  const restApiId = await newApi();
  const patch = (op: 'add' | 'replace' | 'remove', value?: string) =>
    server.client.send(new UpdateGatewayResponseCommand({ restApiId, responseType: 'UNAUTHORIZED', patchOperations: [{ op, path: '/responseTemplates/text~1plain', value }] }));
  assert.deepEqual((await patch('add', 'denied')).responseTemplates, { 'application/json': '{"message":$context.error.messageString}', 'text/plain': 'denied' });
  assert.equal((await patch('replace', 'no')).responseTemplates!['text/plain'], 'no');
  assert.deepEqual((await patch('remove')).responseTemplates, { 'application/json': '{"message":$context.error.messageString}' });
  const err = await refusal(patch('remove'));
  assert.deepEqual(err, { name: 'NotFoundException', message: 'Content-Type specified was not found' });
  const after = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'UNAUTHORIZED' }));
  assert.equal(after.defaultResponse, false);
  assert.equal(after.statusCode, '401');
});

test('a patched status code must be an HTTP status code, and a refused update changes nothing', async () => {
  const restApiId = await newApi();
  const err = await refusal(
    server.client.send(
      new UpdateGatewayResponseCommand({
        restApiId,
        responseType: 'ACCESS_DENIED',
        patchOperations: [
          { op: 'add', path: '/responseParameters/gatewayresponse.header.x', value: "'y'" },
          { op: 'replace', path: '/statusCode', value: '700' },
        ],
      }),
    ),
  );
  assert.equal(err.name, 'BadRequestException');
  const unchanged = await server.client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'ACCESS_DENIED' }));
  assert.equal(unchanged.defaultResponse, true);
  assert.deepEqual(unchanged.responseParameters, {});
});

test('GetGatewayResponses pages through all 21 types', async () => {
  const restApiId = await newApi();
  const first = await server.client.send(new GetGatewayResponsesCommand({ restApiId, limit: 20 }));
  assert.equal(first.items!.length, 20);
  assert.ok(first.position);
  const rest = await server.client.send(new GetGatewayResponsesCommand({ restApiId, limit: 20, position: first.position }));
  assert.deepEqual(rest.items!.map((r) => r.responseType), ['WAF_FILTERED']);
  assert.equal(rest.position, undefined);
});

test('response parameters must name a gateway response header, path or query string and map from a known source', async () => {
  const restApiId = await newApi();
  const put = (responseParameters: Record<string, string>) => server.client.send(new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_5XX', responseParameters }));
  const badName = await refusal(put({ 'method.response.header.x': "'y'" }));
  assert.deepEqual(badName, {
    name: 'BadRequestException',
    message: 'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.x]',
  });
  const badSource = await refusal(put({ 'gatewayresponse.header.x': 'integration.response.body' }));
  assert.equal(badSource.message, 'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: integration.response.body]');
  const ok = await put({ 'gatewayresponse.header.x': 'stageVariables.v', 'gatewayresponse.querystring.q': 'context.requestId', 'gatewayresponse.path.p': 'method.request.path.id' });
  assert.equal(Object.keys(ok.responseParameters!).length, 3);
});

test('an update with no operations changes nothing', async () => {
  const restApiId = await newApi();
  const answer = await server.client.send(new UpdateGatewayResponseCommand({ restApiId, responseType: 'QUOTA_EXCEEDED', patchOperations: [] }));
  assert.equal(answer.defaultResponse, true);
  assert.equal(answer.statusCode, '429');
});
