/**
 * Log groups: the named streams of log events Gatehouse keeps where AWS would use CloudWatch Logs
 * (access logs to the stage's destination group, execution logs to
 * `API-Gateway-Execution-Logs_{restApiId}/{stageName}`). An event is {timestamp, message, logStream}.
 *
 * Writing never waits: `put` queues the event and a timer flushes each group's queue as one
 * append (JSON Lines under `<dir>/<account>/<region>/<encoded group>.jsonl`), one write in flight
 * per group; a file past `maxFileBytes` is rotated to `.1.jsonl` (the older one dropped). Each
 * group also keeps its latest events in memory (the only copy with --in-memory), which is what
 * `tail` and `follow` read first. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import { appendFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../../store/types.js';

export interface LogEvent {
  timestamp: number;
  message: string;
  logStream: string;
}

/** Who follows a group: each new event, and the end (Gatehouse closing). */
export interface Follower {
  event(event: LogEvent): void;
  end(): void;
}

export interface LogGroupsOptions {
  /** Where the files go; undefined keeps everything in memory. */
  dir?: string;
  /** A file is rotated past this size (default 10 MiB). */
  maxFileBytes?: number;
  /** Events kept in memory per group (default 1,000 with files, 10,000 without). */
  memoryEvents?: number;
  /** How long events wait to be written together (default 100 ms). */
  flushMs?: number;
}

/** CloudWatch's rule for log group names: 1-512 of [.-_/#A-Za-z0-9]. */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

interface Group {
  scope: Scope;
  name: string;
  recent: LogEvent[];
  pending: string[];
  followers: Set<Follower>;
  /** The file's size as far as we know (undefined until first stat). */
  size?: number;
  writing?: Promise<void>;
}

export class LogGroups {
  private readonly groups = new Map<string, Group>();
  private readonly maxFileBytes: number;
  private readonly memoryEvents: number;
  private readonly flushMs: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: LogGroupsOptions = {}) {
    this.maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
    this.memoryEvents = options.memoryEvents ?? (options.dir ? 1_000 : 10_000);
    this.flushMs = options.flushMs ?? 100;
  }

  get persistent(): boolean {
    return this.options.dir !== undefined;
  }

  /** Queues an event; never blocks. */
  put(scope: Scope, name: string, event: LogEvent): void {
    if (this.closed) return;
    const g = this.group(scope, name);
    g.recent.push(event);
    if (g.recent.length > this.memoryEvents) g.recent.splice(0, g.recent.length - this.memoryEvents);
    for (const f of g.followers) f.event(event);
    if (!this.options.dir) return;
    g.pending.push(JSON.stringify(event));
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushMs).unref();
  }

  /** Writes every queued event; resolves when they are on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await Promise.all([...this.groups.values()].map((g) => this.write(g)));
  }

  /**
   * The last `n` events of a group, oldest first; undefined when the group has never had one
   * (not in memory, no file).
   */
  async tail(scope: Scope, name: string, n: number): Promise<LogEvent[] | undefined> {
    const g = this.groups.get(keyOf(scope, name));
    if (g && (g.recent.length >= n || !this.options.dir)) return g.recent.slice(Math.max(0, g.recent.length - n));
    if (!this.options.dir) return undefined;
    if (g) await this.write(g);
    const file = this.file(scope, name);
    const current = await readLines(file);
    const older = current.length < n ? await readLines(file.replace(/\.jsonl$/, '.1.jsonl')) : [];
    if (current.length === 0 && older.length === 0) return g ? [] : undefined;
    const lines = [...older, ...current].slice(-n);
    const out: LogEvent[] = [];
    for (const line of lines) {
      try {
        out.push(JSON.parse(line) as LogEvent);
      } catch {
        // a torn last line (a crash mid-write): skipped
      }
    }
    return out;
  }

  /**
   * The group's last `n` events held in memory, and every later event given to `follower` as it
   * is put, from the same instant (no gap, no repeat). Answers the function that stops it.
   */
  follow(scope: Scope, name: string, n: number, follower: Follower): { recent: LogEvent[]; stop: () => void } {
    const g = this.group(scope, name);
    g.followers.add(follower);
    const stop = () => {
      g.followers.delete(follower);
      // Following a name that never logs leaves nothing behind.
      if (!g.followers.size && !g.recent.length && !g.pending.length && !g.writing) this.groups.delete(keyOf(scope, name));
    };
    return { recent: g.recent.slice(Math.max(0, g.recent.length - n)), stop };
  }

  /** The names of a scope's groups: those in memory and, with files, those on disk. */
  async names(scope: Scope): Promise<string[]> {
    const names = new Set<string>();
    for (const g of this.groups.values()) if (g.scope.account === scope.account && g.scope.region === scope.region && g.recent.length) names.add(g.name);
    if (this.options.dir) {
      try {
        for (const f of await readdir(join(this.options.dir, scope.account, scope.region))) {
          if (f.endsWith('.jsonl') && !f.endsWith('.1.jsonl')) names.add(decodeURIComponent(f.slice(0, -'.jsonl'.length)));
        }
      } catch {
        // no directory yet
      }
    }
    return [...names].sort();
  }

  /** Ends every follower (listeners get no more events) and writes what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    this.endFollowers();
    await this.flush();
  }

  /** Ends every follower of every group (the server is closing: their answers end). */
  endFollowers(): void {
    for (const g of this.groups.values()) {
      for (const f of g.followers) f.end();
      g.followers.clear();
    }
  }

  private group(scope: Scope, name: string): Group {
    const key = keyOf(scope, name);
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { scope, name, recent: [], pending: [], followers: new Set() }));
    return g;
  }

  private file(scope: Scope, name: string): string {
    return join(this.options.dir!, scope.account, scope.region, `${encodeURIComponent(name)}.jsonl`);
  }

  /** One write at a time per group: the queue at that moment, appended (after a rotation if due). */
  private write(g: Group): Promise<void> {
    const run = async (): Promise<void> => {
      if (!g.pending.length) return;
      const batch = g.pending.join('\n') + '\n';
      g.pending = [];
      const file = this.file(g.scope, g.name);
      try {
        if (g.size === undefined) {
          await mkdir(join(this.options.dir!, g.scope.account, g.scope.region), { recursive: true });
          g.size = await stat(file).then((s) => s.size, () => 0);
        }
        const bytes = Buffer.byteLength(batch);
        if (g.size > 0 && g.size + bytes > this.maxFileBytes) {
          await rename(file, file.replace(/\.jsonl$/, '.1.jsonl'));
          g.size = 0;
        }
        await appendFile(file, batch);
        g.size += bytes;
      } catch (err) {
        console.error(`[gatehouse] cannot write log group ${g.name}:`, (err as Error).message);
      }
    };
    const next = (g.writing ?? Promise.resolve()).then(run);
    g.writing = next;
    return next;
  }
}

function keyOf(scope: Scope, name: string): string {
  return `${scope.account}\0${scope.region}\0${name}`;
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}
