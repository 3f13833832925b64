/**
 * Usage plans, their keys and their usage through the real SDK client: the seed's key and plan
 * (quota {limit 1000, offset 2, period WEEK}, throttle {burst 20, rate 40}), AWS's checks on
 * stages, quotas and throttles, UpdateUsagePlan's patch paths, the one-plan-per-stage rule for
 * keys, and GetUsage/UpdateUsage over usage counters written the way the data plane writes them.
 * Each test works in an account of its own.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteStageCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateUsageCommand,
  UpdateUsagePlanCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { KIND } from '../../src/definitions/apigateway.js';
import { addDays, quotaPeriodStart, remainingOn, usageCounterKey, utcDay, type UsageCounterRecord } from '../../src/definitions/usage-plans.js';

const server = useGatehouse();
let account = 500000000000;

interface Ctx {
  client: APIGatewayClient;
  account: string;
}
function fresh(): Ctx {
  const id = String(++account);
  return { client: server.g.apigateway({ accessKeyId: id }), account: id };
}

async function rejects(call: Promise<unknown>, name: string, message: string | RegExp): Promise<void> {
  await assert.rejects(call, (err: Error) => {
    assert.equal(err.name, name);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

/** The seed's API: GET /example (MOCK), deployed to v1, with a prod stage on that deployment. */
async function seedApi(client: APIGatewayClient): Promise<string> {
  const { restApiId, rootId } = await createRestApi(client, 'MyDemoAPI', 'This is my API for demonstration purposes');
  await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'v1' }));
  await client.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id }));
  return restApiId;
}

const update = (c: Ctx, usagePlanId: string, patchOperations: PatchOperation[]) => c.client.send(new UpdateUsagePlanCommand({ usagePlanId, patchOperations }));

/** Writes a usage counter as the data plane does. */
async function putCounter(c: Ctx, planId: string, keyId: string, day: string, counter: UsageCounterRecord): Promise<void> {
  await server.g.store.transaction({ account: c.account, region: 'us-east-1' }, (tx) => tx.put(KIND.usageCounter, usageCounterKey(planId, keyId, day), counter));
}

describe('the seed flow: API key, usage plan with quota and throttle, usage plan key', () => {
  test('the plan is created as given and reads back with its key', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'APIAccessKey' }));
    const plan = await c.client.send(
      new CreateUsagePlanCommand({
        name: 'APIUsagePlan',
        description: 'Plan to manage API usage',
        apiStages: [{ apiId, stage: 'prod' }],
        quota: { limit: 1000, offset: 2, period: 'WEEK' },
        throttle: { burstLimit: 20, rateLimit: 40 },
      }),
    );
    assert.match(plan.id!, /^[a-z0-9]{6}$/);
    assert.deepEqual(plan.apiStages, [{ apiId, stage: 'prod' }]);
    assert.deepEqual(plan.quota, { limit: 1000, offset: 2, period: 'WEEK' });
    assert.deepEqual(plan.throttle, { burstLimit: 20, rateLimit: 40 });

    const planKey = await c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    assert.deepEqual({ ...planKey, $metadata: undefined }, { $metadata: undefined, id: key.id, name: 'APIAccessKey', type: 'API_KEY', value: key.value });

    const read = await c.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id }));
    assert.equal(read.name, 'APIUsagePlan');
    assert.equal(read.description, 'Plan to manage API usage');
    assert.deepEqual(read.quota, { limit: 1000, offset: 2, period: 'WEEK' });
    const ofKey = await c.client.send(new GetUsagePlansCommand({ keyId: key.id }));
    assert.deepEqual(ofKey.items?.map((p) => p.id), [plan.id]);
    const other = await c.client.send(new CreateApiKeyCommand({ name: 'not in a plan' }));
    assert.deepEqual((await c.client.send(new GetUsagePlansCommand({ keyId: other.id }))).items, []);
    assert.deepEqual((await c.client.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }))).name, 'APIAccessKey');

    const today = utcDay(new Date());
    const usage = await c.client.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: addDays(today, -1), endDate: today }));
    assert.equal(usage.usagePlanId, plan.id);
    assert.deepEqual(usage.items, { [key.id!]: [[0, 1000], [0, 1000]] });
    c.client.destroy();
  });
});

