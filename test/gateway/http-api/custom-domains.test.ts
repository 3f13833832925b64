/**
 * HTTP APIs through custom domain names (apigatewayv2 DomainName + ApiMapping): the Host picks the
 * domain, the longest mapping key that prefixes the path picks the API and stage (keys may have
 * several levels), the rest of the path is routed on that stage, which has no path segment of its
 * own. A REST API mapped on the same domain keeps working, and a path no mapping takes is 403.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateApiMappingCommand, CreateDomainNameCommand, CreateStageCommand, DeleteApiMappingCommand } from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type Echo, type EchoBackend } from '../../helpers/echo-backend.js';
import { http } from '../../helpers/http.js';
import { callApi, ECHO_EVENT, functionArn, nodeFunction, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/abcd';
let backend: EchoBackend;
before(async () => {
  backend = await startEchoBackend();
});
after(async () => {
  await backend?.close();
});

describe('API mappings to HTTP APIs', () => {
  test('root, one-level and multi-level keys; the mapped stage; unmapped paths 403', async () => {
    const shop = await server.v2.send(new CreateApiCommand({ Name: 'shop', ProtocolType: 'HTTP', Target: `${backend.url}/shop` }));
    await server.v2.send(new CreateStageCommand({ ApiId: shop.ApiId!, StageName: 'prod', AutoDeploy: true }));
    const orders = await server.v2.send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP', Target: `${backend.url}/orders` }));
    const root = await server.v2.send(new CreateApiCommand({ Name: 'root', ProtocolType: 'HTTP', Target: `${backend.url}/root` }));
    const domain = 'api.example.com';
    await server.v2.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }] }));
    await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: shop.ApiId!, Stage: 'prod', ApiMappingKey: 'shop' }));
    const multi = await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: orders.ApiId!, Stage: '$default', ApiMappingKey: 'v2/orders' }));

    const viaShop = await http(server.g.url, { host: domain, path: '/shop/items/7?x=1' });
    assert.equal(viaShop.status, 200, viaShop.text);
    assert.equal(viaShop.json<Echo>().path, '/shop/items/7');
    assert.equal(viaShop.json<Echo>().query, 'x=1');
    const viaOrders = await http(server.g.url, { host: `${domain}:443`, path: '/v2/orders/42' });
    assert.equal(viaOrders.json<Echo>().path, '/orders/42');
    // The mapping key stays in the raw path a Lambda function sees, as on AWS.
    const fn = await server.v2.send(new CreateApiCommand({ Name: 'fn', ProtocolType: 'HTTP', Target: functionArn('cd-echo') }));
    await nodeFunction(server, 'cd-echo', ECHO_EVENT);
    await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: fn.ApiId!, Stage: '$default', ApiMappingKey: 'fn' }));
    const event = (await http(server.g.url, { host: domain, path: '/fn/items?a=1' })).json<Record<string, any>>();
    assert.equal(event.rawPath, '/fn/items');
    assert.equal(event.requestContext.http.path, '/fn/items');
    assert.equal(event.requestContext.domainName, domain);
    // 'v2' alone is no mapping, and there is no root mapping yet.
    const unmapped = await http(server.g.url, { host: domain, path: '/v2/other' });
    assert.equal(unmapped.status, 403);
    assert.equal(unmapped.text, '{"message":"Forbidden"}');

    await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: root.ApiId!, Stage: '$default' }));
    assert.equal((await http(server.g.url, { host: domain, path: '/v2/other' })).json<Echo>().path, '/root/v2/other');
    await server.v2.send(new DeleteApiMappingCommand({ DomainName: domain, ApiMappingId: multi.ApiMappingId! }));
    assert.equal((await http(server.g.url, { host: domain, path: '/v2/orders/42' })).json<Echo>().path, '/root/v2/orders/42');
  });

  test('an API with disableExecuteApiEndpoint is still served through its custom domain', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP', Target: `${backend.url}/p`, DisableExecuteApiEndpoint: true }));
    const domain = 'private.example.com';
    await server.v2.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }] }));
    await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: api.ApiId!, Stage: '$default' }));
    assert.equal((await callApi(server, api.ApiId!, '/a')).status, 403);
    const res = await http(server.g.url, { host: domain, path: '/a' });
    assert.equal(res.status, 200);
    assert.equal(res.json<Echo>().path, '/p/a');
  });
});
