/**
 * API keys through the real SDK client: created, read with and without their values, listed,
 * patched, deleted, and imported from CSV files in AWS's format (good files and bad ones).
 * Each test works in an account of its own, so listings hold only what it made.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  DeleteApiKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  ImportApiKeysCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

const server = useGatehouse();
let account = 400000000000;
const freshClient = (): APIGatewayClient => server.g.apigateway({ accessKeyId: String(++account) });

async function rejects(call: Promise<unknown>, name: string, message: string | RegExp): Promise<void> {
  await assert.rejects(call, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

/** An API deployed to a stage, for stage keys. */
async function deployedStage(client: APIGatewayClient, stageName: string): Promise<string> {
  const { restApiId, rootId } = await createRestApi(client, 'keyed');
  await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  await client.send(new CreateDeploymentCommand({ restApiId, stageName }));
  return restApiId;
}

const csv = (text: string) => new TextEncoder().encode(text);

describe('API keys', () => {
  test('a created key gets a 10-character id and a 40-character generated value, disabled unless asked', async () => {
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({ name: 'first', description: 'a key', customerId: 'cust-1', tags: { team: 'a' } }));
    assert.match(key.id!, /^[a-z0-9]{10}$/);
    assert.match(key.value!, /^[A-Za-z0-9]{40}$/);
    assert.equal(key.enabled, false);
    assert.deepEqual(key.stageKeys, []);
    assert.deepEqual(key.tags, { team: 'a' });
    assert.ok(key.createdDate instanceof Date);

    const second = await client.send(new CreateApiKeyCommand({ enabled: true }));
    assert.notEqual(second.value, key.value);
    assert.equal(second.enabled, true);
    client.destroy();
  });

  test('the value is answered only when asked for', async () => {
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({ name: 'secret', value: 'abcdefghij0123456789XYZ' }));
    assert.equal(key.value, 'abcdefghij0123456789XYZ');
    assert.equal((await client.send(new GetApiKeyCommand({ apiKey: key.id }))).value, undefined);
    assert.equal((await client.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value, 'abcdefghij0123456789XYZ');
    assert.equal((await client.send(new GetApiKeysCommand({}))).items?.[0].value, undefined);
    assert.equal((await client.send(new GetApiKeysCommand({ includeValues: true }))).items?.[0].value, 'abcdefghij0123456789XYZ');
    client.destroy();
  });

  test('a value already in use is refused', async () => {
    const client = freshClient();
    await client.send(new CreateApiKeyCommand({ value: 'the-same-value-0123456789' }));
    await rejects(client.send(new CreateApiKeyCommand({ value: 'the-same-value-0123456789' })), 'ConflictException', 'API Key already exists');
    assert.equal((await client.send(new GetApiKeysCommand({}))).items?.length, 1);
    client.destroy();
  });

  test('listing filters by customer id and pages with position and limit', async () => {
    const client = freshClient();
    for (const [name, customerId] of [['a', 'c1'], ['b', 'c2'], ['c', 'c1']]) await client.send(new CreateApiKeyCommand({ name, customerId }));
    const byCustomer = await client.send(new GetApiKeysCommand({ customerId: 'c1' }));
    assert.deepEqual(byCustomer.items?.map((k) => k.name), ['c', 'a']);
    const first = await client.send(new GetApiKeysCommand({ limit: 2 }));
    assert.deepEqual(first.items?.map((k) => k.name), ['c', 'b']);
    const rest = await client.send(new GetApiKeysCommand({ limit: 2, position: first.position }));
    assert.deepEqual(rest.items?.map((k) => k.name), ['a']);
    assert.equal(rest.position, undefined);
    client.destroy();
  });

  test('an update changes description, enabled and customer id, and moves lastUpdatedDate', async () => {
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({ name: 'to-change', description: 'old' }));
    const updated = await client.send(
      new UpdateApiKeyCommand({
        apiKey: key.id,
        patchOperations: [
          { op: 'replace', path: '/description', value: 'new' },
          { op: 'replace', path: '/enabled', value: 'TRUE' },
          { op: 'replace', path: '/customerId', value: 'cust-9' },
        ],
      }),
    );
    assert.equal(updated.description, 'new');
    assert.equal(updated.enabled, true);
    assert.equal(updated.customerId, 'cust-9');
    assert.equal(updated.value, undefined);
    assert.deepEqual(updated.tags, {});
    assert.ok(updated.lastUpdatedDate!.getTime() >= key.lastUpdatedDate!.getTime());
    const read = await client.send(new GetApiKeyCommand({ apiKey: key.id }));
    assert.equal(read.customerId, 'cust-9');
    client.destroy();
  });

  test('stage keys are added and removed as "{restApiId}/{stageName}"; an unknown stage is refused', async () => {
    const client = freshClient();
    const restApiId = await deployedStage(client, 'prod');
    const key = await client.send(new CreateApiKeyCommand({ stageKeys: [{ restApiId, stageName: 'prod' }] }));
    assert.deepEqual(key.stageKeys, [`${restApiId}/prod`]);
    const removed = await client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'remove', path: '/stages', value: `${restApiId}/prod` }] }));
    assert.deepEqual(removed.stageKeys, []);
    const added = await client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'add', path: '/stages', value: `${restApiId}/prod` }] }));
    assert.deepEqual(added.stageKeys, [`${restApiId}/prod`]);
    await rejects(
      client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'add', path: '/stages', value: `${restApiId}/nope` }] })),
      'NotFoundException',
      'Invalid Stage identifier specified',
    );
    await rejects(client.send(new CreateApiKeyCommand({ stageKeys: [{ restApiId, stageName: 'nope' }] })), 'NotFoundException', 'Invalid Stage identifier specified');
    client.destroy();
  });

  test('a path that cannot be patched names the ones that can, and changes nothing', async () => {
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({ name: 'kept' }));
    await rejects(
      client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/name', value: 'changed' }, { op: 'add', path: '/value', value: 'x' }] })),
      'BadRequestException',
      "Invalid patch path  '/value' specified for op 'add'. Must be one of: [/stages]",
    );
    assert.equal((await client.send(new GetApiKeyCommand({ apiKey: key.id }))).name, 'kept');
    client.destroy();
  });

  test('a deleted key is gone, and deleting it again is NotFound', async () => {
    const client = freshClient();
    const key = await client.send(new CreateApiKeyCommand({ name: 'short-lived' }));
    await client.send(new DeleteApiKeyCommand({ apiKey: key.id }));
    await rejects(client.send(new GetApiKeyCommand({ apiKey: key.id })), 'NotFoundException', 'Invalid API Key identifier specified');
    await rejects(client.send(new DeleteApiKeyCommand({ apiKey: key.id })), 'NotFoundException', 'Invalid API Key identifier specified');
    client.destroy();
  });
});

