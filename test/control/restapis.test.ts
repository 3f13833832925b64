/**
 * RestApi behaviour the AWS recordings do not cover: resource policies, cloneFrom, VPC endpoint
 * ids, endpoint type switches, paging, and all-or-nothing updates.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceCommand,
  CreateRestApiCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  PutMethodCommand,
  UpdateRestApiCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { parseStoredPolicy } from '../../src/control/apigateway/restapi-policy.js';

const server = useGatehouse({ inMemory: true }, { region: 'eu-west-1' });

const update = (restApiId: string, patchOperations: PatchOperation[]) => server.client.send(new UpdateRestApiCommand({ restApiId, patchOperations }));
const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected the call to fail');
};

describe('rest apis', () => {
  test('a resource policy comes back with execute-api:/ expanded to the API ARN, quotes escaped', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: ['execute-api:Invoke'], Resource: ['execute-api:/*'] }],
    };
    const api = await server.client.send(new CreateRestApiCommand({ name: 'with-policy', policy: JSON.stringify(policy) }));
    assert.ok(api.policy!.startsWith('{\\"Version\\":\\"2012-10-17\\"'), api.policy!);
    assert.deepEqual(parseStoredPolicy(api.policy!), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:eu-west-1:000000000000:${api.id}/*` }],
    });
    const removed = await update(api.id!, [{ op: 'replace', path: '/policy', value: '' }]);
    assert.equal(removed.policy, undefined);
    const bad = await errorOf(update(api.id!, [{ op: 'replace', path: '/policy', value: '{not json' }]));
    assert.equal(bad.name, 'BadRequestException');
  });

  test('cloneFrom copies the resource tree and its methods under new resource ids', async () => {
    const source = await server.client.send(new CreateRestApiCommand({ name: 'source' }));
    const pets = await server.client.send(new CreateResourceCommand({ restApiId: source.id, parentId: source.rootResourceId, pathPart: 'pets' }));
    await server.client.send(new PutMethodCommand({ restApiId: source.id, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    const clone = await server.client.send(new CreateRestApiCommand({ name: 'clone', cloneFrom: source.id }));
    const resources = await server.client.send(new GetResourcesCommand({ restApiId: clone.id, embed: ['methods'] }));
    assert.deepEqual(resources.items!.map((r) => r.path), ['/', '/pets']);
    assert.equal(resources.items![0].id, clone.rootResourceId);
    const clonedPets = resources.items![1];
    assert.notEqual(clonedPets.id, pets.id);
    assert.equal(clonedPets.parentId, clone.rootResourceId);
    assert.equal(clonedPets.resourceMethods!.GET.httpMethod, 'GET');
    const models = await server.client.send(new GetModelsCommand({ restApiId: clone.id }));
    assert.deepEqual(models.items!.map((m) => m.name).sort(), ['Empty', 'Error']);
    const missing = await errorOf(server.client.send(new CreateRestApiCommand({ name: 'clone', cloneFrom: 'nosuchapi' })));
    assert.equal(missing.name, 'NotFoundException');
  });

  test('VPC endpoints are associated and disassociated one by one', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'private', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] } }));
    const path = '/endpointConfiguration/vpcEndpointIds';
    const added = await update(api.id!, [{ op: 'add', path, value: 'vpce-2' }]);
    assert.deepEqual(added.endpointConfiguration!.vpcEndpointIds, ['vpce-1', 'vpce-2']);
    const removed = await update(api.id!, [{ op: 'remove', path, value: 'vpce-1' }]);
    assert.deepEqual(removed.endpointConfiguration!.vpcEndpointIds, ['vpce-2']);
  });

  test('the endpoint type switches with replace, or with remove + add, but never to two types', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'edge' }));
    const regional = await update(api.id!, [{ op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' }]);
    assert.deepEqual(regional.endpointConfiguration!.types, ['REGIONAL']);
    const edge = await update(api.id!, [
      { op: 'remove', path: '/endpointConfiguration/types', value: 'REGIONAL' },
      { op: 'add', path: '/endpointConfiguration/types', value: 'EDGE' },
    ]);
    assert.deepEqual(edge.endpointConfiguration!.types, ['EDGE']);
    const two = await errorOf(update(api.id!, [{ op: 'add', path: '/endpointConfiguration/types', value: 'REGIONAL' }]));
    assert.equal(two.message, 'Cannot create an api with multiple Endpoint Types.');
  });

  test('a private API cannot become edge-optimized', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'private', endpointConfiguration: { types: ['PRIVATE'] } }));
    const err = await errorOf(update(api.id!, [{ op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'EDGE' }]));
    assert.equal(err.name, 'BadRequestException');
  });

  test('an update whose last operation fails changes nothing', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'atomic', description: 'before' }));
    const err = await errorOf(update(api.id!, [
      { op: 'replace', path: '/description', value: 'after' },
      { op: 'replace', path: '/minimumCompressionSize', value: '99999999' },
    ]));
    assert.equal(err.message, 'Invalid minimum compression size, must be between 0 and 10485760');
    const now = await server.client.send(new GetRestApiCommand({ restApiId: api.id }));
    assert.equal(now.description, 'before');
  });

  test('name, version, apiKeySource and disableExecuteApiEndpoint are updated', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'plain' }));
    const updated = await update(api.id!, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/version', value: '2' },
      { op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' },
      { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
    ]);
    assert.equal(updated.name, 'renamed');
    assert.equal(updated.version, '2');
    assert.equal(updated.apiKeySource, 'AUTHORIZER');
    assert.equal(updated.disableExecuteApiEndpoint, true);
    const bad = await errorOf(update(api.id!, [{ op: 'replace', path: '/apiKeySource', value: 'COOKIE' }]));
    assert.equal(bad.name, 'BadRequestException');
  });

  test('APIs page through limit and position', async () => {
    const other = server.g.apigateway({ region: 'ap-south-1' });
    for (let i = 0; i < 5; i++) await other.send(new CreateRestApiCommand({ name: `paged-${i}` }));
    const names: string[] = [];
    let position: string | undefined;
    do {
      const page = await other.send(new GetRestApisCommand({ limit: 2, position }));
      names.push(...page.items!.map((a) => a.name!));
      position = page.position;
    } while (position);
    assert.deepEqual(names, ['paged-0', 'paged-1', 'paged-2', 'paged-3', 'paged-4']);
  });
});
