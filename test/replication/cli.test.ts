/**
 * `gatehouse dr` through the real command line (bin/gatehouse.js), against a Gatehouse this test
 * runs: init writes the configuration, capture/points/deps/plan print JSON with --json, and a
 * failover killed with SIGKILL mid-apply (GATEHOUSE_DR_CRASH_AFTER, a test hook that kills the
 * process after N creates) completes on the next run with every resource once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { buildEstate, clientsFor, MAPPING, TARGET } from './estate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

async function dr(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['bin/gatehouse.js', 'dr', ...args, '--config', join(dir, 'dr.json')], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

const json = <T>(r: Run): T => {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
};

describe('gatehouse dr (command line)', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let dir: string;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    await buildEstate(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-cli-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
  });
  after(async () => {
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('init writes the configuration file', async () => {
    const side = (s: string, region: string, account: string) => [`--${s}-endpoint`, g.url, `--${s}-region`, region, `--${s}-account`, account, `--${s}-access-key`, account, `--${s}-secret-key`, 'test'];
    const r = await dr(dir, ['init', '--data-dir', join(dir, 'data'), '--mapping', join(dir, 'mapping.json'), '--all', ...side('source', 'us-east-1', '111111111111'), ...side('target', 'us-west-2', '222222222222')]);
    assert.equal(r.code, 0, r.stderr);
    const config = JSON.parse(readFileSync(join(dir, 'dr.json'), 'utf8'));
    assert.deepEqual(config.selection, { all: true });
    assert.equal(config.target.region, 'us-west-2');
    assert.equal(config.mappingFile, join(dir, 'mapping.json'));
  });

  test('an unknown command and a missing configuration are refused', async () => {
    const unknown = await dr(dir, ['fly']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'fly'/);
    const missing = await dr(join(dir, 'nowhere'), ['points']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no DR configuration at .*run 'gatehouse dr init' first/);
  });

  test('capture, points and deps', async () => {
    const point = json<{ id: string; resources: number; hash: string }>(await dr(dir, ['capture', '--json']));
    assert.match(point.hash, /^[0-9a-f]{64}$/);
    const points = json<{ id: string }[]>(await dr(dir, ['points', '--json']));
    assert.deepEqual(points.map((p) => p.id), [point.id]);
    const deps = await dr(dir, ['deps']);
    assert.equal(deps.code, 0, deps.stderr);
    assert.match(deps.stdout, /^apigateway:RestApi shop$/m);
    assert.match(deps.stdout, /uses Function: lambda:Function function shop-hello/);
    assert.match(deps.stdout, /served by domain: apigateway:DomainName domain shop\.example\.com/);
  });

  test('a failover killed with SIGKILL mid-apply completes on the next run, with no duplicates', async () => {
    const plan = json<{ actions: { kind: string }[] }>(await dr(dir, ['plan', '--json']));
    assert.ok(plan.actions.every((a) => a.kind === 'create'), 'plan.actions.every((a) => a.kind === \'create\')');
    const killed = await dr(dir, ['failover'], { GATEHOUSE_DR_CRASH_AFTER: '6' });
    assert.equal(killed.signal, 'SIGKILL');
    const status = json<{ environments: { name: string; resumable: boolean }[] }>(await dr(dir, ['status', '--json']));
    assert.deepEqual(status.environments.map((e) => [e.name, e.resumable]), [['failover', true]]);
    const resumed = await dr(dir, ['failover', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const { apigateway, lambda } = clientsFor(g, TARGET);
    const apis = (await apigateway.send(new GetRestApisCommand({}))).items ?? [];
    assert.equal(apis.length, 1);
    assert.equal((await apigateway.send(new GetStagesCommand({ restApiId: apis[0]!.id! }))).item?.length, 2);
    assert.equal((await lambda.send(new ListFunctionsCommand({}))).Functions?.length, 2);
    apigateway.destroy();
    lambda.destroy();
    const verify = json<{ equal: boolean }>(await dr(dir, ['verify', '--json', '--smoke']));
    assert.equal(verify.equal, true);
    const again = json<{ actions: unknown[] }>(await dr(dir, ['failover', '--json']));
    assert.deepEqual(again.actions, []);
  });

  test('a failover test beside the failover: failover --test, verify --test, cleanup', async () => {
    const run = json<{ environment: string }>(await dr(dir, ['failover', '--test', '--id', 'cli', '--json']));
    assert.equal(run.environment, 'test-cli');
    const verify = json<{ equal: boolean }>(await dr(dir, ['verify', '--test', '--json']));
    assert.equal(verify.equal, true);
    const cleaned = json<{ environment: string; deleted: string[] }[]>(await dr(dir, ['cleanup', '--id', 'cli', '--json']));
    assert.equal(cleaned[0]!.environment, 'test-cli');
    const { apigateway } = clientsFor(g, TARGET);
    const apis = (await apigateway.send(new GetRestApisCommand({}))).items ?? [];
    apigateway.destroy();
    assert.deepEqual(apis.map((a) => a.name), ['shop']);
    // watch (standby): the source has not changed since the capture, so no new point.
    const watch = await dr(dir, ['watch', '--cycles', '1', '--json']);
    assert.equal(watch.code, 0, watch.stderr);
    const cycle = JSON.parse(watch.stdout) as { capture: { changed: boolean; point: string } };
    assert.equal(cycle.capture.changed, false);
  });
});
