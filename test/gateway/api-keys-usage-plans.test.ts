/**
 * API keys and usage plans enforced on a deployed REST API, over plain HTTP: an apiKeyRequired
 * method answers 403 {"message":"Forbidden"} without a valid, enabled key in a usage plan of the
 * stage; the key may come from a Lambda authorizer (apiKeySource AUTHORIZER); a plan's throttle
 * answers 429 "Too Many Requests" once its burst is used, its quota 429 "Limit Exceeded" until the
 * period rolls over; GetUsage reports the requests counted, and UpdateUsage changes what remains.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import {
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  GetUsageCommand,
  UpdateApiKeyCommand,
  UpdateMethodCommand,
  UpdateRestApiCommand,
  UpdateUsageCommand,
  UpdateUsagePlanCommand,
  type CreateUsagePlanCommandInput,
} from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { deployApi, type DeployedApi } from '../helpers/deployed-api.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import type { HttpAnswer } from '../helpers/http.js';
import { systemClock, type TrafficControl } from '../../src/gateway/usage/index.js';

const server = useGatehouse({ inMemory: true });
const lambda = lambdaClient(server);

const IDENTITY_TEMPLATE = '{"apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId"}';
const mock = (template = IDENTITY_TEMPLATE) => ({
  integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  responses: [{ statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': template } }],
});

/** The data plane's traffic control, for its flush hook and its clock. */
export function trafficControl(s: Server): TrafficControl {
  return s.g.server.dataPlane.env.usage!;
}

/** GET /pets needs an API key, GET /open does not; both MOCK. Deployed to `stage`. */
async function keyedApi(stage = 'test'): Promise<DeployedApi> {
  const api = await deployApi(server, { methods: [{ path: '/pets', ...mock() }, { path: '/open', ...mock('{"open": true}') }] }, stage);
  await requireKey(api, '/pets');
  return api;
}

async function requireKey(api: DeployedApi, path: string, extra: { op: 'replace'; path: string; value: string }[] = []): Promise<void> {
  const resources = await server.client.send(new GetResourcesCommand({ restApiId: api.restApiId }));
  const resourceId = resources.items!.find((r) => r.path === path)!.id!;
  await server.client.send(
    new UpdateMethodCommand({
      restApiId: api.restApiId,
      resourceId,
      httpMethod: 'GET',
      patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }, ...extra],
    }),
  );
  await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
}

async function newKey(value?: string): Promise<{ id: string; value: string }> {
  const key = await server.client.send(new CreateApiKeyCommand({ name: `key-${Math.random().toString(36).slice(2)}`, enabled: true, value }));
  return { id: key.id!, value: key.value! };
}

/** A plan over the API's stage holding `key`. */
async function plan(api: DeployedApi, key: { id: string }, extra: Partial<CreateUsagePlanCommandInput> = {}): Promise<string> {
  const p = await server.client.send(new CreateUsagePlanCommand({ name: 'plan', apiStages: [{ apiId: api.restApiId, stage: api.stage }], ...extra }));
  await server.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: p.id!, keyId: key.id, keyType: 'API_KEY' }));
  return p.id!;
}

const withKey = (value: string) => ({ headers: { 'x-api-key': value } });

function assertForbidden(answer: HttpAnswer): void {
  assert.equal(answer.status, 403, answer.text);
  assert.deepEqual(answer.json(), { message: 'Forbidden' });
  assert.equal(answer.headers['x-amzn-errortype'], 'ForbiddenException');
}

/** `n` calls at once; their statuses, counted. */
async function burst(api: DeployedApi, n: number, key: string): Promise<Map<number, number>> {
  const answers = await Promise.all(Array.from({ length: n }, () => api.call('/pets', withKey(key))));
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return counts;
}

/** Replaces the data plane's clock with one the test moves; `restore` puts the real one back. */
function fakeClock(start: number) {
  const usage = trafficControl(server);
  const t = { wall: start, mono: 0 };
  usage.clock = { now: () => t.wall, monotonic: () => t.mono };
  return {
    advance(ms: number) {
      t.wall += ms;
      t.mono += ms;
    },
    restore: () => (usage.clock = systemClock),
  };
}

