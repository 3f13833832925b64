/**
 * One stage's response cache: method responses by cache key, each until its TTL, the whole held
 * under a byte bound with least-recently-used eviction (a Map keeps insertion order: a hit moves
 * its entry to the end, eviction takes from the front). Caching is "best-effort" on AWS too; an
 * entry larger than AWS's limit of 1,048,576 bytes is never stored.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */

/** "The maximum size of a response that can be cached is 1048576 bytes." */
export const MAX_ENTRY_BYTES = 1_048_576;

/** What a hit answers: the method response as the client got it (status, headers, body). */
export interface CachedResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

interface Entry {
  response: CachedResponse;
  /** When it stops answering (ms since epoch). */
  expires: number;
  /** What it counts against the bound: key, headers and body, plus a fixed overhead. */
  size: number;
}

/** Bytes an entry costs beyond its data (the Map slot, the objects): an estimate, so tiny answers still count. */
const ENTRY_OVERHEAD = 128;

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private used = 0;

  constructor(readonly capacityBytes: number) {}

  /** Entries held now (expired ones included until they are read or evicted). */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes held now, as counted against `capacityBytes`. */
  get bytes(): number {
    return this.used;
  }

  /** The live entry for `key`, now the most recently used; an expired one is dropped. */
  get(key: string, now: number): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= now) {
      this.used -= entry.size;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.response;
  }

  /**
   * Stores `response` for `ttlMs`, replacing what `key` held, evicting the least recently used
   * entries until it fits. False (and nothing stored) when it is larger than an entry may be.
   */
  set(key: string, response: CachedResponse, ttlMs: number, now: number): boolean {
    const size = sizeOf(key, response);
    this.delete(key);
    if (response.body.length > MAX_ENTRY_BYTES || size > this.capacityBytes) return false;
    while (this.used + size > this.capacityBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, { response, expires: now + ttlMs, size });
    this.used += size;
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.size;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

function sizeOf(key: string, response: CachedResponse): number {
  let size = ENTRY_OVERHEAD + key.length + response.body.length;
  for (const name in response.headers) {
    size += name.length;
    for (const v of response.headers[name]) size += v.length;
  }
  return size;
}
