/**
 * The traffic counted before this start, so the cost estimate covers every run of a Gatehouse
 * with a data directory, not only the current process: per-stage request and byte totals in
 * `<dataDir>/usage.json`, read at start, written every minute and at close (async, off the
 * request path). A missing or unreadable file starts from zero.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Owner } from './registry.js';

export interface StageUsage {
  owner: Owner;
  apiName: string;
  stage: string;
  requests: number;
  httpApiUnits: number;
  requestBytes: number;
  responseBytes: number;
}

export interface UsageRecord {
  version: 1;
  /** When counting began (ms since epoch): the first start with this data directory. */
  since: number;
  stages: StageUsage[];
}

export async function loadUsage(file: string): Promise<UsageRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as UsageRecord;
    if (parsed?.version !== 1 || typeof parsed.since !== 'number' || !Array.isArray(parsed.stages)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed over the old one: a crash leaves one or the other whole. */
export async function saveUsage(file: string, usage: UsageRecord): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(usage));
  await rename(tmp, file);
}

/** `base` plus `current`, stage by stage. */
export function addUsage(base: UsageRecord | undefined, since: number, current: StageUsage[]): UsageRecord {
  const byKey = new Map<string, StageUsage>();
  const key = (s: StageUsage) => [s.owner.account, s.owner.region, s.owner.apiId, s.apiName, s.stage].join('\0');
  for (const s of [...(base?.stages ?? []), ...current]) {
    const k = key(s);
    const had = byKey.get(k);
    if (!had) byKey.set(k, { ...s, owner: { ...s.owner } });
    else {
      had.requests += s.requests;
      had.httpApiUnits += s.httpApiUnits;
      had.requestBytes += s.requestBytes;
      had.responseBytes += s.responseBytes;
    }
  }
  return { version: 1, since: Math.min(base?.since ?? since, since), stages: [...byKey.values()] };
}
