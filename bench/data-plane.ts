/**
 * The data-plane benchmark (issue 3): a trivial node:http backend and Gatehouse, each its own
 * child process, and one load generator (wrk, else autocannon) driving, with the same settings:
 *  (a) the backend directly, (b) HTTP_PROXY through Gatehouse, (c) MOCK with a response template.
 * Each target gets a warm-up (not counted), then a measured run at 50 connections; then a run at
 * one connection for the latency Gatehouse adds. Gatehouse's CPU per request is its process's
 * user + system time (/proc) over the measured run divided by the requests answered.
 * With `floor` (`npm run bench -- --floor`), also (d): a bare node:http + undici proxy
 * (bench/floor-proxy.ts), the platform's own cost for what (b) does, pipeline aside.
 */
import { checkTargets, deployBenchApi } from './bench-api.js';
import { cachingTable, runCaching, type CachingRun, type CachingTargetName } from './data-plane-cache.js';
import { liftAccountThrottle, runUsage, usageTable, type UsageRun } from './data-plane-usage.js';
import { httpApiTable, runHttpApi, type HttpApiRuns } from './data-plane-http-api.js';
import { loadGenerator, type LoadGenerator, type LoadResult } from './load.js';
import { cpus } from 'node:os';
import { exitedChildrenCpuMs, machineCpuMs, startBackendProcess, startFloorProxyProcess, startGatehouseProcess, type BenchServer } from './servers.js';
import { fmt, pad } from './format.js';

export interface DataPlaneOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  singleConnectionS: number;
  /** Also measure (d), the bare floor proxy. */
  floor: boolean;
}

export const DATA_PLANE_OPTIONS: DataPlaneOptions = { connections: 50, durationS: 10, warmupS: 2, singleConnectionS: 5, floor: false };

/** Issue 3's targets. */
export const DATA_PLANE_TARGETS = { httpProxyRatio: 0.33, httpProxyCpuUsPerReq: 35, mockReqPerSec: 20_000, addedP50Ms: 0.1 };

export type TargetName = 'direct' | 'httpProxy' | 'mock' | 'floor';

export interface TargetRun {
  url: string;
  load: LoadResult;
  /** CPU time per answered request, in microseconds, of each process over the measured run. */
  gatehouseCpuUsPerReq?: number;
  floorProxyCpuUsPerReq?: number;
  backendCpuUsPerReq?: number;
  /** The load generator's CPU per request (wrk's, or this process's with autocannon). */
  loadGeneratorCpuUsPerReq?: number;
  /**
   * Share of the machine's CPUs (all of them = 100) that processes other than Gatehouse, the
   * backend and the load generator used during the run, and that the hypervisor stole: when either
   * is more than a few percent, the figures are lower than this machine can do.
   */
  otherProcessesPercent?: number;
  stealPercent?: number;
  ratioToDirect?: number;
}

export interface DataPlaneResult {
  loadGenerator: { name: string; version: string; latencyResolutionMs: number };
  options: DataPlaneOptions;
  runs: Partial<Record<TargetName, TargetRun>>;
  singleConnection: Partial<Record<TargetName, TargetRun>> & { addedP50Ms?: number; addedMeanMs?: number };
  /** Issue 6: the same API on a stage with caching on (bench/data-plane-cache.ts). */
  caching?: Partial<Record<CachingTargetName, CachingRun>>;
  /** Issue 6: MOCK with an API key, a usage plan and stage throttling (bench/data-plane-usage.ts). */
  usage?: UsageRun;
  /** Issue 7: HTTP API HTTP_PROXY and Lambda proxy routes (bench/data-plane-http-api.ts). */
  httpApi?: HttpApiRuns;
  targetStatus: { httpProxyRatio: string; httpProxyCpuUsPerReq: string; mockReqPerSec: string; addedP50Ms: string };
  error?: string;
}

const LABELS: Record<TargetName, string> = {
  direct: '(a) backend directly',
  httpProxy: '(b) HTTP_PROXY via Gatehouse',
  mock: '(c) MOCK + template via Gatehouse',
  floor: '(d) floor: bare node:http+undici proxy',
};

