/**
 * The writer lock: one process at a time writes to the target (issue 8, reliability). A manual
 * `failover` or `cleanup` while `watch` is applying a point would interleave two journaled runs
 * of one environment (each reading the other's half-written id map). `<dataDir>/dr/lock` holds
 * the holder's pid, command and start time, created atomically; a lock whose pid is
 * gone is stale (a killed holder) and is taken over. The file is written aside and hard-linked
 * into place, so it never exists without its content. A second writer is refused with the holder
 * named. Within one process, a second run while the first holds the lock is refused the same way.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const lockFile = (dataDir: string) => join(dataDir, 'dr', 'lock');

export interface LockHolder {
  pid: number;
  command: string;
  at: string;
}

export class LockedError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly file: string,
  ) {
    super(
      `another gatehouse dr run is writing to the target: ${holder.command} (pid ${holder.pid}, since ${holder.at}); ` +
        `wait for it to finish or stop it, then retry (lock file ${file})`,
    );
    this.name = 'LockedError';
  }
}

/** Lock files this process holds. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The holder of the lock, when a live process holds it. */
export function lockHolder(dataDir: string): LockHolder | undefined {
  const file = lockFile(dataDir);
  const h = readHolder(file);
  if (!h) return undefined;
  if (h.pid === process.pid) return held.has(file) ? h : undefined;
  return alive(h.pid) ? h : undefined;
}

/** Takes the lock for `command` (throws LockedError when a live writer holds it); answers the release. */
export function acquireLock(dataDir: string, command: string): () => void {
  const file = lockFile(dataDir);
  mkdirSync(join(dataDir, 'dr'), { recursive: true, mode: 0o700 });
  const me: LockHolder = { pid: process.pid, command, at: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    // Written aside, then linked into place: the lock appears with its content or not at all.
    const tmp = `${file}.${process.pid}.${attempt}`;
    writeFileSync(tmp, JSON.stringify(me), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(dataDir);
      if (holder) throw new LockedError(holder, file);
      // Stale (its process is gone) or unreadable: take it over.
      if (attempt > 2) throw new LockedError(readHolder(file) ?? { pid: 0, command: 'unknown', at: '' }, file);
      rmSync(file, { force: true });
      continue;
    } finally {
      rmSync(tmp, { force: true });
    }
    held.add(file);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.delete(file);
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    };
  }
}
