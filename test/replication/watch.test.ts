/**
 * `watch` (warm standby): a change in the source becomes a new recovery point and, in warm
 * standby, reaches the target's stage; an unchanged source writes nothing; a target error is
 * reported with the resource and AWS's error and the next cycle recovers; retention keeps N
 * points; `status` names the drift a manual change to the target made, and a failover then
 * applies that difference only. Cycles are driven one by one (`cycle()`) or through the loop
 * with an injected sleep, and time is an injected clock: no test waits on the wall clock.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery, writeConfig, type WatchCycle } from '../../src/replication/index.js';
import { pointIds } from '../../src/replication/point-store.js';
import { readWatchState } from '../../src/replication/watch.js';
import { clientsFor, drConfig, SOURCE, TARGET } from './estate.js';

/** A REST API with GET /orders (MOCK) deployed to prod; `answer` sets the MOCK body and redeploys. */
async function ordersApi(c: APIGatewayClient, name: string) {
  const api = await c.send(new CreateRestApiCommand({ name }));
  const restApiId = api.id!;
  const resourceId = (await c.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'orders' }))).id!;
  const ids = { restApiId, resourceId, httpMethod: 'GET' };
  await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await c.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  const answer = async (body: string, deploy = true) => {
    await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': body } }));
    if (deploy) await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  };
  await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{"orders": 1}' } }));
  const deployment = await c.send(new CreateDeploymentCommand({ restApiId }));
  await c.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id! }));
  return { restApiId, answer };
}

/** A clock the test moves. */
function testClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (s: number) => (t += s * 1000) };
}