/** The processes a run's CPU is read from: every one we started (an idle one costs nothing). */
export interface Servers {
  backend: BenchServer;
  gatehouse: BenchServer;
  floorProxy?: BenchServer;
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One measured run against `url`, with the CPU each process used over it. */
export async function measure(gen: LoadGenerator, url: string, connections: number, durationS: number, servers: Servers, headers?: Record<string, string>): Promise<TargetRun> {
  const cpu = () => ({
    gatehouse: servers.gatehouse.cpuMs(),
    backend: servers.backend.cpuMs(),
    floorProxy: servers.floorProxy?.cpuMs(),
    children: exitedChildrenCpuMs(),
    machine: machineCpuMs(),
  });
  const before = cpu();
  const self0 = process.cpuUsage();
  const load = await gen.run({ url, connections, durationS, headers });
  const self = process.cpuUsage(self0);
  const after = cpu();
  if (load.errors > 0 || load.non2xx > 0) {
    throw new Error(`${url}: ${load.errors} connection errors and ${load.non2xx} answers that were not 2xx/3xx out of ${load.requests}`);
  }
  const delta = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? b - a : undefined);
  const perReq = (ms: number | undefined) => (ms !== undefined && load.requests > 0 ? round((ms * 1000) / load.requests, 1) : undefined);
  const gatehouseMs = delta(before.gatehouse, after.gatehouse);
  const backendMs = delta(before.backend, after.backend);
  const floorMs = servers.floorProxy ? delta(before.floorProxy, after.floorProxy) : 0;
  // wrk is a child we wait for: its CPU lands in our children's time when it exits. autocannon runs here.
  const selfMs = (self.user + self.system) / 1000;
  const generatorMs = gen.name === 'wrk' ? delta(before.children, after.children) : selfMs;
  const run: TargetRun = {
    url,
    load,
    gatehouseCpuUsPerReq: perReq(gatehouseMs),
    floorProxyCpuUsPerReq: servers.floorProxy ? perReq(floorMs) : undefined,
    backendCpuUsPerReq: perReq(backendMs),
    loadGeneratorCpuUsPerReq: perReq(generatorMs),
  };
  if (before.machine && after.machine && gatehouseMs !== undefined && backendMs !== undefined && generatorMs !== undefined && floorMs !== undefined) {
    const capacityMs = load.durationS * 1000 * cpus().length;
    const ours = gatehouseMs + backendMs + floorMs + generatorMs + (gen.name === 'wrk' ? selfMs : 0);
    run.otherProcessesPercent = round((Math.max(0, after.machine.busy - before.machine.busy - ours) / capacityMs) * 100, 1);
    run.stealPercent = round(((after.machine.steal - before.machine.steal) / capacityMs) * 100, 1);
  }
  return run;
}

/** The floor proxy must hand on the backend's own answer, like HTTP_PROXY. */
async function checkFloor(directUrl: string, floorUrl: string): Promise<void> {
  const [direct, floor] = await Promise.all([fetch(directUrl).then((r) => r.text()), fetch(floorUrl)]);
  const body = await floor.text();
  if (floor.status !== 200 || body !== direct) throw new Error(`the floor proxy answered ${floor.status} ${body.slice(0, 300)} (expected 200 ${direct})`);
}

function status(measured: boolean, met: boolean): string {
  return !measured ? 'not measured' : met ? 'met' : 'MISSED';
}

function targetStatus(r: DataPlaneResult): DataPlaneResult['targetStatus'] {
  const t = DATA_PLANE_TARGETS;
  const proxy = r.runs.httpProxy;
  return {
    httpProxyRatio: status(proxy?.ratioToDirect !== undefined, (proxy?.ratioToDirect ?? 0) >= t.httpProxyRatio),
    httpProxyCpuUsPerReq: status(proxy?.gatehouseCpuUsPerReq !== undefined, (proxy?.gatehouseCpuUsPerReq ?? Infinity) <= t.httpProxyCpuUsPerReq),
    mockReqPerSec: status(r.runs.mock !== undefined, (r.runs.mock?.load.reqPerSec ?? 0) >= t.mockReqPerSec),
    addedP50Ms: status(addedLatency(r) !== undefined, (addedLatency(r) ?? Infinity) <= t.addedP50Ms),
  };
}

/**
 * The added latency the target is judged on: the p50 difference, except with autocannon, whose
 * whole-millisecond histogram would show 0 ms for both: there, the mean from the request counts.
 */
