/**
 * Recovery points: immutable, versioned captures under `<dataDir>/dr/points/`. A point is one
 * JSON file (format `gatehouse-dr-point/1`) holding the region-neutral nodes, the selection,
 * where it came from, a sequence number and a SHA-256 of its canonical content; its id is
 * `<sequence>-<time>-<hash prefix>`. Files are written once (exclusive create, then read-only)
 * and their hash is checked on every read, so a changed file is refused, not restored.
 * Points hold API key values and function code: the directory is the user's only (0700).
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonical, sha256 } from './canonical.js';
import { captureInventory } from './inventory.js';
import type { Node, Selection, Side } from './model.js';

export const POINT_FORMAT = 'gatehouse-dr-point/1';

export interface RecoveryPoint {
  format: typeof POINT_FORMAT;
  id: string;
  sequence: number;
  createdAt: string;
  source: { region: string; account: string; endpoint?: string };
  selection: Selection;
  selected: string[];
  warnings: string[];
  nodes: Node[];
  hash: string;
}

export interface PointSummary {
  id: string;
  sequence: number;
  createdAt: string;
  source: RecoveryPoint['source'];
  resources: number;
  restApis: number;
  hash: string;
}

export const pointsDir = (dataDir: string) => join(dataDir, 'dr', 'points');

function contentHash(p: Omit<RecoveryPoint, 'id' | 'hash'>): string {
  return sha256(canonical({ format: p.format, sequence: p.sequence, createdAt: p.createdAt, source: p.source, selection: p.selection, selected: p.selected, warnings: p.warnings, nodes: p.nodes }));
}

/** A point as a capture would store it, not stored (`deps` reads the live selection this way). */
export async function buildPoint(source: Side, selection: Selection, sequence: number, now = new Date()): Promise<RecoveryPoint> {
  const captured = await captureInventory(source, selection);
  const body = {
    format: POINT_FORMAT,
    sequence,
    createdAt: now.toISOString(),
    source: { region: source.config.region, account: source.config.account, ...(source.config.endpoint ? { endpoint: source.config.endpoint } : {}) },
    selection,
    selected: captured.selected,
    warnings: captured.warnings,
    nodes: captured.nodes,
  } as const;
  const hash = contentHash(body);
  const id = `${String(body.sequence).padStart(6, '0')}-${body.createdAt.replace(/[-:.]/g, '').replace('T', 't').toLowerCase()}-${hash.slice(0, 12)}`;
  return { ...body, id, hash };
}

export async function capturePoint(dataDir: string, source: Side, selection: Selection, now = new Date()): Promise<RecoveryPoint> {
  const dir = pointsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await listPoints(dataDir);
  const point = await buildPoint(source, selection, (existing.at(-1)?.sequence ?? 0) + 1, now);
  const file = join(dir, `${point.id}.json`);
  await writeFile(file, JSON.stringify(point), { flag: 'wx', mode: 0o600 });
  await chmod(file, 0o400);
  return point;
}

async function readPoint(file: string): Promise<RecoveryPoint> {
  const point = JSON.parse(await readFile(file, 'utf8')) as RecoveryPoint;
  if (point.format !== POINT_FORMAT) throw new Error(`${file}: not a recovery point of format ${POINT_FORMAT}`);
  if (contentHash(point) !== point.hash) throw new Error(`${file}: its content does not match its hash ${point.hash}; the point was changed and is refused`);
  return point;
}

export async function listPoints(dataDir: string): Promise<PointSummary[]> {
  let files: string[];
  try {
    files = (await readdir(pointsDir(dataDir))).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: PointSummary[] = [];
  for (const f of files) {
    const p = await readPoint(join(pointsDir(dataDir), f));
    out.push({ id: p.id, sequence: p.sequence, createdAt: p.createdAt, source: p.source, resources: p.nodes.length, restApis: p.selected.length, hash: p.hash });
  }
  return out.sort((a, b) => a.sequence - b.sequence);
}

/** A point by id (or a unique prefix of it), or the latest with 'latest'. */
export async function loadPoint(dataDir: string, id = 'latest'): Promise<RecoveryPoint> {
  // By file name (ids start with the zero-padded sequence): only the point asked for is read and
  // checked, not every stored one (a failover after warm standby is meant to be quick).
  const all = (await readdir(pointsDir(dataDir)).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => ({ id: f.slice(0, -'.json'.length) })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const found = id === 'latest' ? all.at(-1) : all.filter((p) => p.id === id || p.id.startsWith(id)).at(0);
  if (!found) throw new Error(id === 'latest' ? `no recovery point in ${pointsDir(dataDir)}: run 'gatehouse dr capture' first` : `no recovery point ${id}`);
  return readPoint(join(pointsDir(dataDir), `${found.id}.json`));
}
