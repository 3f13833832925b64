/**
 * The caching part of the data-plane benchmark (issue 6): the bench API's deployment served by a
 * second stage, `cached`, with the stage cache on and `*\/*` caching enabled (TTL 3600 s, any
 * caller may refresh an entry), driven with the same settings as the uncached runs:
 *  (e) MOCK answered from the cache (a hit: no template, no integration),
 *  (f) HTTP_PROXY answered from the cache (a hit: the backend is not called),
 *  (g) MOCK with `Cache-Control: max-age=0` on every request: the lookup, the integration and the
 *      store all run, what caching costs a request it never answers.
 * Each is reported as a ratio to the uncached run of the same integration ((c) or (b)).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
import { APIGatewayClient, CreateStageCommand, GetStageCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { STAGE, type BenchApi } from './bench-api.js';
import type { LoadGenerator } from './load.js';
import type { DataPlaneOptions, Servers, TargetName, TargetRun } from './data-plane.js';
import { fmt } from './format.js';

export const CACHED_STAGE = 'cached';

/** A throttle no benchmark reaches. */
const UNTHROTTLED = 1_000_000_000;

export type CachingTargetName = 'mockCached' | 'httpProxyCached' | 'mockRefreshed';

export const CACHING_LABELS: Record<CachingTargetName, string> = {
  mockCached: '(e) MOCK, cache hit',
  httpProxyCached: '(f) HTTP_PROXY, cache hit',
  mockRefreshed: '(g) MOCK, cache refreshed each request',
};

/** The uncached run each caching run is compared with. */
export const UNCACHED_OF: Record<CachingTargetName, 'mock' | 'httpProxy'> = { mockCached: 'mock', httpProxyCached: 'httpProxy', mockRefreshed: 'mock' };

export interface CachingTarget {
  url: string;
  headers?: Record<string, string>;
}

/** Creates the `cached` stage on the bench API's deployment and answers the three targets. */
export async function deployCachedStage(gatehouseUrl: string, api: BenchApi): Promise<Record<CachingTargetName, CachingTarget>> {
  const client = new APIGatewayClient({ endpoint: gatehouseUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  try {
    const { restApiId } = api;
    const { deploymentId } = await client.send(new GetStageCommand({ restApiId, stageName: STAGE }));
    await client.send(new CreateStageCommand({ restApiId, stageName: CACHED_STAGE, deploymentId, cacheClusterEnabled: true, cacheClusterSize: '0.5' }));
    await client.send(
      new UpdateStageCommand({
        restApiId,
        stageName: CACHED_STAGE,
        patchOperations: [
          { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
          { op: 'replace', path: '/*/*/caching/ttlInSeconds', value: '3600' },
          { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' },
          // A method setting starts from AWS's defaults, 10,000 rps / 5,000 burst, which the data plane
          // enforces: lifted, so the runs measure the cache and not the stage's throttle.
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(UNTHROTTLED) },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(UNTHROTTLED) },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
  const cached = (url: string) => url.replace(`/${STAGE}/`, `/${CACHED_STAGE}/`);
  return {
    mockCached: { url: cached(api.mockUrl) },
    httpProxyCached: { url: cached(api.proxyUrl) },
    mockRefreshed: { url: cached(api.mockUrl), headers: { 'Cache-Control': 'max-age=0' } },
  };
}

/**
 * Each target answers 200, twice (the second from the cache where it caches): the HTTP_PROXY one
 * with the backend's own answer, so no run can measure an error page at high speed.
 */
export async function checkCachingTargets(directUrl: string, targets: Record<CachingTargetName, CachingTarget>): Promise<void> {
  const direct = await (await fetch(directUrl)).text();
  for (const [name, t] of Object.entries(targets)) {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(t.url, { headers: t.headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${body.slice(0, 300)}`);
      if (name === 'httpProxyCached' && body !== direct) throw new Error(`${name} answered ${body.slice(0, 300)} (expected ${direct})`);
    }
  }
}

/** Warm-up (its requests fill the cache) then the measured run, per target, in the order given. */
export async function warmUp(gen: LoadGenerator, t: CachingTarget, connections: number, durationS: number): Promise<void> {
  await gen.run({ url: t.url, connections, durationS, headers: t.headers });
}

/** A caching run, its throughput as a ratio to the uncached run, and the Gatehouse CPU per request it adds (negative: saves). */
export type CachingRun = TargetRun & { ratioToUncached?: number; cpuAddedUsPerReq?: number };

type Measure = (gen: LoadGenerator, url: string, connections: number, durationS: number, servers: Servers, headers?: Record<string, string>) => Promise<TargetRun>;

/** (e), (f), (g) after the uncached runs, each as a ratio to its uncached run. */
export async function runCaching(
  gen: LoadGenerator,
  measure: Measure,
  setup: { gatehouseUrl: string; api: BenchApi; directUrl: string; servers: Servers },
  options: DataPlaneOptions,
  uncached: Partial<Record<TargetName, TargetRun>>,
  log: (line: string) => void,
): Promise<Partial<Record<CachingTargetName, CachingRun>>> {
  const targets = await deployCachedStage(setup.gatehouseUrl, setup.api);
  await checkCachingTargets(setup.directUrl, targets);
  const runs: Partial<Record<CachingTargetName, CachingRun>> = {};
  for (const name of Object.keys(targets) as CachingTargetName[]) {
    const t = targets[name];
    log(`  ${CACHING_LABELS[name]}: ${options.warmupS} s warm-up, ${options.durationS} s at ${options.connections} connections ...`);
    await warmUp(gen, t, options.connections, options.warmupS);
    const run: CachingRun = await measure(gen, t.url, options.connections, options.durationS, setup.servers, t.headers);
    const base = uncached[UNCACHED_OF[name]];
    if (base?.load.reqPerSec) run.ratioToUncached = Math.round((run.load.reqPerSec / base.load.reqPerSec) * 1000) / 1000;
    if (base?.gatehouseCpuUsPerReq !== undefined && run.gatehouseCpuUsPerReq !== undefined) {
      run.cpuAddedUsPerReq = Math.round((run.gatehouseCpuUsPerReq - base.gatehouseCpuUsPerReq) * 10) / 10;
    }
    runs[name] = run;
  }
  return runs;
}

/** The caching runs as table lines: req/s, the ratio to the uncached run, latency, Gatehouse's CPU. */
export function cachingTable(runs: Partial<Record<CachingTargetName, CachingRun>>): string {
  const rows: string[][] = [['caching (stage `cached`)', 'req/s', 'x uncached', 'p50 ms', 'p99 ms', 'Gatehouse CPU us/req', 'added to uncached']];
  for (const name of Object.keys(CACHING_LABELS) as CachingTargetName[]) {
    const run = runs[name];
    if (!run) continue;
    rows.push([
      `${CACHING_LABELS[name]} vs ${UNCACHED_OF[name] === 'mock' ? '(c)' : '(b)'}`,
      fmt(run.load.reqPerSec, 0),
      run.ratioToUncached === undefined ? '-' : `${run.ratioToUncached.toFixed(2)}x`,
      fmt(run.load.latencyMs.p50, 3),
      fmt(run.load.latencyMs.p99, 3),
      fmt(run.gatehouseCpuUsPerReq),
      fmt(run.cpuAddedUsPerReq),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)) + 2);
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat(Math.max(0, widths[i] - cell.length))).join('').trimEnd()).join('\n');
}