function addedLatency(r: DataPlaneResult): number | undefined {
  return r.loadGenerator.latencyResolutionMs >= 1 ? r.singleConnection.addedMeanMs : r.singleConnection.addedP50Ms;
}

export async function runDataPlane(options: DataPlaneOptions = DATA_PLANE_OPTIONS, log: (line: string) => void = console.log): Promise<DataPlaneResult> {
  const gen = await loadGenerator();
  const result: DataPlaneResult = {
    loadGenerator: { name: gen.name, version: gen.version, latencyResolutionMs: gen.resolutionMs },
    options,
    runs: {},
    singleConnection: {},
    targetStatus: { httpProxyRatio: 'not measured', httpProxyCpuUsPerReq: 'not measured', mockReqPerSec: 'not measured', addedP50Ms: 'not measured' },
  };
  const started: BenchServer[] = [];
  try {
    const backend = await startBackendProcess();
    started.push(backend);
    const gatehouse = await startGatehouseProcess();
    started.push(gatehouse);
    const servers: Servers = { backend, gatehouse };
    if (options.floor) {
      servers.floorProxy = await startFloorProxyProcess(backend.url);
      started.push(servers.floorProxy);
    }
    const api = await deployBenchApi(gatehouse.url, backend.url);
    // Gatehouse enforces AWS's account limit (10,000 req/s); the bench sends more (data-plane-usage.ts).
    await liftAccountThrottle(gatehouse.url);
    const urls: Record<TargetName, string> = {
      direct: `${backend.url}/hello`,
      httpProxy: api.proxyUrl,
      mock: api.mockUrl,
      floor: servers.floorProxy ? `${servers.floorProxy.url}/hello` : '',
    };
    await checkTargets(urls.direct, api, gatehouse.log);
    if (urls.floor) await checkFloor(urls.direct, urls.floor);
    const targets = (['direct', 'httpProxy', 'mock', 'floor'] as const).filter((name) => urls[name]);

    for (const name of targets) {
      log(`  ${LABELS[name]}: ${options.warmupS} s warm-up, ${options.durationS} s at ${options.connections} connections ...`);
      await gen.run({ url: urls[name], connections: options.connections, durationS: options.warmupS });
      result.runs[name] = await measure(gen, urls[name], options.connections, options.durationS, servers);
    }
    const direct = result.runs.direct!.load.reqPerSec;
    for (const name of targets) if (name !== 'direct') result.runs[name]!.ratioToDirect = round(result.runs[name]!.load.reqPerSec / direct, 3);
    result.httpApi = await runHttpApi(gen, measure, { gatehouseUrl: gatehouse.url, backendUrl: backend.url, directUrl: urls.direct, servers }, options, result.runs, log);
    result.usage = await runUsage(gen, measure, { gatehouseUrl: gatehouse.url, api, servers }, options, result.runs, log);
    result.caching = await runCaching(gen, measure, { gatehouseUrl: gatehouse.url, api, directUrl: urls.direct, servers }, options, result.runs, log);

    for (const name of targets) {
      log(`  ${LABELS[name]}: ${options.singleConnectionS} s at 1 connection ...`);
      result.singleConnection[name] = await measure(gen, urls[name], 1, options.singleConnectionS, servers);
    }
    const one = result.singleConnection;
    one.addedP50Ms = round(one.httpProxy!.load.latencyMs.p50 - one.direct!.load.latencyMs.p50, 3);
    // One connection sends the next request when the last answer arrives: duration / requests is
    // the mean round trip, exact whatever the histogram's resolution.
    const meanMs = (r: TargetRun) => (r.load.durationS * 1000) / r.load.requests;
    one.addedMeanMs = round(meanMs(one.httpProxy!) - meanMs(one.direct!), 3);
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    for (const server of started.reverse()) await server.stop();
    gen.close();
  }
  result.targetStatus = targetStatus(result);
  return result;
}

