/**
 * Parity with AWS for RestApi operations: every entry recorded for
 * TestApiGatewayApiRestApi::* in test_apigateway_api.snapshot.json, scenario by scenario
 * (inputs rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_api.py).
 */
import { describe, test } from 'node:test';
import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  UpdateRestApiCommand,
  type CreateRestApiCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_api.snapshot.json';
const skip = !snapshotsAvailable;

const server = useGatehouse();
deleteRestApisAfterEach(server);
let n = 0;

const create = (input: Omit<CreateRestApiCommandInput, 'name'> & { name?: string }) =>
  capture(() => server.client.send(new CreateRestApiCommand({ name: `test-api-${++n}`, ...input } as CreateRestApiCommandInput)));
const update = (restApiId: string, patchOperations: PatchOperation[]) =>
  capture(() => server.client.send(new UpdateRestApiCommand({ restApiId, patchOperations })));
const wrong = 'wrong' as never;

describe('RestApi parity (TestApiGatewayApiRestApi)', { skip }, () => {
  test('listing shows both created APIs, then only the one left after a delete', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_list_and_delete_apis');
    const b = new Bindings();
    const first = await create({ description: 'this is my api' });
    matchRecorded(rec['create-rest-api-1'], first, b);
    matchRecorded(rec['create-rest-api-2'], await create({ description: 'this is my api2' }), b);
    matchRecorded(rec['get-rest-api-before-delete'], await capture(() => server.client.send(new GetRestApisCommand({}))), b);
    matchRecorded(rec['delete-rest-api'], await capture(() => server.client.send(new DeleteRestApiCommand({ restApiId: first.id as string }))), b);
    matchRecorded(rec['get-rest-api-after-delete'], await capture(() => server.client.send(new GetRestApisCommand({}))), b);
  });

  test('API ids are case sensitive: the upper-cased id is not found', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_get_api_case_insensitive');
    const b = new Bindings();
    const created = await create({ description: 'lower case api' });
    // Recorded before AWS added ipAddressType to every answer (all later recordings carry it).
    matchRecorded(rec['create-rest-api'], created, b, { ignore: ['$.endpointConfiguration.ipAddressType'] });
    const upper = (created.id as string).toUpperCase();
    matchRecorded(rec['get-api-upper-case'], await capture(() => server.client.send(new GetRestApiCommand({ restApiId: upper }))), b);
  });

  test('optional create parameters: name only, empty description, version, empty media types, bad compression', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_with_optional_params');
    const b = new Bindings();
    matchRecorded(rec['create-only-name'], await create({}), b);
    matchRecorded(rec['create-empty-desc'], await create({ description: '' }), b);
    matchRecorded(rec['create-with-version'], await create({ version: 'v1' }), b);
    matchRecorded(rec['create-with-empty-binary-media'], await create({ binaryMediaTypes: [] }), b);
    matchRecorded(rec['string-compression-size'], await create({ minimumCompressionSize: -1 }), b);
  });

  test('binary media types given at creation are returned', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_with_binary_media_types');
    matchRecorded(rec['create-with-binary-media'], await create({ binaryMediaTypes: ['image/png'] }), new Bindings());
  });

  test('tags given at creation show in create, get and list', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_with_tags');
    const b = new Bindings();
    const created = await create({ description: 'this is my api', tags: { MY_TAG1: 'MY_VALUE1' } });
    matchRecorded(rec['create-rest-api-w-tags'], created, b);
    matchRecorded(rec['get-rest-api-w-tags'], await capture(() => server.client.send(new GetRestApiCommand({ restApiId: created.id as string }))), b);
    matchRecorded(rec['get-rest-apis-w-tags'], await capture(() => server.client.send(new GetRestApisCommand({}))), b);
  });

  test('binary media types are added, replaced and removed by type, description removed', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_operation_add_remove');
    const b = new Bindings();
    const id = (await create({ description: 'this is my api' })).id as string;
    matchRecorded(rec['update-rest-api-add'], await update(id, [
      { op: 'add', path: '/binaryMediaTypes/image~1png' },
      { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
    ]), b);
    matchRecorded(rec['update-rest-api-replace'], await update(id, [{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }]), b);
    matchRecorded(rec['update-rest-api-remove'], await update(id, [
      { op: 'remove', path: '/binaryMediaTypes/image~1gif' },
      { op: 'remove', path: '/description' },
    ]), b);
  });

  test('minimum compression size: set, cleared by an empty value, zero, and refused when invalid', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_compression');
    const b = new Bindings();
    const id = (await create({ description: 'this is my api' })).id as string;
    const path = '/minimumCompressionSize';
    matchRecorded(rec['enable-compression'], await update(id, [{ op: 'replace', path, value: '10' }]), b);
    matchRecorded(rec['disable-compression'], await update(id, [{ op: 'replace', path, value: '' }]), b);
    matchRecorded(rec['set-compression-zero'], await update(id, [{ op: 'replace', path, value: '0' }]), b);
    matchRecorded(rec['set-negative-compression'], await update(id, [{ op: 'replace', path, value: '-1' }]), b);
    matchRecorded(rec['set-string-compression'], await update(id, [{ op: 'replace', path, value: 'test' }]), b);
    matchRecorded(rec['unsupported-operation'], await update(id, [{ op: 'add', path, value: '10' }]), b);
  });

  test('binary media types take the type from the path, and the bare list path is refused', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_behaviour');
    const b = new Bindings();
    const id = (await create({ description: 'this is my api' })).id as string;
    matchRecorded(rec['update-rest-api-array'], await update(id, [{ op: 'add', path: '/binaryMediaTypes/-', value: 'image/png' }]), b);
    matchRecorded(rec['update-rest-api-add-base-path'], await update(id, [{ op: 'add', path: '/binaryMediaTypes', value: 'image/gif' }]), b);
    matchRecorded(rec['update-rest-api-replace-base-path'], await update(id, [{ op: 'replace', path: '/binaryMediaTypes', value: 'image/gif' }]), b);
    matchRecorded(rec['update-rest-api-remove-base-path'], await update(id, [{ op: 'remove', path: '/binaryMediaTypes' }]), b);
  });

  test('updating an unknown API answers NotFound', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_invalid_api_id');
    matchRecorded(rec['not-found-update-rest-api'], await update('api_id', [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }]), new Bindings());
  });

  test('endpoint configuration at creation: defaults, enum errors, several types', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration');
    const b = new Bindings();
    matchRecorded(rec['create-with-empty-types'], await create({ endpointConfiguration: { types: [] } }), b);
    matchRecorded(rec['create-with-invalid-ip-address-type'], await create({ endpointConfiguration: { types: ['EDGE'], ipAddressType: wrong } }), b);
    matchRecorded(rec['create-with-invalid-types'], await create({ endpointConfiguration: { types: [wrong] } }), b);
    matchRecorded(rec['create-with-invalid-ip-address-type-and-types'], await create({ endpointConfiguration: { ipAddressType: wrong, types: [wrong] } }), b);
    matchRecorded(rec['create-with-invalid-types-and-ip-address-type'], await create({ endpointConfiguration: { types: [wrong], ipAddressType: wrong } }), b);
    matchRecorded(rec['create-with-multiple-errors-1'], await create({ description: '', endpointConfiguration: { types: [wrong], ipAddressType: wrong } }), b);
    matchRecorded(rec['create-with-multiple-errors-2'], await create({ description: '', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }), b);
    matchRecorded(rec['create-with-two-types'], await create({ endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } }), b);
    matchRecorded(rec['create-with-endpoint-config-dualstack'], await create({ endpointConfiguration: { types: ['EDGE'], ipAddressType: 'dualstack' } }), b);
    matchRecorded(rec['create-with-endpoint-config-regional'], await create({ endpointConfiguration: { types: ['REGIONAL'] } }), b);
  });

  test('a private API must be dualstack; the description is checked first', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_private_type');
    const b = new Bindings();
    matchRecorded(rec['create-with-private-type-and-ipv4-ip-address-type'], await create({ endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }), b);
    matchRecorded(rec['create-with-private-type-and-wrong-ip-address-type'], await create({ endpointConfiguration: { types: ['PRIVATE'], ipAddressType: wrong } }), b);
    matchRecorded(
      rec['create-with-private-type-and-ipv4-ip-address-type-and-empty-description'],
      await create({ description: '', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }),
      b,
    );
  });

  test('ipAddressType defaults: ipv4 for edge and regional, dualstack for private', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_create_rest_api_verify_defaults');
    const b = new Bindings();
    matchRecorded(rec['create-with-edge-default'], await create({ endpointConfiguration: { types: ['EDGE'] } }), b);
    matchRecorded(rec['create-with-regional-default'], await create({ endpointConfiguration: { types: ['REGIONAL'] } }), b);
    matchRecorded(rec['create-with-private-default'], await create({ endpointConfiguration: { types: ['PRIVATE'] } }), b);
    matchRecorded(rec['create-with-empty-default'], await create({ endpointConfiguration: {} }), b);
    matchRecorded(rec['create-with-empty-ip-address-type-and-wrong-type'], await create({ endpointConfiguration: { types: [wrong] } }), b);
  });

  test('switching to PRIVATE makes the API dualstack; ipAddressType and type patches are checked', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type');
    const b = new Bindings();
    const id = (await create({})).id as string;
    const ipPath = '/endpointConfiguration/ipAddressType';
    matchRecorded(rec['update-rest-api-replace-type'], await update(id, [{ op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'PRIVATE' }]), b);
    matchRecorded(rec['update-rest-api-replace-to-ipv4-within-private-type'], await update(id, [{ op: 'replace', path: ipPath, value: 'ipv4' }]), b);
    matchRecorded(rec['update-rest-api-wrong-ipAddressType'], await update(id, [{ op: 'replace', path: ipPath, value: 'wrong' }]), b);
    matchRecorded(rec['update-rest-api-wrong-type'], await update(id, [{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'wrong' }]), b);
    matchRecorded(rec['update-rest-api-invalid-operation-on-ipAddressType'], await update(id, [{ op: 'add', path: ipPath, value: 'dualstack' }]), b);
    matchRecorded(rec['update-rest-api-invalid-operation-on-type'], await update(id, [{ op: 'move', path: '/endpointConfiguration/types/0', from: '/endpointConfiguration/types/1' }]), b);
    matchRecorded(rec['update-rest-api-replace-ip-address-type'], await update(id, [{ op: 'replace', path: ipPath, value: 'dualstack' }]), b);
  });

  test('several invalid ops in one update are reported together', async () => {
    const rec = recorded(FILE, 'TestApiGatewayApiRestApi::test_update_rest_api_concatenation_of_errors');
    const b = new Bindings();
    const id = (await create({})).id as string;
    const op = (path: string): PatchOperation => ({ op: wrong, path, value: 'dualstack' });
    const ip = '/endpointConfiguration/ipAddressType';
    const type = '/endpointConfiguration/types/0';
    matchRecorded(rec['update-rest-api-wrong-operations-on-ipAddressType'], await update(id, [op(ip), op(ip)]), b);
    matchRecorded(rec['update-rest-api-wrong-operations-on-type'], await update(id, [op(type), op(type)]), b);
    matchRecorded(rec['update-rest-api-wrong-operations-on-type-and-on-ip-address-type'], await update(id, [op(type), op(ip), op(type)]), b);
  });
});
