/**
 * `gatehouse dr watch`: continuous capture and, in warm standby, continuous apply (issue 8,
 * beyond Arpio: keep the target materialised and current, so a failover is only a switch).
 *
 * Each cycle captures the selection; when its content (point-store.ts `stateHash`) equals the
 * newest stored point, nothing is written and that point is re-confirmed as current. A new point
 * is stored, the oldest past the retention count are removed (never the one the target holds).
 * In warm standby the newest point is then applied to the target through the journaled apply
 * (the failover environment; a diff, so what did not change is not touched) whenever the target
 * does not hold it yet, which is also how a cycle recovers from an earlier cycle's failure.
 *
 * The RPO printed per cycle is how much source history a failure now would lose: the age of the
 * newest state that is safely stored (standby) or applied to the target (warm standby), counted
 * from the start of the capture that last confirmed it (a change made after a capture began may
 * be missed by it).
 *
 * A failing source or target is reported in the cycle and does not stop the watch: the next
 * cycle waits interval x 2^(failures-1), up to maxBackoffMs, then tries again. `stop()` (SIGINT
 * in the CLI) lets a running cycle finish and ends the loop. Cycles are events ('cycle'), and
 * time and sleeping are injectable, so tests drive cycles without waiting on the clock.
 */
import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ApplyError, type RunOptions } from './apply.js';
import type { DrMode } from './config.js';
import type { DisasterRecovery } from './index.js';
import { readJournals } from './journal.js';
import { pointIds, prunePoints, stateHash, storePoint } from './point-store.js';
import { buildPoint, loadPoint, type RecoveryPoint } from './points.js';

export const DEFAULT_INTERVAL_SECONDS = 30;
export const DEFAULT_RETENTION = 24;

export interface WatchOptions {
  intervalMs: number;
  mode: DrMode;
  /** Recovery points to keep (the one the target holds is kept besides). */
  retention: number;
  /** Longest wait after failures (default: max(interval, 5 minutes)). */
  maxBackoffMs?: number;
  allowUntranslated?: boolean;
  /** Stop after this many cycles (scripts, benchmarks). */
  maxCycles?: number;
  now?(): number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  onProgress?(event: { cycle: number; step: 'capture' | 'apply'; detail?: string }): void;
}

export interface WatchError {
  step: 'capture' | 'apply' | 'retention';
  message: string;
  /** The target resource an apply failed on, and AWS's error name. */
  resource?: string;
  awsError?: string;
}

export interface WatchCycle {
  cycle: number;
  mode: DrMode;
  startedAt: string;
  durationMs: number;
  capture?: { ms: number; point: string; changed: boolean; resources: number };
  apply?: { ms: number; point: string; changes: number; passes: number };
  pruned: string[];
  error?: WatchError;
  /** Consecutive failed cycles (0 after a good one). */
  failures: number;
  /** The newest point safely stored (standby) or applied (warm standby), and its age. */
  recoveryPoint?: string;
  rpoSeconds?: number;
  nextInMs: number;
}

/** What `watch` leaves in `<dataDir>/dr/watch.json` for `status`. */
export interface WatchState {
  pid: number;
  mode: DrMode;
  intervalMs: number;
  startedAt: string;
  stoppedAt?: string;
  lastCycle?: WatchCycle;
}

export const watchStateFile = (dataDir: string) => join(dataDir, 'dr', 'watch.json');

export async function readWatchState(dataDir: string): Promise<WatchState | undefined> {
  try {
    return JSON.parse(await readFile(watchStateFile(dataDir), 'utf8')) as WatchState;
  } catch {
    return undefined;
  }
}

/** The point the failover environment's last finished run applied. */
export function lastAppliedPoint(dataDir: string): string | undefined {
  return readJournals(dataDir, 'failover').runs.filter((r) => r.finished).at(-1)?.point;
}

interface Known {
  id: string;
  sequence: number;
  hash: string;
  /** Start of the latest capture that found this content (ms). */
  confirmedAt: number;
}

const defaultSleep = async (ms: number, signal: AbortSignal) => {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // stopped
  }
};

function describe(err: unknown, step: WatchError['step']): WatchError {
  const e = err as Error & { cause?: unknown };
  const message = `${e.name ?? 'Error'}: ${e.message ?? String(err)}${e.cause && !String(e.message).includes(String((e.cause as Error).message)) ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}`;
  if (err instanceof ApplyError) return { step, message: err.message, resource: err.resource, ...(err.awsError ? { awsError: err.awsError } : {}) };
  return { step, message };
}

export class Watch extends EventEmitter {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly stopper = new AbortController();
  private newest?: Known;
  /** The point the target holds (warm standby), and when its content was last confirmed. */
  private applied?: { id: string; confirmedAt: number };
  private cycles = 0;
  private failures = 0;
  private loaded = false;
  private state?: WatchState;