describe('CreateUsagePlan checks', () => {
  test('an API stage that does not exist is refused', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    await rejects(c.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId, stage: 'nope' }] })), 'NotFoundException', `API Stage not found: ${apiId}:nope`);
    await rejects(c.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: 'noapi', stage: 'prod' }] })), 'NotFoundException', 'API Stage not found: noapi:prod');
    assert.deepEqual((await c.client.send(new GetUsagePlansCommand({}))).items, []);
    c.client.destroy();
  });

  test('quota offsets: 0 for DAY, 0-6 for WEEK, 0-27 for MONTH', async () => {
    const c = fresh();
    const bad: [number, 'DAY' | 'WEEK' | 'MONTH', RegExp][] = [
      [1, 'DAY', /must be zero in the DAY period/],
      [7, 'WEEK', /between 0 and 6 inclusive in the WEEK period/],
      [-1, 'WEEK', /between 0 and 6 inclusive in the WEEK period/],
      [28, 'MONTH', /between 0 and 27 inclusive in the MONTH period/],
    ];
    for (const [offset, period, message] of bad) {
      await rejects(c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 10, offset, period } })), 'BadRequestException', message);
    }
    const ok = await c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 10, offset: 27, period: 'MONTH' } }));
    assert.deepEqual(ok.quota, { limit: 10, offset: 27, period: 'MONTH' });
    const noOffset = await c.client.send(new CreateUsagePlanCommand({ name: 'q', quota: { limit: 5, period: 'DAY' } }));
    assert.deepEqual(noOffset.quota, { limit: 5, offset: 0, period: 'DAY' });
    c.client.destroy();
  });

  test('method throttles need a plan throttle and a {resourcePath}/{httpMethod} key', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const stage = (throttle: Record<string, { burstLimit?: number; rateLimit?: number }>) => [{ apiId, stage: 'prod', throttle }];
    await rejects(
      c.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: stage({ '//GET': { rateLimit: 1 } }) })),
      'BadRequestException',
      'Can not define fine grain throttling if usage plan throttle is not defined.',
    );
    await rejects(
      c.client.send(new CreateUsagePlanCommand({ name: 'p', throttle: { rateLimit: 5, burstLimit: 5 }, apiStages: stage({ pets: { rateLimit: 1 } }) })),
      'BadRequestException',
      /Invalid method throttle key 'pets'/,
    );
    const plan = await c.client.send(
      new CreateUsagePlanCommand({ name: 'p', throttle: { rateLimit: 5, burstLimit: 5 }, apiStages: stage({ '//GET': { rateLimit: 1, burstLimit: 2 }, '*/*': { rateLimit: 3 } }) }),
    );
    assert.deepEqual(plan.apiStages?.[0].throttle, { '//GET': { rateLimit: 1, burstLimit: 2 }, '*/*': { rateLimit: 3 } });
    c.client.destroy();
  });
});

