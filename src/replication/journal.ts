/**
 * The apply journal: one JSON-lines file per run under `<dataDir>/dr/journals/<environment>/`.
 * Before a create the run writes an `intent`; once the target answered, `created` with the
 * source key and the target id, before it moves on. A run reads every earlier journal of its
 * environment first, so the source -> target id map survives any crash: rerunning after a
 * `kill -9` continues where the last line left off, and an `intent` without its `created` (the
 * process died between the target's answer and the write) is resolved by the type's `adopt`
 * (finding the resource by the marker tags or name it was created with) before anything is made
 * again. Lines are written synchronously (they reach the OS before the next call; a process
 * kill loses none; fsync per line is left out for speed, so a power cut may lose the last ones,
 * which adoption then recovers).
 *
 * Compaction: a run that finishes cleanly folds every journal of its environment into one file
 * (`compactJournals`): its own start line, a `created` line per id still mapped, the intents
 * still open, and its finish line, written aside and renamed over the run's own file before the
 * earlier files are removed (a crash in between leaves files whose union reads the same). So a
 * warm-standby watch applying every cycle for days keeps one journal file per environment, and
 * each run reads only that.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export type JournalLine =
  | { t: 'start'; run: string; point: string; at: string; mode: string }
  | { t: 'intent'; key: string; at: number }
  | { t: 'created'; key: string; id: string }
  | { t: 'adopted'; key: string; id: string }
  | { t: 'updated'; key: string; id: string }
  | { t: 'deleted'; key: string; id: string; type: string }
  | { t: 'error'; key: string; message: string }
  | { t: 'finish'; at: string; changes: number };

export const journalsDir = (dataDir: string, env: string) => join(dataDir, 'dr', 'journals', env);

export interface JournalState {
  ids: Map<string, string>;
  /** Keys with an intent and no outcome: a create may have reached the target unrecorded. */
  intents: Map<string, number>;
  runs: { file: string; finished: boolean; point?: string; changes?: number; at?: string }[];
}

export function readJournals(dataDir: string, env: string): JournalState {
  const dir = journalsDir(dataDir, env);
  const state: JournalState = { ids: new Map(), intents: new Map(), runs: [] };
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return state;
  }
  for (const file of files) {
    const run: JournalState['runs'][number] = { file, finished: false };
    let content: string;
    try {
      content = readFileSync(join(dir, file), 'utf8');
    } catch (err) {
      // Folded into a later file by a compaction running meanwhile (that file holds its ids).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const text of content.split('\n')) {
      if (!text.trim()) continue;
      let line: JournalLine;
      try {
        line = JSON.parse(text) as JournalLine;
      } catch {
        continue; // a line cut short by a crash
      }
      switch (line.t) {
        case 'start':
          run.point = line.point;
          run.at = line.at;
          break;
        case 'intent':
          state.intents.set(line.key, line.at);
          break;
        case 'created':
        case 'adopted':
        case 'updated':
          state.ids.set(line.key, line.id);
          state.intents.delete(line.key);
          break;
        case 'deleted':
          state.ids.delete(line.key);
          state.intents.delete(line.key);
          break;
        case 'finish':
          run.finished = true;
          run.changes = line.changes;
          break;
      }
    }
    state.runs.push(run);
  }
  return state;
}

export class Journal {
  readonly state: JournalState;
  readonly file: string;
  private fd: number;
  private readonly start: Extract<JournalLine, { t: 'start' }>;

  private constructor(readonly dataDir: string, readonly env: string, pointId: string, mode: string) {
    this.state = readJournals(dataDir, env);
    const dir = journalsDir(dataDir, env);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    this.file = join(dir, `${stamp}-${randomBytes(3).toString('hex')}.jsonl`);
    this.fd = openSync(this.file, 'a', 0o600);
    this.start = { t: 'start', run: this.file, point: pointId, at: new Date().toISOString(), mode };
    this.write(this.start);
  }

  /** After a clean finish (and close): folds every journal of the environment into this run's file. */
  compact(changes: number): void {
    compactJournals(this.dataDir, this.env, this.file, [
      this.start,
      ...[...this.state.ids].map(([key, id]): JournalLine => ({ t: 'created', key, id })),
      ...[...this.state.intents].map(([key, at]): JournalLine => ({ t: 'intent', key, at })),
      { t: 'finish', at: new Date().toISOString(), changes },
    ]);
  }

  static open(dataDir: string, env: string, pointId: string, mode: string): Journal {
    return new Journal(dataDir, env, pointId, mode);
  }

  write(line: JournalLine): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if (line.t === 'created' || line.t === 'adopted' || line.t === 'updated') {
      this.state.ids.set(line.key, line.id);
      this.state.intents.delete(line.key);
    } else if (line.t === 'deleted') {
      this.state.ids.delete(line.key);
    } else if (line.t === 'intent') {
      this.state.intents.set(line.key, line.at);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Replaces `file` with `lines` (atomically) and removes the journals that sort before it. */
export function compactJournals(dataDir: string, env: string, file: string, lines: JournalLine[]): void {
  const dir = journalsDir(dataDir, env);
  const tmp = `${file}.compact`;
  writeFileSync(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, file);
  const own = file.slice(dir.length + 1);
  for (const f of readdirSync(dir)) if (f.endsWith('.jsonl') && f < own) rmSync(join(dir, f), { force: true });
}

/** Forgets an environment's journals (after a failover test's cleanup). */
export function dropJournals(dataDir: string, env: string): void {
  rmSync(journalsDir(dataDir, env), { recursive: true, force: true });
}