  constructor(
    readonly dr: DisasterRecovery,
    readonly options: WatchOptions,
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  /** Ends the loop once the running cycle (if any) is done. */
  stop(): void {
    this.stopper.abort();
  }

  private get dataDir(): string {
    return this.dr.config.dataDir;
  }

  /** What is stored and applied already (once, at the first cycle). */
  private async load(): Promise<void> {
    if (this.loaded) return;
    const ids = await pointIds(this.dataDir);
    if (ids.length) {
      const p = await loadPoint(this.dataDir, ids.at(-1));
      this.newest = { id: p.id, sequence: p.sequence, hash: stateHash(p), confirmedAt: Date.parse(p.createdAt) };
    }
    const applied = lastAppliedPoint(this.dataDir);
    if (applied && ids.includes(applied)) {
      const p = applied === this.newest?.id ? this.newest : await loadPoint(this.dataDir, applied).then((q) => ({ confirmedAt: Date.parse(q.createdAt) }));
      this.applied = { id: applied, confirmedAt: p.confirmedAt };
    }
    this.loaded = true;
  }

  /** One cycle: capture, store when changed, prune, and (warm standby) apply. */
  async cycle(): Promise<WatchCycle> {
    const started = this.now();
    const n = ++this.cycles;
    const out: WatchCycle = { cycle: n, mode: this.options.mode, startedAt: new Date(started).toISOString(), durationMs: 0, pruned: [], failures: 0, nextInMs: 0 };
    let point: RecoveryPoint | undefined;
    try {
      await this.load();
      this.options.onProgress?.({ cycle: n, step: 'capture' });
      point = await buildPoint(this.dr.source, this.dr.config.selection, (this.newest?.sequence ?? 0) + 1, new Date(started));
      const hash = stateHash(point);
      const changed = hash !== this.newest?.hash;
      if (changed) {
        await storePoint(this.dataDir, point);
        this.newest = { id: point.id, sequence: point.sequence, hash, confirmedAt: started };
      } else {
        this.newest!.confirmedAt = started;
        if (this.applied?.id === this.newest!.id) this.applied.confirmedAt = started;
      }
      out.capture = { ms: this.now() - started, point: this.newest!.id, changed, resources: point.nodes.length };
    } catch (err) {
      out.error = describe(err, 'capture');
    }
    if (!out.error && out.capture?.changed) {
      try {
        out.pruned = await prunePoints(this.dataDir, this.options.retention, new Set([this.applied?.id, this.newest?.id].filter((id): id is string => Boolean(id))));
      } catch (err) {
        out.error = describe(err, 'retention');
      }
    }
    // Warm standby: the target gets the newest point whenever it does not hold it (a new point,
    // or one an earlier cycle failed to apply), even when this cycle's capture failed.
    if (this.options.mode === 'warm-standby' && this.newest && this.applied?.id !== this.newest.id && out.error?.step !== 'retention') {
      const applyStart = this.now();
      const target = this.newest;
      try {
        this.options.onProgress?.({ cycle: n, step: 'apply' });
        const p = point?.id === target.id ? point : await loadPoint(this.dataDir, target.id);
        const r = await this.dr.applyPoint(p, {
          allowUntranslated: this.options.allowUntranslated,
          onProgress: (e: Parameters<NonNullable<RunOptions['onProgress']>>[0]) => this.options.onProgress?.({ cycle: n, step: 'apply', detail: `${e.action.kind} ${e.action.label}` }),
        });
        this.applied = { id: target.id, confirmedAt: target.confirmedAt };
        out.apply = { ms: this.now() - applyStart, point: target.id, changes: r.actions.length, passes: r.passes };
      } catch (err) {
        out.error ??= describe(err, 'apply');
      }
    }
    const end = this.now();
    out.durationMs = end - started;
    this.failures = out.error ? this.failures + 1 : 0;
    out.failures = this.failures;
    const safe = this.options.mode === 'warm-standby' ? this.applied : this.newest;
    if (safe) {
      out.recoveryPoint = safe.id;
      out.rpoSeconds = Math.max(0, (end - safe.confirmedAt) / 1000);
    }
    out.nextInMs = this.nextDelay(out.durationMs);
    await this.saveState(out);
    this.emit('cycle', out);
    return out;
  }

  private nextDelay(durationMs: number): number {
    const interval = this.options.intervalMs;
    if (!this.failures) return Math.max(0, interval - durationMs);
    const ceiling = this.options.maxBackoffMs ?? Math.max(interval, 5 * 60_000);
    return Math.min(interval * 2 ** (this.failures - 1), Math.max(ceiling, interval));
  }

  private async saveState(last?: WatchCycle, stopped = false): Promise<void> {
    this.state ??= { pid: process.pid, mode: this.options.mode, intervalMs: this.options.intervalMs, startedAt: new Date(this.now()).toISOString() };
    if (last) this.state.lastCycle = last;
    if (stopped) this.state.stoppedAt = new Date(this.now()).toISOString();
    try {
      await mkdir(dirname(watchStateFile(this.dataDir)), { recursive: true, mode: 0o700 });
      await writeFile(watchStateFile(this.dataDir), JSON.stringify(this.state), { mode: 0o600 });
    } catch {
      // A state file that cannot be written leaves `status` without the watch; the watch goes on.
    }
  }

  /** Runs cycles until `stop()` (or maxCycles); resolves with the number of cycles run. */
  async run(): Promise<number> {
    let ran = 0;
    while (!this.stopped) {
      const c = await this.cycle();
      ran++;
      if (this.stopped || (this.options.maxCycles !== undefined && ran >= this.options.maxCycles)) break;
      await this.sleep(c.nextInMs, this.stopper.signal);
    }
    await this.saveState(undefined, true);
    this.emit('stopped', ran);
    return ran;
  }
}