describe('watch: continuous capture and warm standby', () => {
  let g: TestGatehouse;
  let source: APIGatewayClient;
  let target: APIGatewayClient;
  const dirs: string[] = [];
  const drs: DisasterRecovery[] = [];
  let orders: Awaited<ReturnType<typeof ordersApi>>;

  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gatehouse-dr-watch-'));
    dirs.push(d);
    return d;
  };
  const open = (dir: string, extra: Parameters<typeof drConfig>[2] = {}) => {
    const dr = new DisasterRecovery(drConfig(g, dir, extra));
    drs.push(dr);
    return dr;
  };
  const targetApiId = async (name: string) => ((await target.send(new GetRestApisCommand({}))).items ?? []).find((a) => a.name === name)?.id;
  const callTarget = async (name: string) => http(g.url, { path: `/_aws/execute-api/${await targetApiId(name)}/prod/orders` });

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    source = clientsFor(g, SOURCE).apigateway;
    target = clientsFor(g, TARGET).apigateway;
    orders = await ordersApi(source, 'orders');
  });
  after(async () => {
    for (const dr of drs) dr.close();
    source?.destroy();
    target?.destroy();
    await g?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('warm standby', () => {
    let dr: DisasterRecovery;
    const clock = testClock();
    let watch: ReturnType<DisasterRecovery['watch']>;
    let firstPoint: string;
    let firstTargetApi: string | undefined;
    /** The changes the last cycles made in the target ('kind label'). */
    const applied: string[] = [];

    before(() => {
      dr = open(dataDir(), { mode: 'warm-standby', selection: { restApiIds: [orders.restApiId] } });
      watch = dr.watch({ intervalMs: 30_000, now: clock.now, onProgress: (e) => e.detail && applied.push(e.detail) });
    });

    test('the first cycle captures the source and materialises it in the target', async () => {
      const c = await watch.cycle();
      assert.equal(c.error, undefined, JSON.stringify(c.error));
      assert.equal(c.capture?.changed, true);
      assert.ok(c.apply && c.apply.changes > 0, JSON.stringify(c.apply));
      assert.equal(c.recoveryPoint, c.capture.point);
      assert.equal(c.rpoSeconds, 0);
      firstPoint = c.capture.point;
      firstTargetApi = await targetApiId('orders');
      const answer = await callTarget('orders');
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json(), { orders: 1 });
    });

    test('an unchanged source writes no new point and the target is left alone', async () => {
      clock.advance(30);
      const c = await watch.cycle();
      assert.equal(c.error, undefined, JSON.stringify(c.error));
      assert.deepEqual([c.capture?.changed, c.capture?.point, c.apply], [false, firstPoint, undefined]);
      assert.deepEqual(await pointIds(dr.config.dataDir), [firstPoint]);
      // The stored state was confirmed current by this capture: nothing would be lost.
      assert.equal(c.rpoSeconds, 0);
    });

    test('a change in the source is captured and applied to the target as a diff', async () => {
      await orders.answer('{"orders": 2}');
      clock.advance(30);
      applied.length = 0;
      const c = await watch.cycle();
      assert.equal(c.error, undefined, JSON.stringify(c.error));
      assert.equal(c.capture?.changed, true);
      assert.notEqual(c.capture?.point, firstPoint);
      // A diff: the new deployment and what its materialisation touches (apply.ts rebuilds a
      // deployment with PutRestApi, then puts the working state back), not a rebuild: the API
      // keeps its id, its resources are not made again, nothing is deleted.
      assert.ok(c.apply && c.apply.changes === applied.length && applied.length > 0, JSON.stringify(c.apply));
      assert.ok(applied.some((a) => a.startsWith('create deployment')), applied.join(', '));
      assert.ok(applied.includes('update stage prod'), applied.join(', '));
      assert.deepEqual(applied.filter((a) => a.startsWith('delete') || a === 'create orders' || a.startsWith('create /')), []);
      assert.equal(await targetApiId('orders'), firstTargetApi);
      const answer = await callTarget('orders');
      assert.deepEqual(answer.json(), { orders: 2 });
    });

    test('a target error is reported with the resource and AWS error, and the next cycle recovers', async () => {
      const before = await watch.cycle();
      assert.equal(before.error, undefined);
      // The target refuses PutIntegrationResponse, as a failing region would.
      let broken = true;
      dr.target.apigateway.middlewareStack.add(
        (next, context) => async (args) => {
          if (broken && context.commandName === 'PutIntegrationResponseCommand') {
            throw Object.assign(new Error('Service is unavailable'), { name: 'ServiceUnavailableException', $fault: 'server' });
          }
          return next(args);
        },
        { step: 'initialize', name: 'breakTarget' },
      );
      await orders.answer('{"orders": 3}', false);
      clock.advance(30);
      const failed = await watch.cycle();
      assert.equal(failed.capture?.changed, true);
      assert.equal(failed.error?.step, 'apply');
      assert.equal(failed.error?.awsError, 'ServiceUnavailableException');
      assert.match(failed.error?.resource ?? '', /apigateway:Method:GET$/);
      assert.match(failed.error?.message ?? '', /Service is unavailable/);
      assert.equal(failed.failures, 1);
      // The target still holds the previous point: the RPO counts from its capture.
      assert.equal(failed.recoveryPoint, before.recoveryPoint);
      assert.equal(failed.rpoSeconds, 30);
      assert.equal(failed.nextInMs, 30_000);

      clock.advance(30);
      const again = await watch.cycle();
      assert.equal(again.error?.step, 'apply');
      assert.equal(again.failures, 2);
      assert.equal(again.nextInMs, 60_000, 'the second failure in a row waits twice the interval');

      broken = false;
      clock.advance(60);
      const recovered = await watch.cycle();
      assert.equal(recovered.error, undefined, JSON.stringify(recovered.error));
      assert.equal(recovered.capture?.changed, false);
      assert.equal(recovered.apply?.point, failed.capture?.point);
      assert.deepEqual([recovered.failures, recovered.recoveryPoint, recovered.rpoSeconds], [0, failed.capture?.point, 0]);
      const status = await readWatchState(dr.config.dataDir);
      assert.equal(status?.lastCycle?.cycle, recovered.cycle);
      dr.target.apigateway.middlewareStack.remove('breakTarget');
    });

    test('status reports the mode, the applied point and no drift; then the drift a manual target change made', async () => {
      const clean = await dr.status();
      assert.equal(clean.mode, 'warm-standby');
      const newest = (await pointIds(dr.config.dataDir)).at(-1);
      assert.equal(clean.lastApplied?.id, newest);
      assert.equal(clean.drift?.drifted, false);
      assert.equal(clean.watch?.mode, 'warm-standby');

      // Someone edits the recovered API by hand.
      const apiId = (await targetApiId('orders'))!;
      await target.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/description', value: 'edited in the target' }] }));
      const resources = (await target.send(new GetResourcesCommand({ restApiId: apiId }))).items ?? [];
      await target.send(new CreateResourceCommand({ restApiId: apiId, parentId: resources.find((r) => r.path === '/')!.id!, pathPart: 'stray' }));
      const drifted = await dr.status();
      assert.equal(drifted.drift?.drifted, true);
      assert.equal(drifted.drift?.against, newest);
      assert.deepEqual(
        drifted.drift?.changes.map((a) => [a.kind, a.label, a.fields]),
        [
          ['update', 'orders', ['description']],
          ['delete', '/stray', undefined],
        ],
      );

      // A failover now is the switch: the target held the point already; only the drift is undone.
      const failover = await dr.failover();
      assert.equal(failover.warmFrom, newest);
      assert.deepEqual(failover.actions.map((a) => [a.kind, a.label]), [['update', 'orders'], ['delete', '/stray']]);
      assert.equal((await dr.status()).drift?.drifted, false);
    });
  });

  describe('standby', () => {
    test('retention keeps the newest N points, and nothing is created in the target', async () => {
      const api = await ordersApi(source, 'retained');
      const dr = open(dataDir(), { retention: 2, selection: { restApiIds: [api.restApiId] } });
      const clock = testClock();
      const watch = dr.watch({ now: clock.now });
      const cycles: WatchCycle[] = [];
      for (let i = 1; i <= 4; i++) {
        await source.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/description', value: `version ${i}` }] }));
        clock.advance(30);
        cycles.push(await watch.cycle());
      }
      for (const c of cycles) assert.equal(c.error, undefined, JSON.stringify(c.error));
      const made = cycles.map((c) => c.capture!.point);
      assert.equal(new Set(made).size, 4);
      assert.deepEqual(await pointIds(dr.config.dataDir), made.slice(-2));
      assert.deepEqual(cycles.flatMap((c) => c.pruned), made.slice(0, 2));
      assert.ok(cycles.every((c) => c.apply === undefined && c.mode === 'standby'));
      assert.equal(await targetApiId('retained'), undefined);
      // Standby's RPO: the newest stored point's capture.
      assert.deepEqual([cycles[3]!.recoveryPoint, cycles[3]!.rpoSeconds], [made[3], 0]);
    });

    test('the loop runs a cycle per interval until stopped, and a source error is reported, not thrown', async () => {
      const dr = open(dataDir(), { selection: { restApiIds: [orders.restApiId] } });
      const slept: number[] = [];
      const watch = dr.watch({ intervalMs: 5000, sleep: async (ms) => void slept.push(ms) });
      let calls = 0;
      dr.source.apigateway.middlewareStack.add(
        (next) => async (args) => {
          if (++calls === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' });
          return next(args);
        },
        { step: 'initialize', name: 'breakSourceOnce' },
      );
      const seen: WatchCycle[] = [];
      watch.on('cycle', (c: WatchCycle) => {
        seen.push(c);
        if (seen.length === 3) watch.stop();
      });
      const stopped = once(watch, 'stopped');
      const ran = await watch.run();
      assert.deepEqual(await stopped, [3]);
      assert.equal(ran, 3);
      assert.equal(seen[0]!.error?.step, 'capture');
      assert.match(seen[0]!.error!.message, /ECONNREFUSED/);
      assert.equal(seen[0]!.rpoSeconds, undefined);
      assert.deepEqual(seen.slice(1).map((c) => [c.error, c.capture?.changed]), [[undefined, true], [undefined, false]]);
      assert.equal(slept.length, 2);
      assert.equal(slept[0], 5000, 'one failure: the interval');
      assert.ok(slept[1]! <= 5000);
      const state = await readWatchState(dr.config.dataDir);
      assert.ok(state?.stoppedAt);
      assert.equal((await dr.status({ drift: false })).watch?.running, false);
    });
  });

  test('gatehouse dr watch --warm-standby --json prints a JSON line per cycle and stops cleanly on SIGINT', async () => {
    const dir = dataDir();
    const api = await ordersApi(source, 'watched-from-the-cli');
    writeConfig(join(dir, 'dr.json'), drConfig(g, join(dir, 'data'), { selection: { restApiIds: [api.restApiId] } }));
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    const child = spawn(process.execPath, ['bin/gatehouse.js', 'dr', 'watch', '--warm-standby', '--interval', '50ms', '--json', '--config', join(dir, 'dr.json')], {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    const lines: WatchCycle[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(JSON.parse(line) as WatchCycle);
      // Two cycles seen (the second found nothing new): interrupt, as Ctrl-C does.
      if (lines.length === 2) child.kill('SIGINT');
    }
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0, stderr);
    assert.ok(lines.length >= 2, stderr);
    assert.deepEqual([lines[0]!.mode, lines[0]!.capture?.changed, typeof lines[0]!.apply?.changes, lines[0]!.error], ['warm-standby', true, 'number', undefined]);
    assert.equal(lines[1]!.capture?.changed, false);
    assert.equal(typeof lines[1]!.rpoSeconds, 'number');
    const state = await readWatchState(join(dir, 'data'));
    assert.ok(state?.stoppedAt, 'the watch recorded that it stopped');
  });
});
