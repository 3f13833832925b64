/**
 * Throttling on a deployed REST API, over plain HTTP: the stage's default method throttling
 * (`*` / `*`), a method's own setting, and the account-level throttle (UpdateAccount's
 * `/throttle/*`, a Gatehouse extension), each a token bucket: once its burst is used, requests are
 * answered 429 {"message":"Too Many Requests"} until it refills. Counts are checked within a
 * tolerance of what refills while the requests are sent, never by timing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetAccountCommand, UpdateAccountCommand, UpdateStageCommand, type PatchOperation } from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type DeployedApi } from '../helpers/deployed-api.js';
import { errorOf } from '../control/lambda/helpers.js';
import { systemClock } from '../../src/gateway/usage/index.js';

const server = useGatehouse({ inMemory: true });

const mock = {
  integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  responses: [{ statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"ok": true}' } }],
};

async function api(region?: string): Promise<DeployedApi> {
  const s = region ? { ...server, client: server.g.apigateway({ region }) } : server;
  return deployApi(s, { methods: [{ path: '/pets', ...mock }, { path: '/toys', ...mock }, { path: '/', ...mock }] });
}

async function stageSettings(a: DeployedApi, ops: [string, string][]): Promise<void> {
  const patchOperations: PatchOperation[] = ops.map(([path, value]) => ({ op: 'replace', path, value }));
  await server.client.send(new UpdateStageCommand({ restApiId: a.restApiId, stageName: a.stage, patchOperations }));
}

/** `n` calls of `path` at once: how many were refused with AWS's 429 (anything else fails the test). */
async function refused(a: DeployedApi, path: string, n: number): Promise<number> {
  const answers = await Promise.all(Array.from({ length: n }, () => a.call(path)));
  let count = 0;
  for (const answer of answers) {
    if (answer.status === 200) continue;
    assert.equal(answer.status, 429, answer.text);
    assert.deepEqual(answer.json(), { message: 'Too Many Requests' });
    assert.equal(answer.headers['x-amzn-errortype'], 'TooManyRequestsException');
    count++;
  }
  return count;
}

describe('stage and method throttling', () => {
  test('the stage default (*/*) gives each method its own bucket of that size', async () => {
    const a = await api();
    await stageSettings(a, [['/*/*/throttling/burstLimit', '4'], ['/*/*/throttling/rateLimit', '1']]);
    // 4 pass at once; at 1 request/s at most one more token arrives while they are sent.
    const pets = await refused(a, '/pets', 10);
    assert.ok(pets >= 5 && pets <= 6, `refused ${pets} of 10 on /pets`);
    const toys = await refused(a, '/toys', 10);
    assert.ok(toys >= 5 && toys <= 6, `refused ${toys} of 10 on /toys`);
  });

  test('a method\'s own setting replaces the stage default for that method', async () => {
    const a = await api();
    await stageSettings(a, [
      ['/*/*/throttling/burstLimit', '100'],
      ['/*/*/throttling/rateLimit', '100'],
      ['/~1pets/GET/throttling/burstLimit', '2'],
      ['/~1pets/GET/throttling/rateLimit', '0.01'],
      ['/~1/GET/throttling/burstLimit', '1'],
      ['/~1/GET/throttling/rateLimit', '0.01'],
    ]);
    assert.equal(await refused(a, '/pets', 6), 4);
    assert.equal(await refused(a, '/', 3), 2);
    assert.equal(await refused(a, '/toys', 20), 0);
  });

  test('a rate of 0 throttles every request', async () => {
    const a = await api();
    await stageSettings(a, [['/~1pets/GET/throttling/rateLimit', '0']]);
    assert.equal(await refused(a, '/pets', 3), 3);
    assert.equal(await refused(a, '/toys', 3), 0);
  });

  test('a bucket refills at its rate (the clock moved by the test)', async () => {
    const usage = server.g.server.dataPlane.env.usage!;
    const t = { mono: 0 };
    usage.clock = { now: () => Date.now(), monotonic: () => t.mono };
    try {
      const a = await api();
      await stageSettings(a, [['/~1pets/GET/throttling/burstLimit', '3'], ['/~1pets/GET/throttling/rateLimit', '2']]);
      assert.equal(await refused(a, '/pets', 5), 2);
      t.mono += 1000; // 2 tokens
      assert.equal(await refused(a, '/pets', 3), 1);
      t.mono += 60_000; // never more than the burst
      assert.equal(await refused(a, '/pets', 5), 2);
    } finally {
      usage.clock = systemClock;
    }
  });
});

describe('account-level throttling (its own region, so no other test shares the bucket)', () => {
  const region = 'eu-central-1';

  test('UpdateAccount /throttle/* sets throttleSettings; the account bucket covers every API of the region', async () => {
    const client = server.g.apigateway({ region });
    try {
      const fresh = await client.send(new GetAccountCommand({}));
      assert.deepEqual(fresh.throttleSettings, { burstLimit: 5000, rateLimit: 10000 });
      const first = await api(region);
      const second = await api(region);
      assert.equal(await refused(first, '/pets', 10), 0);

      const updated = await client.send(
        new UpdateAccountCommand({
          patchOperations: [
            { op: 'replace', path: '/throttle/burstLimit', value: '4' },
            { op: 'replace', path: '/throttle/rateLimit', value: '0.01' },
          ],
        }),
      );
      assert.deepEqual(updated.throttleSettings, { burstLimit: 4, rateLimit: 0.01 });
      assert.equal(await refused(first, '/pets', 3), 0);
      assert.equal(await refused(second, '/toys', 3), 2);
      // Another region's account is not throttled by it.
      const elsewhere = await api();
      assert.equal(await refused(elsewhere, '/pets', 5), 0);

      const bad = await errorOf(client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '-1' }] })));
      assert.equal(bad.name, 'BadRequestException');
      await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '10000' }, { op: 'replace', path: '/throttle/burstLimit', value: '5000' }] }));
      assert.equal(await refused(first, '/pets', 5), 0);
    } finally {
      client.destroy();
    }
  });
});
