/**
 * Invoking an API through its custom domain name: the Host picks the domain, the first path
 * segment picks the base path mapping, the rest is the API's resource path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateResourceCommand,
  DeleteBasePathMappingCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';

const server = useGatehouse({ inMemory: true });
const cert = 'arn:aws:acm:us-east-1:000000000000:certificate/abcd';

/** An API whose GET /{pathPart} answers `{"api": name, "stage": stageName}` from a MOCK integration, deployed to prod. */
async function mockApi(name: string, pathPart: string): Promise<string> {
  const { restApiId, rootId } = await createRestApi(server.client, name);
  const { id: resourceId } = await server.client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }));
  const target = { restApiId, resourceId: resourceId!, httpMethod: 'GET' };
  await server.client.send(new PutMethodCommand({ ...target, authorizationType: 'NONE' }));
  await server.client.send(new PutMethodResponseCommand({ ...target, statusCode: '200' }));
  await server.client.send(new PutIntegrationCommand({ ...target, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await server.client.send(
    new PutIntegrationResponseCommand({
      ...target,
      statusCode: '200',
      responseTemplates: { 'application/json': `{"api": "${name}", "stage": "$context.stage", "path": "$context.resourcePath"}` },
    }),
  );
  await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  return restApiId;
}

describe('custom domain names on the data plane', () => {
  test('the base path selects the API; the empty mapping is not needed for named ones', async () => {
    const orders = await mockApi('orders', 'items');
    const users = await mockApi('users', 'items');
    const domainName = 'api.example.com';
    await server.client.send(new CreateDomainNameCommand({ domainName, regionalCertificateArn: cert, endpointConfiguration: { types: ['REGIONAL'] } }));
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: orders, basePath: 'orders', stage: 'prod' }));
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: users, basePath: 'users' }));

    const viaOrders = await http(server.g.url, { host: domainName, path: '/orders/items' });
    assert.equal(viaOrders.status, 200, viaOrders.text);
    assert.deepEqual(viaOrders.json(), { api: 'orders', stage: 'prod', path: '/items' });
    // A mapping without a stage reads the stage from the path.
    const viaUsers = await http(server.g.url, { host: `${domainName}:443`, path: '/users/prod/items' });
    assert.deepEqual(viaUsers.json(), { api: 'users', stage: 'prod', path: '/items' });

    const unmapped = await http(server.g.url, { host: domainName, path: '/billing/items' });
    assert.equal(unmapped.status, 403);
    assert.deepEqual(unmapped.json(), { message: 'Forbidden' });
    assert.equal(unmapped.headers['x-amzn-errortype'], 'ForbiddenException');
  });

  test('the (none) mapping takes every path; deleting it stops the domain answering', async () => {
    const api = await mockApi('root', 'things');
    const domainName = 'root.example.com';
    await server.client.send(new CreateDomainNameCommand({ domainName, regionalCertificateArn: cert, endpointConfiguration: { types: ['REGIONAL'] } }));
    await server.client.send(new CreateBasePathMappingCommand({ domainName, restApiId: api, stage: 'prod' }));
    const ok = await http(server.g.url, { host: domainName, path: '/things' });
    assert.deepEqual(ok.json(), { api: 'root', stage: 'prod', path: '/things' });
    await server.client.send(new DeleteBasePathMappingCommand({ domainName, basePath: '(none)' }));
    const gone = await http(server.g.url, { host: domainName, path: '/things' });
    assert.equal(gone.status, 403);
  });

  test('a Host that is no custom domain name still reaches the control plane', async () => {
    const answer = await http(server.g.url, { host: 'unknown.example.com', path: '/restapis' });
    assert.equal(answer.status, 200, answer.text);
    assert.ok(Array.isArray(answer.json<{ item?: unknown[] }>().item));
  });
});
