/**
 * The apply journal with HTTP and WebSocket APIs in the estate (beside the REST API estate): a
 * failover that stops part-way at any point (a failure injected after N creates, before, among
 * and after the apigatewayv2 creates; a create whose journal line was lost) is resumed by running
 * it again, the target ends with every v2 resource once and equal to the point, and a rerun of
 * the finished failover changes nothing.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetApiMappingsCommand, GetApisCommand, GetAuthorizersCommand, GetDeploymentsCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand, GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { DisasterRecovery, InjectedFailure } from '../../src/replication/index.js';
import { journalsDir } from '../../src/replication/journal.js';
import { buildEstate, drConfig, MAPPING, TARGET } from './estate.js';
import { buildEstateV2, MAPPING_V2, v2ClientFor } from './estate-v2.js';

/** How many of each v2 resource the target holds. */
async function census(g: TestGatehouse) {
  const c = v2ClientFor(g, TARGET);
  try {
    const apis = (await c.send(new GetApisCommand({}))).Items ?? [];
    const per = async (f: (id: string) => Promise<number>) => (await Promise.all(apis.map((a) => f(a.ApiId!)))).reduce((a, b) => a + b, 0);
    return {
      apis: apis.map((a) => a.Name).sort(),
      routes: await per(async (ApiId) => (await c.send(new GetRoutesCommand({ ApiId }))).Items?.length ?? 0),
      integrations: await per(async (ApiId) => (await c.send(new GetIntegrationsCommand({ ApiId }))).Items?.length ?? 0),
      authorizers: await per(async (ApiId) => (await c.send(new GetAuthorizersCommand({ ApiId }))).Items?.length ?? 0),
      stages: await per(async (ApiId) => (await c.send(new GetStagesCommand({ ApiId }))).Items?.length ?? 0),
      // Deployments made for stages (autoDeploy makes its own on every change).
      deployments: await per(async (ApiId) => (await c.send(new GetDeploymentsCommand({ ApiId }))).Items?.filter((d) => !d.AutoDeployed).length ?? 0),
      apiMappings: (await c.send(new GetApiMappingsCommand({ DomainName: 'orders.example.com' }))).Items?.length ?? 0,
      vpcLinks: (await c.send(new GetVpcLinksCommand({}))).Items?.length ?? 0,
    };
  } finally {
    c.destroy();
  }
}

// orders: 7 routes, 4 integrations (the import of v1's deployment adds some: they must be gone),
// 2 authorizers, 2 stages, 1 deployment; quick: 1 + 1 + 1 stage; chat: 4 routes, 3 integrations, 1 stage, 1 deployment.
const ONCE = { apis: ['orders', 'orders-chat', 'orders-quick'], routes: 12, integrations: 8, authorizers: 2, stages: 4, deployments: 2, apiMappings: 1, vpcLinks: 1 };

describe('journaled apply with HTTP and WebSocket APIs', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let dir: string;
  let dr: DisasterRecovery;

  beforeEach(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    await buildEstate(g, echo.url);
    await buildEstateV2(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-v2-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ ...MAPPING, ...MAPPING_V2 }));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
  });
  afterEach(async () => {
    dr.close();
    await echo.close();
    await g.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the estate recovers in one run with every v2 resource once', async () => {
    await dr.failover();
    assert.deepEqual(await census(g), ONCE);
    assert.deepEqual((await dr.failover()).actions, []);
  });

  for (const n of [8, 16, 24, 32, 40, 48]) {
    test(`a failure after ${n} creates, then a rerun: every v2 resource once, the target equal to the point, a rerun changes nothing`, async () => {
      await assert.rejects(dr.failover({ failAfterCreates: n }), InjectedFailure);
      assert.deepEqual((await dr.status()).environments.map((e) => [e.name, e.resumable]), [['failover', true]]);
      const done = await dr.failover();
      assert.ok(done.actions.length > 0, 'done.actions.length > 0');
      assert.deepEqual(await census(g), ONCE);
      const v = await dr.verify();
      assert.deepEqual([v.missing, v.different, v.extra], [[], [], []]);
      assert.deepEqual((await dr.failover()).actions, []);
    });
  }

  test('an HTTP API whose create lost its journal line is adopted, not made again', async () => {
    // Fail right after the first v2 API is created, then drop its journal line.
    const journalLines = () => {
      const file = join(journalsDir(dir, 'failover'), readdirSync(journalsDir(dir, 'failover')).sort().at(-1)!);
      return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
    };
    // One create per run, until the run's create is the first HTTP API's.
    const isApiCreate = (l: string | undefined) => Boolean(l?.includes('"created"') && l.includes('"key":"apigatewayv2:Api:'));
    for (let runs = 0; runs < 100; runs++) {
      await assert.rejects(dr.failover({ failAfterCreates: 1 }), InjectedFailure);
      if (isApiCreate(journalLines().lines.at(-1))) break;
    }
    const { file, lines } = journalLines();
    const lost = lines.findIndex((l) => l.includes('"created"') && l.includes('"key":"apigatewayv2:Api:'));
    assert.equal(lost, lines.length - 1, 'the HTTP API was the last create');
    writeFileSync(file, `${lines.filter((_, i) => i !== lost).join('\n')}\n`);
    const done = await dr.failover();
    assert.ok(done.actions.some((a) => a.kind === 'adopt' && a.type === 'apigatewayv2:Api'), JSON.stringify(done.actions.filter((a) => a.type === 'apigatewayv2:Api')));
    assert.deepEqual(await census(g), ONCE);
  });
});