export function dataPlaneTable(r: DataPlaneResult): string {
  const t = DATA_PLANE_TARGETS;
  const lat = (n: number | undefined) => fmt(n, r.loadGenerator.latencyResolutionMs >= 1 ? 0 : 3);
  const target: Record<TargetName, string> = {
    direct: '',
    httpProxy: `>= ${t.httpProxyRatio}x: ${r.targetStatus.httpProxyRatio}; <= ${t.httpProxyCpuUsPerReq} us CPU: ${r.targetStatus.httpProxyCpuUsPerReq}`,
    mock: `>= ${t.mockReqPerSec.toLocaleString('en-US')} req/s: ${r.targetStatus.mockReqPerSec}`,
    floor: '(CPU: the floor proxy\'s own)',
  };
  const names = (['direct', 'httpProxy', 'mock', 'floor'] as const).filter((name) => r.runs[name] || name !== 'floor');
  // The proxy in the middle: Gatehouse for (b) and (c), the floor proxy for (d), none for (a).
  const middleCpu = (name: TargetName, run: TargetRun | undefined) =>
    name === 'direct' ? '-' : fmt(name === 'floor' ? run?.floorProxyCpuUsPerReq : run?.gatehouseCpuUsPerReq);
  const others = (run: TargetRun | undefined) => fmt(run?.otherProcessesPercent, 0);
  const header = ['', 'req/s', 'x direct', 'p50 ms', 'p99 ms', 'Gatehouse CPU us/req', 'backend CPU us/req', 'others %', 'target'];
  const rows: string[][] = [header];
  for (const name of names) {
    const run = r.runs[name];
    rows.push([
      LABELS[name],
      fmt(run?.load.reqPerSec, 0),
      name === 'direct' ? (run ? '1.00x' : '-') : run?.ratioToDirect === undefined ? '-' : `${run.ratioToDirect.toFixed(2)}x`,
      lat(run?.load.latencyMs.p50),
      lat(run?.load.latencyMs.p99),
      middleCpu(name, run),
      fmt(run?.backendCpuUsPerReq),
      others(run),
      target[name],
    ]);
  }
  rows.push([]);
  rows.push(['one connection', ...header.slice(1, 2), '', ...header.slice(3, 8), '']);
  for (const name of names) {
    const run = r.singleConnection[name];
    rows.push([LABELS[name], fmt(run?.load.reqPerSec, 0), '', lat(run?.load.latencyMs.p50), lat(run?.load.latencyMs.p99), middleCpu(name, run), fmt(run?.backendCpuUsPerReq), others(run), '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)) + 2);
  const lines = rows.map((row) => row.map((cell, i) => pad(cell, widths[i])).join('').trimEnd());
  const one = r.singleConnection;
  lines.push(
    `\nAdded latency of HTTP_PROXY over direct at one connection: p50 ${fmt(one.addedP50Ms, 3)} ms, mean ${fmt(one.addedMeanMs, 3)} ms ` +
      (r.loadGenerator.latencyResolutionMs >= 1
        ? `(target <= ${t.addedP50Ms} ms, judged on the mean because autocannon records whole milliseconds: ${r.targetStatus.addedP50Ms})`
        : `(target p50 <= ${t.addedP50Ms} ms: ${r.targetStatus.addedP50Ms})`),
  );
  const runs = [...Object.values(r.runs), ...names.map((n) => one[n])].filter((x): x is TargetRun => !!x);
  const other = Math.max(0, ...runs.map((x) => x.otherProcessesPercent ?? 0));
  const steal = Math.max(0, ...runs.map((x) => x.stealPercent ?? 0));
  const generator = runs.map((x) => x.loadGeneratorCpuUsPerReq).filter((x) => x !== undefined);
  if (generator.length) lines.push(`Load generator CPU: ${Math.min(...generator).toFixed(1)}-${Math.max(...generator).toFixed(1)} us/req.`);
  lines.push(
    `"others %": the share of the ${cpus().length} CPUs that other processes used during the run; up to ${other.toFixed(1)}% here, and the hypervisor stole up to ${steal.toFixed(1)}%` +
      (other > 5 || steal > 5 ? ': the machine was not quiet, so these figures understate what it can do; run again when it is.' : '.'),
  );
  if (r.httpApi) lines.push('', httpApiTable(r.httpApi));
  if (r.usage) lines.push('', usageTable(r.usage));
  if (r.caching) lines.push('', cachingTable(r.caching));
  if (r.error) lines.push(`The data-plane benchmark did not complete: ${r.error}`);
  return lines.join('\n');
}