describe('ImportApiKeys', () => {
  test("the guide's minimal file: columns in any order and any case", async () => {
    const client = freshClient();
    const result = await client.send(new ImportApiKeysCommand({ format: 'csv', body: csv('Key,name\napikey1234abcdefghij0123456789,MyFirstApiKey\n') }));
    assert.equal(result.ids?.length, 1);
    assert.equal(result.warnings, undefined);
    const key = await client.send(new GetApiKeyCommand({ apiKey: result.ids![0], includeValue: true }));
    assert.equal(key.name, 'MyFirstApiKey');
    assert.equal(key.value, 'apikey1234abcdefghij0123456789');
    assert.equal(key.enabled, true, 'Enabled defaults to true');
    client.destroy();
  });

  test('usage plan ids in one quoted field add the key to every plan; spaces and case are forgiven', async () => {
    const client = freshClient();
    const a = await client.send(new CreateUsagePlanCommand({ name: 'a' }));
    const b = await client.send(new CreateUsagePlanCommand({ name: 'b' }));
    const body = [
      'key, name, description, enabled, usageplanIds, ignored',
      `abcdef1234ghijklmnop8901234567, importedKey_1, firstone,  tRuE, "${a.id},${b.id}", x`,
      `abcdef1234ghijklmnop0123456789, importedKey_2, "second, with a comma", FALSE, '${a.id}', y`,
    ].join('\r\n');
    const result = await client.send(new ImportApiKeysCommand({ format: 'csv', body: csv(body), failOnWarnings: true }));
    assert.equal(result.ids?.length, 2);
    const [first, second] = await Promise.all(result.ids!.map((id) => client.send(new GetApiKeyCommand({ apiKey: id }))));
    assert.deepEqual([first.name, first.description, first.enabled], ['importedKey_1', 'firstone', true]);
    assert.deepEqual([second.name, second.description, second.enabled], ['importedKey_2', 'second, with a comma', false]);
    const inA = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: a.id }));
    assert.deepEqual(inA.items?.map((k) => k.name).sort(), ['importedKey_1', 'importedKey_2']);
    const inB = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: b.id }));
    assert.deepEqual(inB.items?.map((k) => k.name), ['importedKey_1']);
    client.destroy();
  });

  test('importing a key value again overwrites that key, keeping its id', async () => {
    const client = freshClient();
    const first = await client.send(new ImportApiKeysCommand({ format: 'csv', body: csv('name,key,description\nold,apikey1234abcdefghij0123456789,before\n') }));
    const again = await client.send(new ImportApiKeysCommand({ format: 'csv', body: csv('name,key\nnew,apikey1234abcdefghij0123456789\n') }));
    assert.deepEqual(again.ids, first.ids);
    const key = await client.send(new GetApiKeyCommand({ apiKey: first.ids![0] }));
    assert.equal(key.name, 'new');
    assert.equal(key.description, undefined);
    assert.equal((await client.send(new GetApiKeysCommand({}))).items?.length, 1);
    client.destroy();
  });

  test('an unknown usage plan is a warning: answered, or with failOnWarnings the whole import refused', async () => {
    const client = freshClient();
    const body = csv('name,key,usageplanids\nk,apikey1234abcdefghij0123456789,nosuch\n');
    await rejects(
      client.send(new ImportApiKeysCommand({ format: 'csv', body, failOnWarnings: true })),
      'BadRequestException',
      /Usage Plan nosuch not found/,
    );
    assert.equal((await client.send(new GetApiKeysCommand({}))).items?.length, 0, 'nothing imported');
    const result = await client.send(new ImportApiKeysCommand({ format: 'csv', body }));
    assert.equal(result.ids?.length, 1);
    assert.deepEqual(result.warnings, ['Line 2: Usage Plan nosuch not found; the API Key was not added to it']);
    client.destroy();
  });

  const badFiles: [string, string, RegExp][] = [
    ['an empty file', '', /the file is empty/],
    ['a file without a Key column', 'name,description\nk,d\n', /must have the columns Name and Key \(missing: Key\)/],
    ['a key shorter than 30 characters', 'name,key\ngood,apikey1234abcdefghij0123456789\nbad,tooshort\n', /line 3: a Key value must be between 30 and 128 characters/],
    ['a row with a field too many', 'name,key\nk,apikey1234abcdefghij0123456789,extra\n', /line 2 has 3 fields, the header has 2/],
    ['a quote never closed', 'name,key\n"k,apikey1234abcdefghij0123456789\n', /line 2: a field opened with " is never closed/],
    ['an Enabled that is not a boolean', 'name,key,enabled\nk,apikey1234abcdefghij0123456789,maybe\n', /line 2: Enabled must be true or false, not 'maybe'/],
    ['a column named twice', 'name,key,Name\nk,apikey1234abcdefghij0123456789,j\n', /names the column Name twice/],
    ['a name over 1024 characters', `name,key\n${'n'.repeat(1025)},apikey1234abcdefghij0123456789\n`, /line 2: Invalid API Key name, can be at most 1024 characters\./],
  ];
  for (const [what, text, message] of badFiles) {
    test(`${what} is refused with BadRequestException and nothing is imported`, async () => {
      const client = freshClient();
      await rejects(client.send(new ImportApiKeysCommand({ format: 'csv', body: csv(text) })), 'BadRequestException', message);
      assert.equal((await client.send(new GetApiKeysCommand({}))).items?.length, 0);
      client.destroy();
    });
  }
});