describe('API keys', () => {
  test('an apiKeyRequired method needs a valid, enabled key in a plan of the stage; $context.identity names it', async () => {
    const api = await keyedApi();
    const key = await newKey();
    await plan(api, key);

    assertForbidden(await api.call('/pets'));
    assertForbidden(await api.call('/pets', withKey('not-a-key-anyone-has-0123456789')));
    const ok = await api.call('/pets', withKey(key.value));
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json(), { apiKey: key.value, apiKeyId: key.id });
    // A method that needs no key answers without one.
    assert.equal((await api.call('/open')).status, 200);

    await server.client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }));
    assertForbidden(await api.call('/pets', withKey(key.value)));
    await server.client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }));
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
  });

  test('a Lambda proxy integration sees the key in requestContext.identity', async () => {
    const echo = "export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.identity) });\n";
    await lambda().send(new CreateFunctionCommand(createInput('key-echo', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.mjs': strToU8(echo) }) } })));
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:key-echo/invocations';
    const api = await deployApi(server, { methods: [{ path: '/pets', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }, responses: [] }, { path: '/open', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }, responses: [] }] });
    await requireKey(api, '/pets');
    const key = await newKey();
    await plan(api, key);
    const identity = (await api.call('/pets', withKey(key.value))).json<Record<string, unknown>>();
    assert.equal(identity.apiKey, key.value);
    assert.equal(identity.apiKeyId, key.id);
    // A method that needs no key names none, even when one is sent.
    const open = (await api.call('/open', withKey(key.value))).json<Record<string, unknown>>();
    assert.equal(open.apiKey, undefined);
  });

  test('a key in no plan, or in a plan of another stage only, is refused', async () => {
    const api = await keyedApi('prod');
    const other = await keyedApi('dev');
    const loose = await newKey();
    assertForbidden(await api.call('/pets', withKey(loose.value)));
    const elsewhere = await newKey();
    await plan(other, elsewhere);
    assert.equal((await other.call('/pets', withKey(elsewhere.value))).status, 200);
    assertForbidden(await api.call('/pets', withKey(elsewhere.value)));
  });

  test('the gateway response for INVALID_API_KEY applies', async () => {
    const api = await deployApi(server, {
      methods: [{ path: '/pets', ...mock() }],
      gatewayResponses: [{ responseType: 'INVALID_API_KEY', statusCode: '401', responseTemplates: { 'application/json': '{"why": "$context.error.message"}' } }],
    });
    await requireKey(api, '/pets');
    const answer = await api.call('/pets');
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json(), { why: 'Forbidden' });
  });

  test('apiKeySource AUTHORIZER: the key is the Lambda authorizer\'s usageIdentifierKey', async () => {
    const key = await newKey();
    const source = `export const handler = async (event) => ({
  principalId: 'user',
  usageIdentifierKey: event.authorizationToken === 'good' ? ${JSON.stringify(key.value)} : 'unknown-key-value-0123456789',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
});
`;
    await lambda().send(new CreateFunctionCommand(createInput('key-authorizer', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.mjs': strToU8(source) }) } })));
    const api = await deployApi(server, { methods: [{ path: '/pets', ...mock() }] });
    await server.client.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' }] }));
    const authorizer = await server.client.send(
      new CreateAuthorizerCommand({
        restApiId: api.restApiId,
        name: 'keys',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 0,
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:key-authorizer/invocations',
      }),
    );
    await requireKey(api, '/pets', [
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
      { op: 'replace', path: '/authorizerId', value: authorizer.id! },
    ]);
    await plan(api, key);

    const ok = await api.call('/pets', { headers: { Authorization: 'good' } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json(), { apiKey: key.value, apiKeyId: key.id });
    // The header is not where this API reads keys from.
    assertForbidden(await api.call('/pets', { headers: { Authorization: 'bad', 'x-api-key': key.value } }));
  });
});

describe('usage plans', () => {
  test('the plan throttle refuses what exceeds its burst with 429 Too Many Requests', async () => {
    const api = await keyedApi();
    const key = await newKey();
    await plan(api, key, { throttle: { burstLimit: 5, rateLimit: 1 } });
    const counts = await burst(api, 12, key.value);
    const refused = counts.get(429) ?? 0;
    // 5 pass at once; at 1 request/s at most one more token arrives while the 12 are sent.
    assert.ok(refused >= 6 && refused <= 7, `refused ${refused} of 12 (${JSON.stringify([...counts])})`);
    assert.equal((counts.get(200) ?? 0) + refused, 12);
    const answer = await api.call('/pets', withKey(key.value));
    assert.equal(answer.status, 429);
    assert.deepEqual(answer.json(), { message: 'Too Many Requests' });
    assert.equal(answer.headers['x-amzn-errortype'], 'TooManyRequestsException');
  });

  test('a method throttle in the plan\'s API stage limits that method, not the others', async () => {
    const api = await deployApi(server, { methods: [{ path: '/pets', ...mock() }, { path: '/toys', ...mock() }] });
    await requireKey(api, '/pets');
    await requireKey(api, '/toys');
    const key = await newKey();
    await plan(api, key, {
      throttle: { burstLimit: 1000, rateLimit: 1000 },
      apiStages: [{ apiId: api.restApiId, stage: api.stage, throttle: { '/pets/GET': { burstLimit: 2, rateLimit: 0.01 } } }],
    });
    const pets = await Promise.all(Array.from({ length: 4 }, () => api.call('/pets', withKey(key.value))));
    assert.deepEqual(pets.map((a) => a.status).sort(), [200, 200, 429, 429]);
    const toys = await Promise.all(Array.from({ length: 4 }, () => api.call('/toys', withKey(key.value))));
    assert.deepEqual(toys.map((a) => a.status), [200, 200, 200, 200]);
  });

  test('a DAY quota answers 429 Limit Exceeded once used, and rolls over with the next UTC day', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 20, 23, 59, 0));
    try {
      const api = await keyedApi();
      const key = await newKey();
      const planId = await plan(api, key, { quota: { limit: 3, period: 'DAY', offset: 0 } });
      for (let i = 0; i < 3; i++) assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
      const over = await api.call('/pets', withKey(key.value));
      assert.equal(over.status, 429);
      assert.deepEqual(over.json(), { message: 'Limit Exceeded' });
      assert.equal(over.headers['x-amzn-errortype'], 'LimitExceededException');

      clock.advance(60_000); // 2026-11-21 00:00 UTC
      assert.equal((await api.call('/pets', withKey(key.value))).status, 200);

      await trafficControl(server).counters.flush();
      const usage = await server.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: '2026-11-20', endDate: '2026-11-21' }));
      assert.deepEqual(usage.items, { [key.id]: [[3, 0], [1, 2]] });
    } finally {
      clock.restore();
    }
  });

  test('a WEEK quota with an offset starts on that weekday', async () => {
    // 2026-11-18 is a Wednesday; offset 3 starts weeks on Wednesdays.
    const clock = fakeClock(Date.UTC(2026, 10, 17, 12, 0, 0));
    try {
      const api = await keyedApi();
      const key = await newKey();
      await plan(api, key, { quota: { limit: 2, period: 'WEEK', offset: 3 } });
      assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
      assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
      assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
      clock.advance(86_400_000); // Wednesday: a new week
      assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
      clock.advance(86_400_000); // Thursday: same week
      assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
      assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    } finally {
      clock.restore();
    }
  });

  test('GetUsage reports the requests counted; UpdateUsage changes what remains, and the gateway enforces it', async () => {
    const api = await keyedApi();
    const key = await newKey();
    const planId = await plan(api, key, { quota: { limit: 4, period: 'MONTH', offset: 0 } });
    for (let i = 0; i < 4; i++) assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    // Refused requests are not counted; requests to methods without a key are no key's.
    assert.equal((await api.call('/open')).status, 200);

    await trafficControl(server).counters.flush();
    const today = new Date().toISOString().slice(0, 10);
    const usage = await server.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
    assert.deepEqual(usage.items, { [key.id]: [[4, 0]] });

    await server.client.send(new UpdateUsageCommand({ usagePlanId: planId, keyId: key.id, patchOperations: [{ op: 'replace', path: '/remaining', value: '2' }] }));
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    await trafficControl(server).counters.flush();
    const after = await server.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today, keyId: key.id }));
    assert.deepEqual(after.items, { [key.id]: [[6, 0]] });
  });

  test('requests counted but not yet stored when UpdateUsage commits do not eat into the remaining it sets', async () => {
    const api = await keyedApi();
    const key = await newKey();
    const planId = await plan(api, key, { quota: { limit: 10, period: 'DAY', offset: 0 } });
    await trafficControl(server).counters.flush();
    for (let i = 0; i < 3; i++) assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    // Not flushed: the 3 requests are only in memory when the update commits.
    await server.client.send(new UpdateUsageCommand({ usagePlanId: planId, keyId: key.id, patchOperations: [{ op: 'replace', path: '/remaining', value: '1' }] }));
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    await trafficControl(server).counters.flush();
    const today = new Date().toISOString().slice(0, 10);
    const usage = await server.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
    assert.deepEqual(usage.items, { [key.id]: [[4, 0]] });
  });

  test('a flood past the throttle, or past the quota: every refusal is a 429, and exactly what passed is counted', async () => {
    const api = await keyedApi();
    const today = new Date().toISOString().slice(0, 10);
    async function flood(limits: Partial<CreateUsagePlanCommandInput>): Promise<{ statuses: Record<string, number>; used: number[][] }> {
      const key = await newKey();
      const planId = await plan(api, key, limits);
      const answers = await Promise.all(Array.from({ length: 300 }, () => api.call('/pets', withKey(key.value))));
      const statuses: Record<string, number> = {};
      for (const a of answers) {
        const label = a.status === 200 ? '200' : `${a.status} ${a.json<{ message: string }>().message}`;
        statuses[label] = (statuses[label] ?? 0) + 1;
      }
      await trafficControl(server).counters.flush();
      const usage = await server.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
      return { statuses, used: usage.items![key.id]! };
    }
    // 20 tokens, refilled once a minute and a half.
    assert.deepEqual(await flood({ throttle: { burstLimit: 20, rateLimit: 0.01 }, quota: { limit: 100, period: 'DAY', offset: 0 } }), {
      statuses: { '200': 20, '429 Too Many Requests': 280 },
      used: [[20, 80]],
    });
    assert.deepEqual(await flood({ quota: { limit: 30, period: 'DAY', offset: 0 } }), {
      statuses: { '200': 30, '429 Limit Exceeded': 270 },
      used: [[30, 0]],
    });
  });

  test('a quota changed by UpdateUsagePlan is the one enforced from the next request', async () => {
    const api = await keyedApi();
    const key = await newKey();
    const planId = await plan(api, key, { quota: { limit: 2, period: 'DAY', offset: 0 } });
    for (let i = 0; i < 2; i++) assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    await server.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'replace', path: '/quota/limit', value: '3' }] }));
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
    assert.equal((await api.call('/pets', withKey(key.value))).status, 429);
    await server.client.send(new UpdateUsagePlanCommand({ usagePlanId: planId, patchOperations: [{ op: 'remove', path: '/quota' }] }));
    assert.equal((await api.call('/pets', withKey(key.value))).status, 200);
  });
});

