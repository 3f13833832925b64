/**
 * What `watch` needs of the recovery-point directory beyond points.ts: the hash of a point's
 * content alone (what was captured, not when or in which sequence), so an unchanged source
 * writes no new point; storing a point already built (points.ts's format and protections:
 * exclusive create, then read-only); and retention, which removes the oldest points past a
 * count by file name (ids start with the zero-padded sequence), never reading them.
 */
import { chmod, mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonical, sha256 } from './canonical.js';
import { pointsDir, type RecoveryPoint } from './points.js';

/** SHA-256 of what a point holds, leaving out its sequence and time. */
export function stateHash(p: Pick<RecoveryPoint, 'source' | 'selection' | 'selected' | 'warnings' | 'nodes'>): string {
  return sha256(canonical({ source: p.source, selection: p.selection, selected: p.selected, warnings: p.warnings, nodes: p.nodes }));
}

export async function storePoint(dataDir: string, point: RecoveryPoint): Promise<string> {
  const dir = pointsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${point.id}.json`);
  await writeFile(file, JSON.stringify(point), { flag: 'wx', mode: 0o600 });
  await chmod(file, 0o400);
  return file;
}

/** The stored point ids, oldest first. */
export async function pointIds(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(pointsDir(dataDir))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
  } catch {
    return [];
  }
}

/** Removes the oldest points so that `keep` remain, sparing the ids in `protect`; answers the removed ids. */
export async function prunePoints(dataDir: string, keep: number, protect: ReadonlySet<string>): Promise<string[]> {
  const ids = await pointIds(dataDir);
  const newest = new Set(ids.slice(-keep));
  const removed: string[] = [];
  for (const id of ids) {
    if (newest.has(id) || protect.has(id)) continue;
    await unlink(join(pointsDir(dataDir), `${id}.json`));
    removed.push(id);
  }
  return removed;
}
