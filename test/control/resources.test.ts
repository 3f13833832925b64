/**
 * Resource behaviour the AWS recordings do not cover: the 300-resource quota, the methods of a
 * deleted subtree, `embed=methods`, paging, path part rules, the root's protection.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourcesCommand,
  PutMethodCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { KIND } from '../../src/control/apigateway/records.js';

const server = useGatehouse({ inMemory: true });

async function newApi() {
  const { restApiId: apiId, rootId } = await createRestApi(server.client, 'resources-test');
  return { apiId, rootId };
}
const create = async (restApiId: string, parentId: string, pathPart: string) =>
  (await server.client.send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id!;
const putGet = (restApiId: string, resourceId: string) =>
  server.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (err) {
    const e = err as Error & { $metadata: { httpStatusCode: number } };
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
  }
  assert.fail('expected the call to fail');
};

describe('resources', () => {
  test('the 301st resource of an API is refused with LimitExceededException and not created', async () => {
    const { apiId, rootId } = await newApi();
    for (let i = 1; i < 300; i++) await create(apiId, rootId, `r${i}`); // + the root = 300
    const err = await errorOf(create(apiId, rootId, 'one-too-many'));
    assert.equal(err.name, 'LimitExceededException');
    assert.equal(err.status, 429);
    assert.match(err.message, /300 resources per API/);
    const all = await server.client.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }));
    assert.equal(all.items!.length, 300);
  });

  test('deleting a resource deletes the methods of every resource below it', async () => {
    const { apiId, rootId } = await newApi();
    const pets = await create(apiId, rootId, 'pets');
    const petId = await create(apiId, pets, '{petId}');
    const toys = await create(apiId, rootId, 'toys');
    for (const id of [pets, petId, toys]) await putGet(apiId, id);
    await server.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: pets }));
    const left = await server.g.store.transaction({ account: '000000000000', region: 'us-east-1' }, (tx) => tx.list(KIND.method, `${apiId}/`));
    assert.deepEqual(left.map((e) => e.key), [`${apiId}/${toys}/GET`]);
    const err = await errorOf(server.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: petId })));
    assert.equal(err.name, 'NotFoundException');
  });

  test('resources list method names, and whole methods with embed=methods', async () => {
    const { apiId, rootId } = await newApi();
    const pets = await create(apiId, rootId, 'pets');
    await putGet(apiId, pets);
    const plain = await server.client.send(new GetResourcesCommand({ restApiId: apiId }));
    assert.deepEqual(plain.items!.find((r) => r.id === pets)!.resourceMethods, { GET: {} });
    assert.equal(plain.items!.find((r) => r.id === rootId)!.resourceMethods, undefined);
    const embedded = await server.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: pets, embed: ['methods'] }));
    assert.equal(embedded.resourceMethods!.GET.httpMethod, 'GET');
    assert.equal(embedded.resourceMethods!.GET.authorizationType, 'NONE');
  });

  test('resources page through limit and position without gaps or repeats', async () => {
    const { apiId, rootId } = await newApi();
    for (const part of ['a', 'b', 'c', 'd']) await create(apiId, rootId, part);
    const seen: string[] = [];
    let position: string | undefined;
    let pages = 0;
    do {
      const page = await server.client.send(new GetResourcesCommand({ restApiId: apiId, limit: 2, position }));
      assert.ok(page.items!.length <= 2);
      seen.push(...page.items!.map((r) => r.path!));
      position = page.position;
      pages++;
    } while (position);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['/', '/a', '/b', '/c', '/d']);
  });

  test('a path part with characters AWS does not allow is refused', async () => {
    const { apiId, rootId } = await newApi();
    for (const bad of ['a b', 'pets/{id}', 'x{id}', '{id', '']) {
      const err = await errorOf(create(apiId, rootId, bad));
      assert.equal(err.name, 'BadRequestException', bad);
      assert.match(err.message, /^Resource's path part only allow a-zA-Z0-9\._-/);
    }
    assert.ok(await create(apiId, rootId, 'v1:batch,get_all.json'));
  });

  test('the root resource cannot be deleted', async () => {
    const { apiId, rootId } = await newApi();
    const err = await errorOf(server.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: rootId })));
    assert.equal(err.name, 'BadRequestException');
    const all = await server.client.send(new GetResourcesCommand({ restApiId: apiId }));
    assert.deepEqual(all.items!.map((r) => r.path), ['/']);
  });

  test('a resource cannot move under a greedy resource, and a parent cannot turn greedy', async () => {
    const { apiId, rootId } = await newApi();
    const proxy = await create(apiId, rootId, '{proxy+}');
    const pets = await create(apiId, rootId, 'pets');
    await create(apiId, pets, 'toys');
    const moved = await errorOf(server.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: pets, patchOperations: [{ op: 'replace', path: '/parentId', value: proxy }] })));
    assert.equal(moved.message, 'Cannot create a child of a resource with a greedy path variable: {proxy+}');
    await server.client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: proxy }));
    const greedy = await errorOf(server.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: pets, patchOperations: [{ op: 'replace', path: '/pathPart', value: '{all+}' }] })));
    assert.equal(greedy.name, 'BadRequestException');
    const after = await server.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: pets }));
    assert.equal(after.path, '/pets');
  });

  test('moving a resource moves the paths of everything below it', async () => {
    const { apiId, rootId } = await newApi();
    const a = await create(apiId, rootId, 'a');
    const b = await create(apiId, rootId, 'b');
    const c = await create(apiId, a, 'c');
    await server.client.send(new UpdateResourceCommand({ restApiId: apiId, resourceId: a, patchOperations: [{ op: 'replace', path: '/parentId', value: b }] }));
    const child = await server.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: c }));
    assert.equal(child.path, '/b/a/c');
  });
});