describe('UpdateUsagePlan', () => {
  test('name, description, product code, throttle and quota fields are replaced; quota and throttle removed', async () => {
    const c = fresh();
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p' }));
    const updated = await update(c, plan.id!, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/description', value: 'described' },
      { op: 'replace', path: '/productCode', value: 'prod-code' },
      { op: 'replace', path: '/throttle/burstLimit', value: '20' },
      { op: 'replace', path: '/throttle/rateLimit', value: '40.5' },
      { op: 'replace', path: '/quota/limit', value: '500' },
      { op: 'replace', path: '/quota/period', value: 'MONTH' },
      { op: 'replace', path: '/quota/offset', value: '3' },
    ]);
    assert.equal(updated.name, 'renamed');
    assert.equal(updated.description, 'described');
    assert.equal(updated.productCode, 'prod-code');
    assert.deepEqual(updated.throttle, { burstLimit: 20, rateLimit: 40.5 });
    assert.deepEqual(updated.quota, { limit: 500, offset: 3, period: 'MONTH' });
    const removed = await update(c, plan.id!, [
      { op: 'remove', path: '/quota' },
      { op: 'remove', path: '/throttle' },
      { op: 'remove', path: '/productCode' },
    ]);
    assert.equal(removed.quota, undefined);
    assert.equal(removed.throttle, undefined);
    assert.equal(removed.productCode, undefined);
    c.client.destroy();
  });

  test('a quota limit without a period, or a bad offset, is refused and changes nothing', async () => {
    const c = fresh();
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 10, period: 'WEEK', offset: 1 } }));
    await rejects(update(c, plan.id!, [{ op: 'replace', path: '/quota/offset', value: '9' }]), 'BadRequestException', /between 0 and 6 inclusive in the WEEK period/);
    const bare = await c.client.send(new CreateUsagePlanCommand({ name: 'bare' }));
    await rejects(update(c, bare.id!, [{ op: 'replace', path: '/quota/limit', value: '5' }]), 'BadRequestException', /quota period must be one of/);
    assert.deepEqual((await c.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).quota, { limit: 10, offset: 1, period: 'WEEK' });
    assert.equal((await c.client.send(new GetUsagePlanCommand({ usagePlanId: bare.id }))).quota, undefined);
    c.client.destroy();
  });

  test('API stages are added and removed by "apiId:stage"; method throttles by escaped path', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', throttle: { burstLimit: 10, rateLimit: 10 } }));
    await rejects(update(c, plan.id!, [{ op: 'add', path: '/apiStages', value: `${apiId}:nope` }]), 'NotFoundException', `API Stage not found: ${apiId}:nope`);
    const added = await update(c, plan.id!, [
      { op: 'add', path: '/apiStages', value: `${apiId}:prod` },
      { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/~1/GET/rateLimit`, value: '1.5' },
      { op: 'replace', path: `/apiStages/${apiId}:prod/throttle/~1/GET/burstLimit`, value: '3' },
    ]);
    assert.deepEqual(added.apiStages, [{ apiId, stage: 'prod', throttle: { '//GET': { rateLimit: 1.5, burstLimit: 3 } } }]);
    const whole = await update(c, plan.id!, [
      { op: 'replace', path: `/apiStages/${apiId}:prod/throttle`, value: '{"/pets/GET":{"rateLimit":1.0,"burstLimit":1},"//GET":{"rateLimit":2.0,"burstLimit":2}}' },
    ]);
    assert.deepEqual(whole.apiStages?.[0].throttle, { '/pets/GET': { rateLimit: 1, burstLimit: 1 }, '//GET': { rateLimit: 2, burstLimit: 2 } });
    const one = await update(c, plan.id!, [{ op: 'remove', path: `/apiStages/${apiId}:prod/throttle/~1pets/GET` }]);
    assert.deepEqual(one.apiStages?.[0].throttle, { '//GET': { rateLimit: 2, burstLimit: 2 } });
    const none = await update(c, plan.id!, [{ op: 'remove', path: `/apiStages/${apiId}:prod/throttle` }]);
    assert.deepEqual(none.apiStages, [{ apiId, stage: 'prod' }]);
    await rejects(update(c, plan.id!, [{ op: 'remove', path: '/apiStages', value: `${apiId}:other` }]), 'BadRequestException', 'Invalid API Stage specified');
    const gone = await update(c, plan.id!, [{ op: 'remove', path: '/apiStages', value: `${apiId}:prod` }]);
    assert.deepEqual(gone.apiStages, []);
    c.client.destroy();
  });

  test('an unknown removal path is answered with the removable paths as AWS lists them', async () => {
    const c = fresh();
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p' }));
    await rejects(
      update(c, plan.id!, [{ op: 'remove', path: '/apiStages/abc:dev' }]),
      'BadRequestException',
      "Invalid patch path  '/apiStages/abc:dev' specified for op 'remove'. Must be one of: [/apiStages, /quota, /throttle, /productCode, /apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, /apiStages/<apidId:stageName>/throttle]",
    );
    c.client.destroy();
  });
});

describe('plans, stages and keys together', () => {
  test('a plan with API stages cannot be deleted; without them it goes, and its keys with it', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'k' }));
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId, stage: 'prod' }] }));
    await c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    await rejects(
      c.client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id })),
      'BadRequestException',
      `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${apiId}:prod`,
    );
    await update(c, plan.id!, [{ op: 'remove', path: '/apiStages', value: `${apiId}:prod` }]);
    await c.client.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id }));
    await rejects(c.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id })), 'NotFoundException', 'Invalid Usage Plan ID specified');
    assert.deepEqual((await c.client.send(new GetUsagePlansCommand({ keyId: key.id }))).items, []);
    c.client.destroy();
  });

  test('a deleted stage leaves the plans it was in', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId, stage: 'prod' }, { apiId, stage: 'v1' }] }));
    await c.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'prod' }));
    assert.deepEqual((await c.client.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).apiStages, [{ apiId, stage: 'v1' }]);
    c.client.destroy();
  });

  test('a key joins a plan once, and only one plan per API stage', async () => {
    const c = fresh();
    const apiId = await seedApi(c.client);
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'k' }));
    const first = await c.client.send(new CreateUsagePlanCommand({ name: 'first', apiStages: [{ apiId, stage: 'prod' }] }));
    const second = await c.client.send(new CreateUsagePlanCommand({ name: 'second', apiStages: [{ apiId, stage: 'prod' }] }));
    const third = await c.client.send(new CreateUsagePlanCommand({ name: 'third', apiStages: [{ apiId, stage: 'v1' }] }));
    const addTo = (usagePlanId: string | undefined, keyId = key.id) => c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId, keyType: 'API_KEY' }));
    await addTo(first.id);
    await rejects(addTo(first.id), 'ConflictException', 'Usage Plan Key already exists');
    await rejects(
      addTo(second.id),
      'ConflictException',
      `Usage Plan ${second.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage: ${apiId}:prod`,
    );
    await addTo(third.id);
    await rejects(update(c, third.id!, [{ op: 'add', path: '/apiStages', value: `${apiId}:prod` }]), 'ConflictException', /cannot reference multiple Usage Plans with the same API Stage/);
    await rejects(addTo(first.id, 'nosuchkey'), 'NotFoundException', 'Invalid API Key identifier specified');
    await rejects(addTo('nosuchplan'), 'NotFoundException', 'Invalid Usage Plan ID specified');
    await rejects(c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: third.id, keyId: key.id, keyType: 'OTHER' })), 'BadRequestException', /Invalid key type OTHER/);
    c.client.destroy();
  });

  test('a usage plan key is read and deleted; deleting it again is NotFound', async () => {
    const c = fresh();
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'k' }));
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p' }));
    await c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    await c.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }));
    assert.deepEqual((await c.client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items, []);
    await rejects(c.client.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id })), 'NotFoundException', 'Invalid Usage Plan Key identifier specified');
    await rejects(c.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id })), 'NotFoundException', 'Invalid Usage Plan Key identifier specified');
    c.client.destroy();
  });
});

describe('GetUsage and UpdateUsage', () => {
  test('used and remaining are computed per day from the counters, within each quota period', async () => {
    const c = fresh();
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'k' }));
    // WEEK starting on Tuesday (offset 2): 2026-11-16 is a Monday, 2026-11-17 a Tuesday.
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 100, offset: 2, period: 'WEEK' } }));
    await c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    await putCounter(c, plan.id!, key.id!, '2026-11-15', { used: 30 });
    await putCounter(c, plan.id!, key.id!, '2026-11-16', { used: 5 });
    await putCounter(c, plan.id!, key.id!, '2026-11-17', { used: 7 });
    const usage = await c.client.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: '2026-11-15', endDate: '2026-11-18' }));
    assert.deepEqual(usage.items, { [key.id!]: [[30, 70], [5, 65], [7, 93], [0, 93]] });
    assert.equal(usage.startDate, '2026-11-15');
    assert.equal(usage.endDate, '2026-11-18');
    const filtered = await c.client.send(new GetUsageCommand({ usagePlanId: plan.id, keyId: 'other', startDate: '2026-11-15', endDate: '2026-11-15' }));
    assert.deepEqual(filtered.items, {});
    c.client.destroy();
  });

  test('UpdateUsage sets what remains today; GetUsage shows it', async () => {
    const c = fresh();
    const key = await c.client.send(new CreateApiKeyCommand({ name: 'k' }));
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 5000, period: 'MONTH' } }));
    await c.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    const today = utcDay(new Date());
    await putCounter(c, plan.id!, key.id!, today, { used: 40 });
    const updated = await c.client.send(new UpdateUsageCommand({ usagePlanId: plan.id, keyId: key.id, patchOperations: [{ op: 'replace', path: '/remaining', value: '10' }] }));
    assert.deepEqual(updated.items, { [key.id!]: [[40, 10]] });
    const read = await c.client.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: today, endDate: today }));
    assert.deepEqual(read.items, { [key.id!]: [[40, 10]] });
    await rejects(
      c.client.send(new UpdateUsageCommand({ usagePlanId: plan.id, keyId: key.id, patchOperations: [{ op: 'replace', path: '/used', value: '1' }] })),
      'BadRequestException',
      "Invalid patch path  '/used' specified for op 'replace'. Must be one of: [/remaining]",
    );
    c.client.destroy();
  });

  test('bad dates and unknown plans or keys are refused', async () => {
    const c = fresh();
    const plan = await c.client.send(new CreateUsagePlanCommand({ name: 'p', quota: { limit: 1, period: 'DAY' } }));
    const get = (startDate: string, endDate: string, usagePlanId = plan.id) => c.client.send(new GetUsageCommand({ usagePlanId, startDate, endDate }));
    await rejects(get('2026-13-01', '2026-12-01'), 'BadRequestException', /Invalid start date '2026-13-01'/);
    await rejects(get('2026-11-01', 'tomorrow'), 'BadRequestException', /Invalid end date 'tomorrow'/);
    await rejects(get('2026-11-02', '2026-11-01'), 'BadRequestException', 'The start date must not be after the end date');
    await rejects(get('2020-01-01', '2026-01-01'), 'BadRequestException', /at most 366 days/);
    await rejects(get('2026-11-01', '2026-11-01', 'nosuch'), 'NotFoundException', 'Invalid Usage Plan ID specified');
    await rejects(
      c.client.send(new UpdateUsageCommand({ usagePlanId: plan.id, keyId: 'nosuch', patchOperations: [{ op: 'replace', path: '/remaining', value: '1' }] })),
      'NotFoundException',
      'Invalid Usage Plan Key identifier specified',
    );
    c.client.destroy();
  });
});

describe('quota periods (src/definitions/usage-plans.ts)', () => {
  test('a WEEK period starts on the offset day, Sunday being 0', () => {
    // 2026-11-21 is a Saturday.
    assert.equal(quotaPeriodStart({ limit: 1, offset: 0, period: 'WEEK' }, '2026-11-21'), '2026-11-15');
    assert.equal(quotaPeriodStart({ limit: 1, offset: 6, period: 'WEEK' }, '2026-11-21'), '2026-11-21');
    assert.equal(quotaPeriodStart({ limit: 1, offset: 1, period: 'WEEK' }, '2026-11-15'), '2026-11-09');
  });

  test('a MONTH period starts on day offset + 1, in the previous month before that day', () => {
    assert.equal(quotaPeriodStart({ limit: 1, offset: 0, period: 'MONTH' }, '2026-03-31'), '2026-03-01');
    assert.equal(quotaPeriodStart({ limit: 1, offset: 27, period: 'MONTH' }, '2026-03-27'), '2026-02-28');
    assert.equal(quotaPeriodStart({ limit: 1, offset: 27, period: 'MONTH' }, '2026-01-10'), '2025-12-28');
  });

  test('remaining never drops below zero, and adjustments carry to the end of the period', () => {
    const quota = { limit: 10, offset: 0, period: 'DAY' as const };
    assert.equal(remainingOn(quota, '2026-11-21', new Map([['2026-11-21', { used: 15 }]])), 0);
    const week = { limit: 10, offset: 0, period: 'WEEK' as const };
    const counters = new Map<string, UsageCounterRecord>([['2026-11-16', { used: 2, adjustment: 5 }]]);
    assert.equal(remainingOn(week, '2026-11-18', counters), 13);
    assert.equal(remainingOn(week, '2026-11-22', counters), 10, 'a new week starts afresh');
  });
});
