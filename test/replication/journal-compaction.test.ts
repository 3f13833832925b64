/**
 * Journal compaction (journal.ts): each warm-standby apply that finishes folds the environment's
 * journals into one file, so a watch running for days keeps the journal directory bounded and
 * each run reads one file; the folded id map still resumes an interrupted failover with no
 * duplicates, and the target keeps the same API throughout.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetDeploymentsCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery, InjectedFailure } from '../../src/replication/index.js';
import { journalsDir, readJournals } from '../../src/replication/journal.js';
import { lastAppliedPoint } from '../../src/replication/watch.js';
import { clientsFor, drConfig, SOURCE, TARGET } from './estate.js';
import { mockApi } from './mock-api.js';

const CYCLES = 6;

describe('journal compaction', () => {
  let g: TestGatehouse;
  let dir: string;
  let dr: DisasterRecovery;
  let api: Awaited<ReturnType<typeof mockApi>>;
  const files = () => readdirSync(journalsDir(dir, 'failover')).sort();
  const target = async () => {
    const { apigateway } = clientsFor(g, TARGET);
    try {
      const apis = (await apigateway.send(new GetRestApisCommand({}))).items ?? [];
      const deployments = apis.length === 1 ? ((await apigateway.send(new GetDeploymentsCommand({ restApiId: apis[0]!.id! }))).items ?? []).length : -1;
      return { apis: apis.map((a) => a.id), deployments };
    } finally {
      apigateway.destroy();
    }
  };
  const answer = async (apiId: string) => (await http(g.url, { path: `/_aws/execute-api/${apiId}/prod` })).json();

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    const { apigateway } = clientsFor(g, SOURCE);
    api = await mockApi(apigateway, 'compacted');
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-compact-'));
    dr = new DisasterRecovery(drConfig(g, dir, { mode: 'warm-standby' }));
  });
  after(async () => {
    dr?.close();
    await g?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(`after ${CYCLES} warm-standby cycles that each apply a change, one journal file holds the live id map`, async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const watch = dr.watch({ intervalMs: 30_000, now: () => now });
    let targetApi: string | undefined;
    for (let n = 1; n <= CYCLES; n++) {
      await api.answer(`{"n": ${n}}`);
      now += 30_000;
      const c = await watch.cycle();
      assert.equal(c.error, undefined, JSON.stringify(c.error));
      assert.ok(c.capture?.changed && c.apply && c.apply.changes > 0, JSON.stringify(c));
      assert.equal(files().length, 1, `cycle ${n}: ${files().join(', ')}`);
      const t = await target();
      assert.equal(t.apis.length, 1);
      targetApi ??= t.apis[0];
      assert.equal(t.apis[0], targetApi, 'the target keeps its API');
      assert.deepEqual(await answer(targetApi!), { n });
    }
    const state = readJournals(dir, 'failover');
    assert.equal(state.runs.length, 1);
    assert.equal(state.runs[0]!.finished, true);
    assert.equal(state.intents.size, 0);
    // Every deployment the target keeps (prod's history) is mapped, plus the API and its parts.
    assert.ok(state.ids.size > (await target()).deployments, `${state.ids.size} ids`);
    assert.equal(lastAppliedPoint(dir), (await dr.points()).at(-1)?.id);
    // The folded file is a start line, one line per live id, and a finish line.
    const lines = readFileSync(join(journalsDir(dir, 'failover'), files()[0]!), 'utf8').trim().split('\n');
    assert.equal(lines.length, state.ids.size + 2);
  });

  test('an interrupted failover after compaction resumes from the folded map with no duplicates', async () => {
    const before = await target();
    await api.answer('{"n": "final"}');
    await dr.capture();
    await assert.rejects(dr.failover({ failAfterCreates: 1 }), InjectedFailure);
    assert.equal(files().length, 2, 'the interrupted run keeps its own file');
    assert.equal((await dr.status({ drift: false })).environments[0]?.resumable, true);
    const done = await dr.failover();
    assert.ok(done.actions.length > 0, 'done.actions.length > 0');
    assert.equal(files().length, 1);
    const after = await target();
    assert.deepEqual(after.apis, before.apis);
    assert.equal(after.deployments, before.deployments + 1, 'one new deployment, made once');
    assert.deepEqual(await answer(after.apis[0]!), { n: 'final' });
    assert.equal((await dr.verify()).equal, true);
    assert.deepEqual((await dr.failover()).actions, []);
  });
});
