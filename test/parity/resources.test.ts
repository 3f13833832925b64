/**
 * Parity with AWS for Resource operations: every entry recorded for
 * TestApiGatewayApiResource::* in test_apigateway_api.snapshot.json, scenario by scenario
 * (inputs rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_api.py).
 */
import { describe, test } from 'node:test';
import {
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  GetResourceCommand,
  GetResourcesCommand,
  UpdateResourceCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchEntry, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_api.snapshot.json';
const skip = !snapshotsAvailable;

const server = useGatehouse();

/** A fresh API for one scenario, with its root resource id; deleted when the scenario ends. */
async function withApi(description: string, scenario: (apiId: string, rootId: string) => Promise<void>): Promise<void> {
  const api = await server.client.send(new CreateRestApiCommand({ name: `test-api-${Date.now()}`, description }));
  try {
    await scenario(api.id!, api.rootResourceId!);
  } finally {
    await server.client.send(new DeleteRestApiCommand({ restApiId: api.id }));
  }
}

const createResource = (restApiId: string, parentId: string, pathPart: string) =>
  capture(() => server.client.send(new CreateResourceCommand({ restApiId, parentId, pathPart })));
const updateResource = (restApiId: string, resourceId: string, patchOperations: PatchOperation[]) =>
  capture(() => server.client.send(new UpdateResourceCommand({ restApiId, resourceId, patchOperations })));
const deleteResource = (restApiId: string, resourceId: string) => capture(() => server.client.send(new DeleteResourceCommand({ restApiId, resourceId })));
/** LocalStack sorts these listings by path before matching (SortingTransformer("items", path)). */
async function resourcesByPath(restApiId: string) {
  const answer = await capture(() => server.client.send(new GetResourcesCommand({ restApiId })));
  (answer.items as { path: string }[]).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return answer;
}

describe('Resource parity (TestApiGatewayApiResource)', { skip }, () => {
  test('a resource is created under the root, renamed, and deleted with its child', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_resource_lifecycle');
    const b = new Bindings();
    await withApi('testing resource lifecycle', async (apiId) => {
      const root = await resourcesByPath(apiId);
      matchRecorded(rec['rest-api-root-resource'], root, b);
      const rootId = (root.items as { id: string }[])[0].id;
      const pets = await createResource(apiId, rootId, 'pets');
      matchRecorded(rec['create-resource'], pets, b);
      matchRecorded(rec['rest-api-resources-after-create'], await resourcesByPath(apiId), b);
      matchRecorded(rec['create-subresource'], await createResource(apiId, pets.id as string, 'subpets'), b);
      matchRecorded(rec['rest-api-resources-after-create-sub'], await resourcesByPath(apiId), b);
      matchRecorded(rec['update-path-part'], await updateResource(apiId, pets.id as string, [{ op: 'replace', path: '/pathPart', value: 'dogs' }]), b);
      matchRecorded(
        rec['get-resp-after-update-path-part'],
        await capture(() => server.client.send(new GetResourceCommand({ restApiId: apiId, resourceId: pets.id as string }))),
        b,
      );
      matchRecorded(rec['del-resource'], await deleteResource(apiId, pets.id as string), b);
      matchRecorded(rec['rest-api-resources-after-delete'], await resourcesByPath(apiId), b);
    });
  });

  test('moving and renaming resources: missing ids, bad paths, name conflicts, cycles', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_update_resource_behaviour');
    const b = new Bindings();
    await withApi('testing resource behaviour', async (apiId, rootId) => {
      const pets = (await createResource(apiId, rootId, 'pets')).id as string;
      const rename = (value: string): PatchOperation[] => [{ op: 'replace', path: '/pathPart', value }];
      const move = (value: string): PatchOperation[] => [{ op: 'replace', path: '/parentId', value }];
      matchRecorded(rec['nonexistent-resource'], await updateResource(apiId, 'fake-resource', rename('dogs')), b);
      matchRecorded(rec['invalid-path-part'], await updateResource(apiId, pets, [{ op: 'replace', path: '/invalid', value: 'dogs' }]), b);
      matchRecorded(rec['invalid-parent-id'], await updateResource(apiId, pets, move('fake-parent-id')), b);
      const subpets = await createResource(apiId, pets, 'subpets');
      matchRecorded(rec['create-subresource'], subpets, b);
      const child = await createResource(apiId, subpets.id as string, 'pets');
      matchRecorded(rec['create-subresource-child'], child, b);
      matchRecorded(rec['existing-future-sibling-path'], await updateResource(apiId, child.id as string, move(rootId)), b);
      await deleteResource(apiId, child.id as string);
      matchRecorded(rec['update-parent-id-to-subresource-id'], await updateResource(apiId, pets, move(subpets.id as string)), b);
      matchRecorded(rec['update-parent-id-to-root-id'], await updateResource(apiId, subpets.id as string, move(rootId)), b);
      matchRecorded(rec['update-path-already-exists'], await updateResource(apiId, subpets.id as string, rename('pets')), b);
      await deleteResource(apiId, pets);
      matchRecorded(rec['resources-after-deletion'], await resourcesByPath(apiId), b);
      matchRecorded(rec['remove-unsupported'], await updateResource(apiId, subpets.id as string, [{ op: 'remove', path: '/pathPart' }]), b);
      matchRecorded(rec['add-unsupported'], await updateResource(apiId, subpets.id as string, [{ op: 'add', path: '/pathPart', value: 'added-pets' }]), b);
    });
  });

  test('deleting a resource deletes its subresources too', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_delete_resource');
    const b = new Bindings();
    await withApi('testing resource behaviour', async (apiId, rootId) => {
      const pets = (await createResource(apiId, rootId, 'pets')).id as string;
      const subpets = (await createResource(apiId, pets, 'subpets')).id as string;
      matchRecorded(rec['delete-resource'], await deleteResource(apiId, pets), b);
      matchRecorded(rec['get-resources'], await resourcesByPath(apiId), b);
      matchRecorded(rec['delete-subresource'], await deleteResource(apiId, subpets), b);
    });
  });

  test('a resource under an unknown parent is refused', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_create_resource_parent_invalid');
    await withApi('testing resource parent', async (apiId) => {
      matchRecorded(rec['wrong-resource-parent-id'], await createResource(apiId, 'fake-resource-id', 'subpets'), new Bindings());
    });
  });

  test('proxy resources sit beside static and variable siblings at every level', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_create_proxy_resource');
    const b = new Bindings();
    await withApi('testing resource proxy', async (apiId, rootId) => {
      matchRecorded(rec['create-base-proxy-resource'], await createResource(apiId, rootId, '{proxy+}'), b);
      const parent = (await createResource(apiId, rootId, 'parent')).id as string;
      matchEntry(rec, 'create-proxy-sibling-resource', parent, b);
      const proxyChild = await createResource(apiId, parent, '{proxy+}');
      matchRecorded(rec['create-proxy-sibling-proxy-child-resource'], proxyChild, b);
      const staticChild = await createResource(apiId, parent, 'child');
      matchRecorded(rec['create-proxy-sibling-static-child-resource'], staticChild, b);
      matchRecorded(rec['create-static-child-proxy-resource'], await createResource(apiId, staticChild.id as string, '{proxy+}'), b);
      matchRecorded(rec['all-resources'], await resourcesByPath(apiId), b);
      await deleteResource(apiId, proxyChild.id as string);
      const dynamicChild = await createResource(apiId, parent, '{child}');
      matchRecorded(rec['create-proxy-sibling-dynamic-child-resource'], dynamicChild, b);
      matchRecorded(rec['create-dynamic-child-proxy-resource'], await createResource(apiId, dynamicChild.id as string, '{proxy+}'), b);
      matchRecorded(rec['all-resources-2'], await resourcesByPath(apiId), b);
    });
  });

  test('a greedy resource takes no children and no variable sibling', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_create_proxy_resource_validation');
    const b = new Bindings();
    await withApi('testing resource proxy', async (apiId, rootId) => {
      const proxy = await createResource(apiId, rootId, '{proxy+}');
      matchRecorded(rec['create-base-proxy-resource'], proxy, b);
      matchRecorded(rec['create-proxy-dynamic-sibling-resource'], await createResource(apiId, rootId, '{dynamic}'), b);
      matchRecorded(rec['create-proxy-static-child-resource'], await createResource(apiId, proxy.id as string, 'child'), b);
      matchRecorded(rec['create-proxy-dynamic-child-resource'], await createResource(apiId, proxy.id as string, '{child}'), b);
      const parent = (await createResource(apiId, rootId, 'parent')).id as string;
      matchRecorded(rec['create-greedy-child-resource'], await createResource(apiId, parent, '{child+}'), b);
    });
  });

  test('the root resource keeps its pathPart and its place', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiResource::test_update_resource_on_root');
    const b = new Bindings();
    await withApi('testing root resource', async (apiId, rootId) => {
      const other = (await createResource(apiId, rootId, 'other')).id as string;
      matchRecorded(rec['update-root-path-part'], await updateResource(apiId, rootId, [{ op: 'replace', path: '/pathPart', value: 'new' }]), b);
      matchRecorded(rec['update-root-parent'], await updateResource(apiId, rootId, [{ op: 'replace', path: '/parentId', value: other }]), b);
    });
  });
});
