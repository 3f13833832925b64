/**
 * The writer lock (lock.ts): a `failover` or `cleanup` while another run (a warm-standby watch
 * applying a point) holds `<dataDir>/dr/lock` is refused with the holder named and changes
 * nothing; a lock left by a process that is gone is taken over; the watch's apply holds the
 * lock while it writes and releases it after; `status` names the writer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateDeploymentCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { DisasterRecovery, LockedError, lockHolder, writeConfig } from '../../src/replication/index.js';
import { acquireLock, lockFile } from '../../src/replication/lock.js';
import { clientsFor, drConfig, SOURCE, TARGET } from './estate.js';
import { mockApi } from './mock-api.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

describe('the writer lock', () => {
  let g: TestGatehouse;
  let dir: string;
  let dr: DisasterRecovery;
  const targetApis = async () => {
    const { apigateway } = clientsFor(g, TARGET);
    try {
      return (await apigateway.send(new GetRestApisCommand({}))).items ?? [];
    } finally {
      apigateway.destroy();
    }
  };

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    const { apigateway } = clientsFor(g, SOURCE);
    await mockApi(apigateway, 'locked');
    apigateway.destroy();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-lock-'));
    dr = new DisasterRecovery(drConfig(g, dir, { mode: 'warm-standby' }));
    await dr.capture();
  });
  after(async () => {
    dr?.close();
    await g?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a failover and a cleanup while another process holds the lock are refused, naming it, and change nothing', async () => {
    // The test runner (this process's parent) stands in for a watch in another process.
    mkdirSync(join(dir, 'dr'), { recursive: true });
    const holder = { pid: process.ppid, command: 'watch (warm-standby apply)', at: '2026-01-01T00:00:00.000Z' };
    writeFileSync(lockFile(dir), JSON.stringify(holder));
    try {
      const err = await dr.failover().then(
        () => assert.fail('the failover should be refused'),
        (e: unknown) => e as LockedError,
      );
      assert.ok(err instanceof LockedError, String(err));
      assert.deepEqual(err.holder, holder);
      assert.match(err.message, new RegExp(`another gatehouse dr run is writing to the target: watch \\(warm-standby apply\\) \\(pid ${process.ppid}, since 2026-01-01T00:00:00.000Z\\)`));
      await assert.rejects(dr.cleanup('abc123'), LockedError);
      assert.deepEqual((await dr.status({ drift: false })).writer, holder, 'status names the writer');
      assert.deepEqual(await targetApis(), []);
      assert.equal(existsSync(join(dir, 'dr', 'journals')), false, 'no journal was written');
    } finally {
      rmSync(lockFile(dir), { force: true });
    }
  });

  test('the command line refuses a failover while this process holds the lock', async () => {
    writeConfig(join(dir, 'dr.json'), drConfig(g, dir));
    const release = acquireLock(dir, 'watch (warm-standby apply)');
    try {
      const child = spawn(process.execPath, ['bin/gatehouse.js', 'dr', 'failover', '--config', join(dir, 'dr.json')], {
        cwd: ROOT,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 1, stderr);
      assert.match(stderr, new RegExp(`gatehouse dr: another gatehouse dr run is writing to the target: watch \\(warm-standby apply\\) \\(pid ${process.pid},`));
      assert.deepEqual(await targetApis(), []);
    } finally {
      release();
    }
    assert.equal(existsSync(lockFile(dir)), false, 'the release removes the lock file');
  });

  test('a lock left by a process that is gone is taken over', async () => {
    const pid = await deadPid();
    writeFileSync(lockFile(dir), JSON.stringify({ pid, command: 'failover (failover)', at: '2026-01-01T00:00:00.000Z' }));
    assert.equal(lockHolder(dir), undefined);
    const r = await dr.failover();
    assert.ok(r.actions.length > 0, 'r.actions.length > 0');
    assert.equal((await targetApis()).length, 1);
    assert.equal(existsSync(lockFile(dir)), false, 'the failover released the lock');
  });

  test('the watch holds the lock while it applies (a second writer is refused then), and releases it', async () => {
    const { apigateway } = clientsFor(g, SOURCE);
    const api = (await apigateway.send(new GetRestApisCommand({}))).items![0]!;
    const resourceId = (await apigateway.send(new GetResourcesCommand({ restApiId: api.id! }))).items![0]!.id!;
    await apigateway.send(new PutIntegrationResponseCommand({ restApiId: api.id!, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"n": 1}' } }));
    await apigateway.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
    apigateway.destroy();
    const seen: { holder?: string; refused?: boolean }[] = [];
    const watch = dr.watch({
      onProgress: (e) => {
        if (!e.detail) return;
        let refused = false;
        try {
          acquireLock(dir, 'failover (failover)')();
        } catch (err) {
          refused = err instanceof LockedError;
        }
        seen.push({ holder: lockHolder(dir)?.command, refused });
      },
    });
    const c = await watch.cycle();
    assert.equal(c.error, undefined, JSON.stringify(c.error));
    assert.ok(c.apply && c.apply.changes > 0, JSON.stringify(c.apply));
    assert.ok(seen.length > 0, 'seen.length > 0');
    assert.deepEqual(new Set(seen.map((s) => `${s.holder} ${s.refused}`)), new Set(['watch (warm-standby apply) true']));
    assert.equal(lockHolder(dir), undefined);
    assert.equal(existsSync(lockFile(dir)), false);
    assert.equal((await dr.status({ drift: false })).writer, undefined);
  });
});