describe('usage counters across a restart', () => {
  test('requests counted just before Gatehouse stops are stored by its shutdown and reported after it starts again', async () => {
    const first = await startTestGatehouse();
    const restarted: { g?: Awaited<ReturnType<typeof startTestGatehouse>> } = {};
    try {
      const s: Server = { g: first, client: first.apigateway() };
      const api = await deployApi(s, { methods: [{ path: '/pets', ...mock() }] });
      const resources = await s.client.send(new GetResourcesCommand({ restApiId: api.restApiId }));
      const resourceId = resources.items!.find((r) => r.path === '/pets')!.id!;
      await s.client.send(new UpdateMethodCommand({ restApiId: api.restApiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }));
      await s.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
      const key = await s.client.send(new CreateApiKeyCommand({ name: 'restart', enabled: true }));
      const p = await s.client.send(new CreateUsagePlanCommand({ name: 'restart', apiStages: [{ apiId: api.restApiId, stage: api.stage }], quota: { limit: 100, period: 'DAY', offset: 0 } }));
      await s.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: p.id!, keyId: key.id!, keyType: 'API_KEY' }));
      for (let i = 0; i < 3; i++) assert.equal((await api.call('/pets', withKey(key.value!))).status, 200);
      s.client.destroy();
      await first.stop({ keepData: true });

      restarted.g = await startTestGatehouse({ dataDir: first.dataDir });
      const client = restarted.g.apigateway();
      const today = new Date().toISOString().slice(0, 10);
      const usage = await client.send(new GetUsageCommand({ usagePlanId: p.id!, startDate: today, endDate: today }));
      client.destroy();
      assert.deepEqual(usage.items, { [key.id!]: [[3, 97]] });
    } finally {
      await restarted.g?.stop();
      await first.stop(); // removes the data directory
    }
  });
});
