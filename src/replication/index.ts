/**
 * Disaster recovery for API Gateway, as a library (the `gatehouse dr` commands call this).
 * Modes (seed): standby keeps recovery points only (`capture`), a failover test materialises a
 * point into the target under an isolated environment (names prefixed `gatehouse-dr-test-<id>`,
 * resources tagged with it) that `cleanup` removes, and a failover materialises it for real.
 * Warm standby (watch.ts: continuous capture and apply) keeps the failover environment current,
 * so a failover then applies the last diff only.
 */
import { randomBytes } from 'node:crypto';
import { apply, plan, targetView, type Action, type RunOptions, type RunResult } from './apply.js';
import { closeSide, isNotFound, openSide } from './clients.js';
import { readMapping, type DrConfig, type DrMode } from './config.js';
import { dependencyEdges, dependencyTree } from './deps.js';
import { dropJournals, readJournals } from './journal.js';
import { lastSegment } from './keys.js';
import { acquireLock, lockHolder, type LockHolder } from './lock.js';
import type { ApplyContext, Side } from './model.js';
import { ENV_TAG, SOURCE_TAG } from './model.js';
import { buildPoint, capturePoint, listPoints, loadPoint, type PointSummary, type RecoveryPoint } from './points.js';
import { allTypes, resourceType } from './registry.js';
import { environment, type Environment } from './translate.js';
import { verify, type VerifyResult } from './verify.js';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_RETENTION, lastAppliedPoint, readWatchState, Watch, type WatchOptions } from './watch.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import './types.js';

export interface FailoverOptions {
  /** Failover test: materialise under `gatehouse-dr-test-<id>` (an id is made up when absent). */
  test?: boolean | string;
  point?: string;
  allowUntranslated?: boolean;
  failAfterCreates?: number;
  onProgress?: RunOptions['onProgress'];
}

