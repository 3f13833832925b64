/**
 * Integrations and integration responses through the genuine SDK, for what the recorded AWS
 * answers do not show (the recorded ones are in test/parity/integrations.test.ts): mapping
 * expressions, method response headers, selection patterns, limits and atomic updates.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  GetIntegrationCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, sender, useGatehouse } from '../helpers/gatehouse.js';
import { capture } from '../parity/snapshot.js';

describe('Integration behaviour beyond the recordings', () => {
  const server = useGatehouse();
  const send = sender(server);
  const errorOf = async (call: () => Promise<unknown>) => (await capture(call)).Error as { Code: string; Message: string } | undefined;
  const mapping = (detail: string) => `Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`;
  /** A new API with GET on the root, declaring the given method request parameters. */
  const newGet = async (requestParameters?: Record<string, boolean>) => {
    const { restApiId, rootId } = await createRestApi(server.client, 'plain');
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await send(new PutMethodCommand({ ...at, authorizationType: 'NONE', requestParameters }));
    return at;
  };

  test('an integration request parameter may only map a method request parameter the method declares', async () => {
    const at = await newGet({ 'method.request.path.id': true });
    const put = (requestParameters: Record<string, string>) =>
      errorOf(() => send(new PutIntegrationCommand({ ...at, type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://example.com/{id}', requestParameters })));
    assert.equal((await put({ 'integration.request.path.id': 'method.request.querystring.id' }))?.Message, mapping('Invalid mapping expression parameter specified: method.request.querystring.id'));
    assert.equal((await put({ 'integration.request.body.x': 'method.request.path.id' }))?.Message, mapping('Invalid mapping expression parameter specified: integration.request.body.x'));
    assert.equal((await put({ 'integration.request.header.x': 'nonsense' }))?.Message, mapping('Invalid mapping expression specified: nonsense'));
    const accepted = {
      'integration.request.path.id': 'method.request.path.id',
      'integration.request.header.x-static': "'static value'",
      'integration.request.header.x-stage': 'stageVariables.backend',
      'integration.request.header.x-request': 'context.requestId',
      'integration.request.querystring.name': 'method.request.body.pet.name',
    };
    assert.equal(await put(accepted), undefined);
    const got = await send<{ requestParameters: Record<string, string>; connectionType: string }>(new GetIntegrationCommand(at));
    assert.deepEqual(got.requestParameters, accepted);
    assert.equal(got.connectionType, 'INTERNET');
  });

  test('integration response parameters need a method response that declares the header', async () => {
    const at = await newGet();
    await send(new PutIntegrationCommand({ ...at, type: 'MOCK' }));
    const put = () =>
      errorOf(() =>
        send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseParameters: { 'method.response.header.x-a': "'a'" } })),
      );
    assert.equal((await put())?.Message, mapping('No method response exists for method.'));
    await send(new PutMethodResponseCommand({ ...at, statusCode: '200', responseParameters: { 'method.response.header.x-b': false } }));
    assert.equal((await put())?.Message, mapping('Invalid mapping expression parameter specified: method.response.header.x-a'));
    await send(new PutMethodResponseCommand({ ...at, statusCode: '200', responseParameters: { 'method.response.header.x-a': false } }));
    assert.equal(await put(), undefined);
  });

  test('two status codes cannot share a selection pattern', async () => {
    const at = await newGet();
    await send(new PutIntegrationCommand({ ...at, type: 'MOCK' }));
    await send(new PutIntegrationResponseCommand({ ...at, statusCode: '200' }));
    const second = await errorOf(() => send(new PutIntegrationResponseCommand({ ...at, statusCode: '500' })));
    assert.deepEqual(second, { Code: 'ConflictException', Message: 'Integration response with selection pattern default already exists' });
    assert.equal(await errorOf(() => send(new PutIntegrationResponseCommand({ ...at, statusCode: '500', selectionPattern: '5\\d{2}' }))), undefined);
  });

  test('the timeout must lie between 50 and 29000 milliseconds, and a VPC link needs a connection id', async () => {
    const at = await newGet();
    const put = (over: Record<string, unknown>) => errorOf(() => send(new PutIntegrationCommand({ ...at, type: 'MOCK', ...over })));
    assert.equal((await put({ timeoutInMillis: 49 }))?.Message, 'Timeout should be between 50 ms and 29000 ms');
    assert.equal((await put({ timeoutInMillis: 29001 }))?.Message, 'Timeout should be between 50 ms and 29000 ms');
    assert.equal(await put({ timeoutInMillis: 50 }), undefined);
    const vpc = await errorOf(() =>
      send(new PutIntegrationCommand({ ...at, type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: 'http://nlb.example.com', connectionType: 'VPC_LINK' })),
    );
    assert.equal(vpc?.Code, 'BadRequestException');
  });

  test('UpdateIntegration patches settings and maps, and a bad update changes nothing', async () => {
    const at = await newGet({ 'method.request.path.id': true });
    await send(new PutIntegrationCommand({ ...at, type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://example.com' }));
    const updated = await send<Record<string, unknown>>(
      new UpdateIntegrationCommand({
        ...at,
        patchOperations: [
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
          { op: 'add', path: '/cacheKeyParameters/method.request.path.id' },
          { op: 'add', path: '/requestParameters/integration.request.path.id', value: 'method.request.path.id' },
          { op: 'add', path: '/requestTemplates/application~1json', value: '{}' },
        ],
      }),
    );
    assert.equal(updated.timeoutInMillis, 1000);
    assert.deepEqual(updated.cacheKeyParameters, ['method.request.path.id']);
    assert.deepEqual(updated.requestParameters, { 'integration.request.path.id': 'method.request.path.id' });
    assert.deepEqual(updated.requestTemplates, { 'application/json': '{}' });
    const bad = await errorOf(() =>
      send(new UpdateIntegrationCommand({ ...at, patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5' }, { op: 'replace', path: '/uri', value: 'not a url' }] })),
    );
    assert.equal(bad?.Message, 'Invalid HTTP endpoint specified for URI');
    const got = await send<Record<string, unknown>>(new GetIntegrationCommand(at));
    assert.equal(got.uri, 'http://example.com');
    assert.equal(got.timeoutInMillis, 1000);
    const path = await errorOf(() => send(new UpdateIntegrationCommand({ ...at, patchOperations: [{ op: 'replace', path: '/type', value: 'MOCK' }] })));
    assert.equal(path?.Message, 'Invalid patch path /type');
  });
});
