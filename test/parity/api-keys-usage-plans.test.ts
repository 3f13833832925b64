/**
 * Parity with AWS for API keys and usage plans: every entry recorded for
 * TestApigatewayApiKeysCrud::* in test_apigateway_extended.snapshot.json, scenario by scenario
 * (inputs rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_extended.py).
 * test_apigateway_api.snapshot.json records nothing about keys or plans.
 * Each scenario runs in its own account, as the recordings start from an empty region.
 */
import { describe, test } from 'node:test';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  UpdateApiKeyCommand,
  type CreateApiKeyCommandInput,
  type GetApiKeysCommandInput,
  type GetUsagePlanKeysCommandInput,
} from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const FILE = 'test_apigateway_extended.snapshot.json';
const skip = !snapshotsAvailable;

const server = useGatehouse();
let account = 300000000000;

/** A client in an account of its own: each recorded scenario starts with no keys and no plans. */
function freshClient(): APIGatewayClient {
  return server.g.apigateway({ accessKeyId: String(++account) });
}

describe('API key and usage plan parity (TestApigatewayApiKeysCrud)', { skip }, () => {
  test('keys are listed newest first, filtered by a case-sensitive name prefix, and paged', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_get_api_keys');
    const b = new Bindings();
    const client = freshClient();
    const list = (input: GetApiKeysCommandInput = {}) => capture(() => client.send(new GetApiKeysCommand(input)));
    const name1 = 'test-key-1a2b3c4d';
    const name2 = 'test-key-5e6f7a8b';
    matchRecorded(rec['get-api-keys'], await list(), b);
    matchRecorded(rec['create-api-key'], await capture(() => client.send(new CreateApiKeyCommand({ name: name1 }))), b);
    matchRecorded(rec['get-api-keys-after-create-1'], await list(), b);
    matchRecorded(rec['get-api-keys-wrong-name-query'], await list({ nameQuery: name2 }), b);
    matchRecorded(rec['get-api-keys-prefix-name-query'], await list({ nameQuery: name1.slice(0, 8) }), b);
    matchRecorded(rec['get-api-keys-prefix-name-query-cased'], await list({ nameQuery: name1.slice(0, 8).toUpperCase() }), b);
    matchRecorded(rec['get-api-keys-postfix-name-query'], await list({ nameQuery: name1.slice(2) }), b);
    matchRecorded(rec['get-api-keys-infix-name-query'], await list({ nameQuery: name1.slice(2, 8) }), b);
    matchRecorded(rec['create-api-key-2'], await capture(() => client.send(new CreateApiKeyCommand({ name: name2 }))), b);
    matchRecorded(rec['get-api-keys-after-create-2'], await list(), b);
    matchRecorded(rec['get-api-keys-name-query'], await list({ nameQuery: name2 }), b);
    matchRecorded(rec['get-api-keys-prefix-name-query-2'], await list({ nameQuery: name1.slice(0, 8) }), b);
    const page = await list({ limit: 1 });
    matchRecorded(rec['get-apis-keys-pagination'], page, b);
    matchRecorded(rec['get-apis-keys-pagination-2'], await list({ limit: 1, position: page.position as string }), b);
    client.destroy();
  });

  test('usage plan keys: listed newest first, filtered by key name prefix, gone with their API keys', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_get_usage_plan_api_keys');
    const b = new Bindings();
    const client = freshClient();
    const name1 = 'test-key-9c8d7e6f';
    const planKeys = (input: Omit<GetUsagePlanKeysCommandInput, 'usagePlanId'>, usagePlanId: string) =>
      capture(() => client.send(new GetUsagePlanKeysCommand({ usagePlanId, ...input })));
    matchRecorded(rec['get-api-keys'], await capture(() => client.send(new GetApiKeysCommand({}))), b);
    const key1 = await capture(() => client.send(new CreateApiKeyCommand({ name: name1 })));
    matchRecorded(rec['create-api-key'], key1, b);
    const key2 = await capture(() => client.send(new CreateApiKeyCommand({ name: 'test-key-0a1b2c3d' })));
    matchRecorded(rec['create-api-key-2'], key2, b);
    matchRecorded(rec['get-api-keys-after-create-1'], await capture(() => client.send(new GetApiKeysCommand({}))), b);
    const plan = await capture(() => client.send(new CreateUsagePlanCommand({ name: 'usage-plan-4d5e6f' })));
    matchRecorded(rec['create-usage-plan'], plan, b);
    const planId = plan.id as string;
    matchRecorded(rec['get-up-keys-before-create'], await planKeys({}, planId), b);
    const addKey = (keyId: string) => capture(() => client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' })));
    matchRecorded(rec['create-up-key'], await addKey(key1.id as string), b);
    matchRecorded(rec['create-up-key-2'], await addKey(key2.id as string), b);
    matchRecorded(rec['get-up-keys'], await planKeys({}, planId), b);
    matchRecorded(rec['get-up-keys-name-query'], await planKeys({ nameQuery: 'test-key' }, planId), b);
    matchRecorded(rec['get-up-keys-name-query-cased'], await planKeys({ nameQuery: 'TEST-key' }, planId), b);
    matchRecorded(rec['get-up-keys-name-query-key-name'], await planKeys({ nameQuery: name1 }, planId), b);
    matchRecorded(rec['get-up-keys-bad-query'], await planKeys({ nameQuery: 'nothing' }, planId), b);
    await client.send(new DeleteApiKeyCommand({ apiKey: key1.id as string }));
    await client.send(new DeleteApiKeyCommand({ apiKey: key2.id as string }));
    matchRecorded(rec['get-up-keys-after-delete'], await planKeys({}, planId), b);
    matchRecorded(rec['get-up-keys-bad-usage-plan'], await planKeys({}, 'bad-id'), b);
    client.destroy();
  });

  test('a negative limit lists nothing wrong; a rename answers tags and no value', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_negative_get_usage_plan_api_keys');
    const b = new Bindings();
    const client = freshClient();
    matchRecorded(rec['get-api-keys-invalid-limit'], await capture(() => client.send(new GetApiKeysCommand({ limit: -1 }))), b);
    const key = await capture(() => client.send(new CreateApiKeyCommand({ name: 'key-enabled-false', enabled: false })));
    matchRecorded(rec['create-api-key'], key, b);
    const renamed = await capture(() =>
      client.send(new UpdateApiKeyCommand({ apiKey: key.id as string, patchOperations: [{ op: 'replace', path: '/name', value: 'new-name' }] })),
    );
    matchRecorded(rec['update-api-key-name'], renamed, b);
    client.destroy();
  });

  test('names: too long is refused, empty or missing makes a nameless key', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_create_api_key_with_invalid_name');
    const b = new Bindings();
    const client = freshClient();
    const create = (input: CreateApiKeyCommandInput) => capture(() => client.send(new CreateApiKeyCommand(input)));
    matchRecorded(rec['create-api-key-name-too-long'], await create({ name: 'a'.repeat(1025) }), b);
    matchRecorded(rec['create-api-key-empty-name'], await create({ name: '' }), b);
    matchRecorded(rec['create-api-key-no-name'], await create({}), b);
    client.destroy();
  });

  test('values: too short and too long are refused, an empty one is generated', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_create_api_key_with_invalid_value');
    const b = new Bindings();
    const client = freshClient();
    const create = (input: CreateApiKeyCommandInput) => capture(() => client.send(new CreateApiKeyCommand(input)));
    matchRecorded(rec['create-api-key-short-value'], await create({ value: 'short' }), b);
    matchRecorded(rec['create-api-key-invalid-value-too-long'], await create({ value: 'a'.repeat(129) }), b);
    matchRecorded(rec['create-api-key-empty-value'], await create({ value: '' }), b);
    client.destroy();
  });

  test('a description over 125000 characters is refused on create and on update', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_update_api_key_invalid_description_length');
    const b = new Bindings();
    const client = freshClient();
    const long = 'a'.repeat(125001);
    matchRecorded(rec['create-api-key-description-too-long'], await capture(() => client.send(new CreateApiKeyCommand({ description: long }))), b);
    const key = await client.send(new CreateApiKeyCommand({}));
    const update = await capture(() =>
      client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/description', value: long }] })),
    );
    matchRecorded(rec['update-api-key-description-too-long'], update, b);
    client.destroy();
  });

  test('an /enabled value that is not a boolean reads as false', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_update_api_key_invalid_enabled_type');
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({}));
    const update = await capture(() =>
      client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'not-a-boolean' }] })),
    );
    matchRecorded(rec['update-api-key-invalid-enabled-type'], update, new Bindings());
    client.destroy();
  });

  test('the id cannot be patched: AWS lists the paths that can', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_update_api_key_immutable_field');
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({}));
    const update = await capture(() =>
      client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/id', value: 'new-id' }] })),
    );
    matchRecorded(rec['update-api-key-immutable-field'], update, new Bindings());
    client.destroy();
  });

  test('a plan throttle whose burst exceeds its rate is accepted', async () => {
    const rec = recorded(FILE, 'TestApigatewayApiKeysCrud::test_create_usage_plan_with_throttle');
    const client = freshClient();
    const plan = await capture(() => client.send(new CreateUsagePlanCommand({ name: 'invalid-throttle-burst-gt-rate-1', throttle: { rateLimit: 10, burstLimit: 20 } })));
    matchRecorded(rec['create-usage-plan-burst-gt-rate'], plan, new Bindings());
    client.destroy();
  });
});