export interface StatusReport {
  /** standby or warm-standby (the configuration's). */
  mode: DrMode;
  lastPoint?: { id: string; createdAt: string; ageSeconds: number };
  /** The point the failover environment's last finished run applied (what the target holds). */
  lastApplied?: { id: string; createdAt?: string; ageSeconds?: number };
  points: number;
  environments: { name: string; runs: number; lastRunFinished: boolean; resources: number; resumable: boolean }[];
  /** The target against the last applied point: what a failover of it would change. */
  drift?: { against: string; drifted: boolean; create: number; update: number; delete: number; changes: Action[] };
  watch?: { running: boolean; pid: number; mode: DrMode; lastCycleAt?: string; rpoSeconds?: number; lastError?: string; failures?: number };
  /** The run writing to the target now (the lock's live holder), if any. */
  writer?: LockHolder;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DisasterRecovery {
  readonly source: Side;
  readonly target: Side;
  private readonly mapping: Record<string, string>;

  constructor(readonly config: DrConfig) {
    this.source = openSide(config.source);
    this.target = openSide(config.target);
    this.mapping = readMapping(config.mappingFile);
  }

  close(): void {
    closeSide(this.source);
    closeSide(this.target);
  }

  /** Standby: a new recovery point of the selection. */
  capture(): Promise<RecoveryPoint> {
    return capturePoint(this.config.dataDir, this.source, this.config.selection);
  }

  points(): Promise<PointSummary[]> {
    return listPoints(this.config.dataDir);
  }

  point(id?: string): Promise<RecoveryPoint> {
    return loadPoint(this.config.dataDir, id);
  }

  /** The dependency tree of the selection as the source holds it now (or of a stored point). */
  async deps(pointId?: string): Promise<{ tree: string; edges: ReturnType<typeof dependencyEdges> }> {
    const point = pointId ? await this.point(pointId) : await buildPoint(this.source, this.config.selection, 0);
    return { tree: dependencyTree(point), edges: dependencyEdges(point) };
  }

  private runOptions(env: Environment, o: FailoverOptions = {}): RunOptions {
    return { dataDir: this.config.dataDir, env, mapping: this.mapping, allowUntranslated: o.allowUntranslated, failAfterCreates: o.failAfterCreates, onProgress: o.onProgress };
  }

  private env(test: boolean | string | undefined): Environment {
    if (!test) return environment('failover');
    return environment('test', typeof test === 'string' ? test : randomBytes(3).toString('hex'));
  }

  async plan(o: FailoverOptions = {}): Promise<RunResult & { environment: string }> {
    const env = this.env(o.test);
    return { ...(await plan(await this.point(o.point), this.target, this.runOptions(env, o))), environment: env.name };
  }

  /**
   * Failover (or a failover test): materialise a point in the target, journaled. After warm
   * standby the target holds (nearly) the point already: the run applies the last diff only;
   * `warmFrom` names the point the environment held before, `elapsedMs` what the run took.
   */
  async failover(o: FailoverOptions = {}): Promise<RunResult & { environment: string; warmFrom?: string; elapsedMs: number }> {
    const started = Date.now();
    const env = this.env(o.test);
    const warmFrom = env.mode === 'failover' ? lastAppliedPoint(this.config.dataDir) : undefined;
    const point = await this.point(o.point);
    const options = this.runOptions(env, o);
    // The target holds this point already (warm standby): the plan alone shows whether anything
    // drifted; when nothing did, the failover is done (apply would walk the target once more).
    if (warmFrom === point.id) {
      const preview = await plan(point, this.target, options);
      if (!preview.actions.length && (!preview.untranslated.length || o.allowUntranslated)) return { ...preview, passes: 1, environment: env.name, warmFrom, elapsedMs: Date.now() - started };
    }
    const r = await apply(point, this.target, options);
    return { ...r, environment: env.name, ...(warmFrom ? { warmFrom } : {}), elapsedMs: Date.now() - started };
  }

  /** Applies a point in hand to the failover environment (warm standby: the one just captured). */
  applyPoint(point: RecoveryPoint, o: FailoverOptions = {}): Promise<RunResult> {
    return apply(point, this.target, { ...this.runOptions(environment('failover'), o), command: 'watch (warm-standby apply)' });
  }

  /** Warm standby / continuous capture (watch.ts); `run()` it, `stop()` it. */
  watch(o: Partial<WatchOptions> = {}): Watch {
    return new Watch(this, {
      intervalMs: (this.config.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000,
      mode: this.config.mode ?? 'standby',
      retention: this.config.retention ?? DEFAULT_RETENTION,
      ...o,
    });
  }

  async verify(o: { test?: string; point?: string; smoke?: boolean } = {}): Promise<VerifyResult> {
    const env = this.env(o.test);
    return verify(await this.point(o.point), this.source, this.target, { ...this.runOptions(env), smoke: o.smoke });
  }

  /** The failover tests that have resources in the target. */
  testEnvironments(): string[] {
    try {
      return readdirSync(join(this.config.dataDir, 'dr', 'journals')).filter((d) => d.startsWith('test-')).map((d) => d.slice('test-'.length));
    } catch {
      return [];
    }
  }

  /** Removes a failover test's resources from the target (every test's when no id is given). */
  async cleanup(testId?: string): Promise<{ environment: string; deleted: string[] }[]> {
    const release = acquireLock(this.config.dataDir, `cleanup${testId ? ` --id ${testId}` : ''}`);
    try {
      const ids = testId ? [testId] : this.testEnvironments();
      const out = [];
      for (const id of ids) out.push(await this.cleanupOne(environment('test', id)));
      return out;
    } finally {
      release();
    }
  }

  private async cleanupOne(env: Environment): Promise<{ environment: string; deleted: string[] }> {
    const state = readJournals(this.config.dataDir, env.name);
    const ctx: ApplyContext = {
      target: this.target,
      mode: 'test',
      targetId: (key) => state.ids.get(key) ?? lastSegment(key).id,
      name: (n) => `${env.prefix}-${n}`,
      marker: (node) => ({ [SOURCE_TAG]: node.key, [ENV_TAG]: env.name }),
    };
    const deleted: string[] = [];
    // Top-level resources only (children go with them), the last-created type first.
    for (const t of allTypes().filter((t) => !t.parentType).reverse()) {
      const keys = new Set([...state.ids.keys(), ...state.intents.keys()].filter((k) => !k.includes('>') && lastSegment(k).type === t.type));
      if (!keys.size || t.failoverOnly) continue;
      const listed = t.get ? [] : await t.list(this.target, undefined, { capture: false });
      for (const key of keys) {
        let id = state.ids.get(key);
        if (id === undefined && t.adopt) id = await t.adopt(ctx, { type: t.type, key, id: lastSegment(key).id, label: key, props: {}, payload: { intentAt: state.intents.get(key) } }, undefined);
        if (id === undefined) continue;
        const found = listed.find((n) => n.id === id) ?? (t.get ? await t.get(this.target, id, { capture: false }) : undefined);
        if (!found) continue;
        const actual = targetView(found);
        try {
          await resourceType(t.type).delete(ctx, actual, undefined);
          deleted.push(`${t.type} ${id}`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    dropJournals(this.config.dataDir, env.name);
    return { environment: env.name, deleted };
  }

  /** Points, environments, the watch, and (unless `drift: false`) the target's drift from the last applied point. */
  async status(o: { drift?: boolean } = {}): Promise<StatusReport> {
    const points = await this.points();
    const last = points.at(-1);
    const envs = ['failover', ...this.testEnvironments().map((id) => `test-${id}`)];
    const age = (at: string) => Math.round((Date.now() - Date.parse(at)) / 1000);
    const applied = lastAppliedPoint(this.config.dataDir);
    const appliedAt = points.find((p) => p.id === applied)?.createdAt;
    const w = await readWatchState(this.config.dataDir);
    const writer = lockHolder(this.config.dataDir);
    const report: StatusReport = {
      mode: this.config.mode ?? 'standby',
      ...(writer ? { writer } : {}),
      points: points.length,
      ...(last ? { lastPoint: { id: last.id, createdAt: last.createdAt, ageSeconds: age(last.createdAt) } } : {}),
      ...(applied ? { lastApplied: { id: applied, ...(appliedAt ? { createdAt: appliedAt, ageSeconds: age(appliedAt) } : {}) } } : {}),
      ...(w
        ? {
            watch: {
              running: !w.stoppedAt && alive(w.pid),
              pid: w.pid,
              mode: w.mode,
              ...(w.lastCycle ? { lastCycleAt: w.lastCycle.startedAt, rpoSeconds: w.lastCycle.rpoSeconds, failures: w.lastCycle.failures } : {}),
              ...(w.lastCycle?.error ? { lastError: `${w.lastCycle.error.step}: ${w.lastCycle.error.message}` } : {}),
            },
          }
        : {}),
      environments: envs
        .map((name) => {
          const s = readJournals(this.config.dataDir, name);
          const lastRun = s.runs.at(-1);
          return { name, runs: s.runs.length, lastRunFinished: lastRun?.finished ?? false, resources: s.ids.size, resumable: Boolean(lastRun && !lastRun.finished) };
        })
        .filter((e) => e.runs > 0),
    };
    // A cheap inventory diff: the target (only what the journal maps) against the applied point.
    if (o.drift !== false && applied && appliedAt) {
      const p = await this.plan({ point: applied });
      const count = (k: string) => p.actions.filter((a) => a.kind === k).length;
      report.drift = { against: applied, drifted: p.actions.length > 0, create: count('create') + count('adopt'), update: count('update'), delete: count('delete'), changes: p.actions };
    }
    return report;
  }
}

export { LockedError, lockHolder, type LockHolder } from './lock.js';
export { ApplyError, UntranslatedError, InjectedFailure, type Action, type RunResult } from './apply.js';
export { readConfig, writeConfig, DEFAULT_CONFIG_FILE, DR_MODES, type DrConfig, type DrMode } from './config.js';
export { Watch, type WatchCycle, type WatchOptions } from './watch.js';
export { RULES } from './rules.js';
export type { RecoveryPoint, PointSummary } from './points.js';
export type { Selection, SideConfig } from './model.js';
export type { VerifyResult } from './verify.js';
export type { TranslationEntry } from './translate.js';