describe('ImportApiKeys with mangled files', () => {
  /** A fixed-seed generator (mulberry32), so a failure replays. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const base = 'Name,Key,Description,Enabled,UsagePlanIds\nfirst,apikey1234abcdefghij0123456789,"a, b",true,"x,y"\nsecond,abcdef1234ghijklmnop0123456789,\'c\',FALSE,\n';
  const pieces = [',', '"', "'", '\n', '\r', ' ', 'key', 'name', '""', "''", '\u0000', 'é', 'true', 'a'.repeat(40)];

  test('every mangled file is imported or refused with BadRequestException, never a server error', async () => {
    const next = random(20261121);
    const client = freshClient();
    const outcomes = { imported: 0, refused: 0 };
    for (let i = 0; i < 150; i++) {
      let text = base;
      for (let m = 1 + Math.floor(next() * 4); m > 0; m--) {
        const at = Math.floor(next() * (text.length + 1));
        const cut = next() < 0.5 ? Math.floor(next() * 6) : 0;
        const insert = next() < 0.7 ? pieces[Math.floor(next() * pieces.length)] : '';
        text = text.slice(0, at) + insert + text.slice(at + cut);
      }
      try {
        const result = await client.send(new ImportApiKeysCommand({ format: 'csv', body: csv(text) }));
        assert.ok(Array.isArray(result.ids), `file ${i}: ${JSON.stringify(text)}`);
        outcomes.imported++;
      } catch (err) {
        assert.equal((err as Error).name, 'BadRequestException', `file ${i}: ${JSON.stringify(text)}: ${(err as Error).message}`);
        outcomes.refused++;
      }
    }
    assert.ok(outcomes.imported > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
    client.destroy();
  });
});
