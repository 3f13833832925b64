/**
 * The functions benchmark (issue 4): warm AWS_PROXY invocations of a trivial Node.js handler and
 * of a trivial Python handler through Gatehouse, and cold starts.
 *  - Gatehouse runs as `npm start` runs it; the functions are created through the genuine
 *    @aws-sdk/client-lambda, the API (GET /node, GET /python: AWS_PROXY) through the genuine
 *    @aws-sdk/client-api-gateway. Each handler answers {statusCode: 200, body: 'ok'}.
 *  - Warm: a warm-up (not counted), then a measured run at 50 connections under wrk (autocannon
 *    when wrk is not installed). The function's environments are Gatehouse's child processes:
 *    CPU per request is the user + system time of Gatehouse and every descendant (/proc, read
 *    before and after; children that exited meanwhile are in Gatehouse's cutime/cstime).
 *  - Reference, same run, same settings: a bare node:http server (bench/backend.ts) directly.
 *  - Cold start: CreateFunction, a new resource with its AWS_PROXY method, CreateDeployment, then
 *    the first request (no environment of that function exists yet). The first request's own
 *    latency is what the target judges; create-to-answer is shown beside it.
 * Targets (issue 4): Node >= 5,000 req/s and <= 150 us CPU per request with process isolation;
 * Python >= 4,000 req/s; a Node function's cold start <= 100 ms.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { loadGenerator, type LoadGenerator, type LoadResult } from './load.js';
import { liftAccountThrottle } from './data-plane-usage.js';
import { exitedChildrenCpuMs, machineCpuMs, startBackendProcess, startGatehouseProcess, type BenchServer } from './servers.js';
import { fmt, pad } from './format.js';

export interface FunctionsOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Cold starts measured per runtime (the median is reported). */
  coldStarts: number;
}

export const FUNCTIONS_OPTIONS: FunctionsOptions = { connections: 50, durationS: 10, warmupS: 3, coldStarts: 7 };

/** Issue 4's targets. */
export const FUNCTIONS_TARGETS = { nodeReqPerSec: 5000, nodeCpuUsPerReq: 150, pythonReqPerSec: 4000, nodeColdStartMs: 100 };

const STAGE = 'bench';
const ROLE = 'arn:aws:iam::000000000000:role/bench';
const NODE_SOURCE = "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n";
const PYTHON_SOURCE = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n";

type Runtime = 'node' | 'python';
export type TargetName = 'direct' | Runtime;

const LABELS: Record<TargetName, string> = {
  direct: '(a) node:http backend directly',
  node: '(b) Node handler via Gatehouse',
  python: '(c) Python handler via Gatehouse',
};

export interface WarmRun {
  url: string;
  load: LoadResult;
  /** Gatehouse plus its function processes, per answered request, in microseconds. */
  cpuUsPerReq?: number;
  /** Of which Gatehouse's own process. */
  gatehouseCpuUsPerReq?: number;
  /** Of which the function processes (live descendants, and any that exited during the run). */
  functionsCpuUsPerReq?: number;
  /** The backend's, for (a). */
  backendCpuUsPerReq?: number;
  loadGeneratorCpuUsPerReq?: number;
  /** Function processes alive at the end of the run. */
  functionProcesses?: number;
  otherProcessesPercent?: number;
  stealPercent?: number;
  ratioToDirect?: number;
}

export interface ColdStarts {
  /** The first request's latency, ms, one per cold start. */
  firstRequestMs: number[];
  /** CreateFunction + method + CreateDeployment + the first request, ms. */
  createToAnswerMs: number[];
  medianFirstRequestMs?: number;
  medianCreateToAnswerMs?: number;
}

export interface FunctionsResult {
  loadGenerator: { name: string; version: string; latencyResolutionMs: number };
  options: FunctionsOptions;
  runs: Partial<Record<TargetName, WarmRun>>;
  coldStart: Partial<Record<Runtime, ColdStarts>>;
  targetStatus: { nodeReqPerSec: string; nodeCpuUsPerReq: string; pythonReqPerSec: string; nodeColdStartMs: string };
  error?: string;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** utime, stime, cutime, cstime (ms) and ppid of a process, from /proc/<pid>/stat. */
function procStat(pid: number | string): { ppid: number; ownMs: number; exitedChildrenMs: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // proc(5): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17 (f[0] is field 3).
    return {
      ppid: Number(f[1]),
      ownMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK,
      exitedChildrenMs: ((Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK,
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process and all its descendants (walking /proc by ppid): `root` is its own,
 * `descendants` theirs plus what its exited (waited-for) children used.
 */
export function treeCpuMs(rootPid: number): { root: number; descendants: number; processes: number } | undefined {
  const root = procStat(rootPid);
  if (!root) return undefined;
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(name);
    if (!s) continue;
    const pid = Number(name);
    own.set(pid, s.ownMs + s.exitedChildrenMs);
    const list = children.get(s.ppid);
    if (list) list.push(pid);
    else children.set(s.ppid, [pid]);
  }
  let descendants = root.exitedChildrenMs;
  let processes = 0;
  const stack = [...(children.get(rootPid) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    descendants += own.get(pid) ?? 0;
    processes++;
    stack.push(...(children.get(pid) ?? []));
  }
  return { root: root.ownMs, descendants, processes };
}

export interface Bench {
  gatehouse: BenchServer;
  lambda: LambdaClient;
  apigateway: APIGatewayClient;
  restApiId: string;
  rootId: string;
  base: string;
}

function zipFor(runtime: Runtime): Uint8Array {
  return runtime === 'node' ? zipSync({ 'index.mjs': strToU8(NODE_SOURCE) }) : zipSync({ 'app.py': strToU8(PYTHON_SOURCE) });
}

async function createFunction(b: Bench, name: string, runtime: Runtime): Promise<string> {
  const fn = await b.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime === 'node' ? 'nodejs20.x' : 'python3.12',
      Handler: runtime === 'node' ? 'index.handler' : 'app.handler',
      Role: ROLE,
      Code: { ZipFile: zipFor(runtime) },
    }),
  );
  return fn.FunctionArn!;
}

/** GET /{pathPart}: AWS_PROXY to the function. */
async function proxyMethod(b: Bench, pathPart: string, functionArn: string): Promise<void> {
  const resource = await b.apigateway.send(new CreateResourceCommand({ restApiId: b.restApiId, parentId: b.rootId, pathPart }));
  const target = { restApiId: b.restApiId, resourceId: resource.id!, httpMethod: 'GET' };
  await b.apigateway.send(new PutMethodCommand({ ...target, authorizationType: 'NONE' }));
  await b.apigateway.send(
    new PutIntegrationCommand({
      ...target,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    }),
  );
}

async function deploy(b: Bench): Promise<void> {
  await b.apigateway.send(new CreateDeploymentCommand({ restApiId: b.restApiId, stageName: STAGE }));
}

async function expectOk(url: string, gatehouse: BenchServer): Promise<void> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200 || body !== 'ok') {
    throw new Error(`${url} answered ${res.status} ${body.slice(0, 300)} (expected 200 ok)\nGatehouse's output:\n${gatehouse.log?.().slice(-1500) ?? ''}`);
  }
}

/** One measured run against `url`, with the CPU of Gatehouse's process tree (and the backend's) over it. */
async function measure(gen: LoadGenerator, url: string, o: FunctionsOptions, b: Bench & { backend: BenchServer }): Promise<WarmRun> {
  const before = { tree: treeCpuMs(b.gatehouse.pid), backend: b.backend.cpuMs(), children: exitedChildrenCpuMs(), machine: machineCpuMs() };
  const self0 = process.cpuUsage();
  const load = await gen.run({ url, connections: o.connections, durationS: o.durationS });
  const self = process.cpuUsage(self0);
  const after = { tree: treeCpuMs(b.gatehouse.pid), backend: b.backend.cpuMs(), children: exitedChildrenCpuMs(), machine: machineCpuMs() };
  if (load.errors > 0 || load.non2xx > 0) {
    throw new Error(`${url}: ${load.errors} connection errors and ${load.non2xx} answers that were not 2xx/3xx out of ${load.requests}`);
  }
  const perReq = (ms: number | undefined) => (ms !== undefined && load.requests > 0 ? round((ms * 1000) / load.requests, 1) : undefined);
  const gatehouseMs = before.tree && after.tree ? after.tree.root - before.tree.root : undefined;
  const functionsMs = before.tree && after.tree ? after.tree.descendants - before.tree.descendants : undefined;
  const backendMs = before.backend !== undefined && after.backend !== undefined ? after.backend - before.backend : undefined;
  const selfMs = (self.user + self.system) / 1000;
  const generatorMs = gen.name === 'wrk' ? (after.children ?? 0) - (before.children ?? 0) : selfMs;
  const run: WarmRun = {
    url,
    load,
    cpuUsPerReq: gatehouseMs !== undefined && functionsMs !== undefined ? perReq(gatehouseMs + functionsMs) : undefined,
    gatehouseCpuUsPerReq: perReq(gatehouseMs),
    functionsCpuUsPerReq: perReq(functionsMs),
    backendCpuUsPerReq: perReq(backendMs),
    loadGeneratorCpuUsPerReq: perReq(generatorMs),
    functionProcesses: after.tree?.processes,
  };
  if (before.machine && after.machine && gatehouseMs !== undefined && functionsMs !== undefined && backendMs !== undefined) {
    const capacityMs = load.durationS * 1000 * cpus().length;
    const ours = gatehouseMs + functionsMs + backendMs + generatorMs + (gen.name === 'wrk' ? selfMs : 0);
    run.otherProcessesPercent = round((Math.max(0, after.machine.busy - before.machine.busy - ours) / capacityMs) * 100, 1);
    run.stealPercent = round(((after.machine.steal - before.machine.steal) / capacityMs) * 100, 1);
  }
  return run;
}

/** One cold start: a new function, its method, a deployment, then the first request. */
async function coldStart(b: Bench, runtime: Runtime, i: number): Promise<{ firstRequestMs: number; createToAnswerMs: number }> {
  const name = `cold-${runtime}-${i}`;
  const t0 = performance.now();
  const arn = await createFunction(b, name, runtime);
  await proxyMethod(b, name, arn);
  await deploy(b);
  const t1 = performance.now();
  const res = await fetch(`${b.base}/${name}`);
  const body = await res.text();
  const t2 = performance.now();
  if (res.status !== 200 || body !== 'ok') throw new Error(`cold start of ${name}: ${res.status} ${body.slice(0, 300)}`);
  return { firstRequestMs: round(t2 - t1, 2), createToAnswerMs: round(t2 - t0, 2) };
}

function status(measured: boolean, met: boolean): string {
  return !measured ? 'not measured' : met ? 'met' : 'MISSED';
}

function targetStatus(r: FunctionsResult): FunctionsResult['targetStatus'] {
  const t = FUNCTIONS_TARGETS;
  const node = r.runs.node;
  const cold = r.coldStart.node?.medianFirstRequestMs;
  return {
    nodeReqPerSec: status(!!node, (node?.load.reqPerSec ?? 0) >= t.nodeReqPerSec),
    nodeCpuUsPerReq: status(node?.cpuUsPerReq !== undefined, (node?.cpuUsPerReq ?? Infinity) <= t.nodeCpuUsPerReq),
    pythonReqPerSec: status(!!r.runs.python, (r.runs.python?.load.reqPerSec ?? 0) >= t.pythonReqPerSec),
    nodeColdStartMs: status(cold !== undefined, (cold ?? Infinity) <= t.nodeColdStartMs),
  };
}

/**
 * On a running Gatehouse: the two warm functions and the API calling them, deployed and checked.
 * The clients in `bench` are the caller's to destroy.
 */
export async function setUpFunctions(gatehouse: BenchServer): Promise<{ bench: Bench; urls: Record<Runtime, string> }> {
  const config = { endpoint: gatehouse.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const lambda = new LambdaClient(config);
  const apigateway = new APIGatewayClient(config);
  try {
    const api = await apigateway.send(new CreateRestApiCommand({ name: 'bench-functions' }));
    const b: Bench = {
      gatehouse,
      lambda,
      apigateway,
      restApiId: api.id!,
      rootId: api.rootResourceId!,
      base: `${gatehouse.url}/_aws/execute-api/${api.id}/${STAGE}`,
    };
    for (const runtime of ['node', 'python'] as const) await proxyMethod(b, runtime, await createFunction(b, `warm-${runtime}`, runtime));
    await deploy(b);
    const urls: Record<Runtime, string> = { node: `${b.base}/node`, python: `${b.base}/python` };
    for (const runtime of ['node', 'python'] as const) await expectOk(urls[runtime], gatehouse);
    return { bench: b, urls };
  } catch (err) {
    lambda.destroy();
    apigateway.destroy();
    throw err;
  }
}

export async function runFunctions(options: FunctionsOptions = FUNCTIONS_OPTIONS, log: (line: string) => void = console.log): Promise<FunctionsResult> {
  const gen = await loadGenerator();
  const result: FunctionsResult = {
    loadGenerator: { name: gen.name, version: gen.version, latencyResolutionMs: gen.resolutionMs },
    options,
    runs: {},
    coldStart: {},
    targetStatus: { nodeReqPerSec: 'not measured', nodeCpuUsPerReq: 'not measured', pythonReqPerSec: 'not measured', nodeColdStartMs: 'not measured' },
  };
  const started: BenchServer[] = [];
  const clients: { destroy(): void }[] = [];
  try {
    const backend = await startBackendProcess();
    started.push(backend);
    const gatehouse = await startGatehouseProcess();
    started.push(gatehouse);
    // AWS's account throttle (10,000 requests/s) would answer 429s above it: lifted, as the data-plane bench does.
    await liftAccountThrottle(gatehouse.url);
    const { bench, urls: functionUrls } = await setUpFunctions(gatehouse);
    const b = { ...bench, backend };
    clients.push(b.lambda, b.apigateway);
    const urls: Record<TargetName, string> = { direct: `${backend.url}/hello`, ...functionUrls };

    const targets = ['direct', 'node', 'python'] as const;
    for (const name of targets) {
      log(`  ${LABELS[name]}: ${options.warmupS} s warm-up, ${options.durationS} s at ${options.connections} connections ...`);
      await gen.run({ url: urls[name], connections: options.connections, durationS: options.warmupS });
      result.runs[name] = await measure(gen, urls[name], options, b);
    }
    const direct = result.runs.direct!.load.reqPerSec;
    for (const name of targets) if (name !== 'direct') result.runs[name]!.ratioToDirect = round(result.runs[name]!.load.reqPerSec / direct, 3);

    for (const runtime of ['node', 'python'] as const) {
      log(`  cold start, ${runtime}: ${options.coldStarts} new functions, each created, deployed and called once ...`);
      const cold: ColdStarts = { firstRequestMs: [], createToAnswerMs: [] };
      result.coldStart[runtime] = cold;
      for (let i = 0; i < options.coldStarts; i++) {
        const one = await coldStart(b, runtime, i);
        cold.firstRequestMs.push(one.firstRequestMs);
        cold.createToAnswerMs.push(one.createToAnswerMs);
      }
      cold.medianFirstRequestMs = median(cold.firstRequestMs);
      cold.medianCreateToAnswerMs = median(cold.createToAnswerMs);
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    for (const client of clients) client.destroy();
    for (const server of started.reverse()) await server.stop();
    gen.close();
  }
  result.targetStatus = targetStatus(result);
  return result;
}

export function functionsTable(r: FunctionsResult): string {
  const t = FUNCTIONS_TARGETS;
  const s = r.targetStatus;
  const lat = (n: number | undefined) => fmt(n, r.loadGenerator.latencyResolutionMs >= 1 ? 0 : 3);
  const target: Record<TargetName, string> = {
    direct: '',
    node: `>= ${t.nodeReqPerSec.toLocaleString('en-US')} req/s: ${s.nodeReqPerSec}; <= ${t.nodeCpuUsPerReq} us CPU: ${s.nodeCpuUsPerReq}`,
    python: `>= ${t.pythonReqPerSec.toLocaleString('en-US')} req/s: ${s.pythonReqPerSec}`,
  };
  const header = ['', 'req/s', 'x direct', 'p50 ms', 'p99 ms', 'CPU us/req', 'Gatehouse', 'functions', 'procs', 'others %', 'target'];
  const rows: string[][] = [header];
  for (const name of ['direct', 'node', 'python'] as const) {
    const run = r.runs[name];
    rows.push([
      LABELS[name],
      fmt(run?.load.reqPerSec, 0),
      name === 'direct' ? (run ? '1.00x' : '-') : run?.ratioToDirect === undefined ? '-' : `${run.ratioToDirect.toFixed(2)}x`,
      lat(run?.load.latencyMs.p50),
      lat(run?.load.latencyMs.p99),
      name === 'direct' ? fmt(run?.backendCpuUsPerReq) : fmt(run?.cpuUsPerReq),
      name === 'direct' ? '-' : fmt(run?.gatehouseCpuUsPerReq),
      name === 'direct' ? '-' : fmt(run?.functionsCpuUsPerReq),
      name === 'direct' ? '-' : String(run?.functionProcesses ?? '-'),
      fmt(run?.otherProcessesPercent, 0),
      target[name],
    ]);
  }
  rows.push([]);
  rows.push(['cold start (median of ' + r.options.coldStarts + ')', 'first request ms', '', 'create+deploy+first ms', '', '', '', '', '', '', '']);
  for (const runtime of ['node', 'python'] as const) {
    const c = r.coldStart[runtime];
    if (!c) continue;
    rows.push([
      runtime === 'node' ? 'Node handler' : 'Python handler',
      fmt(c.medianFirstRequestMs),
      '',
      fmt(c.medianCreateToAnswerMs),
      '',
      '',
      '',
      '',
      '',
      '',
      runtime === 'node' ? `first request <= ${t.nodeColdStartMs} ms: ${s.nodeColdStartMs}` : '',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)) + 2);
  const lines = rows.map((row) => row.map((cell, i) => pad(cell, widths[i])).join('').trimEnd());
  for (const runtime of ['node', 'python'] as const) {
    const c = r.coldStart[runtime];
    if (c) lines.push(`Cold starts, ${runtime}: first request ${c.firstRequestMs.join(', ')} ms; create to answer ${c.createToAnswerMs.join(', ')} ms.`);
  }
  const runs = Object.values(r.runs).filter((x): x is WarmRun => !!x);
  const generator = runs.map((x) => x.loadGeneratorCpuUsPerReq).filter((x) => x !== undefined);
  if (generator.length) lines.push(`Load generator CPU: ${Math.min(...generator).toFixed(1)}-${Math.max(...generator).toFixed(1)} us/req.`);
  const other = Math.max(0, ...runs.map((x) => x.otherProcessesPercent ?? 0));
  const steal = Math.max(0, ...runs.map((x) => x.stealPercent ?? 0));
  lines.push(
    `"CPU us/req": Gatehouse's process plus its function processes ("procs" of them alive at the end); "others %": the share of the ${cpus().length} CPUs that other processes used; up to ${other.toFixed(1)}% here, the hypervisor stole up to ${steal.toFixed(1)}%` +
      (other > 5 || steal > 5 ? ': the machine was not quiet, so these figures understate what it can do.' : '.'),
  );
  lines.push(
    'For comparison (issue 4, same kind of machine, 50 connections): serverless-offline runs a trivial Node handler at 1,500-3,500 req/s in its worker-thread mode ' +
      '(650-960 us CPU/req), 7,800 req/s unisolated in-process (131 us), a Python handler at 6,600 req/s; its first request after start takes 28-126 ms.',
  );
  if (r.error) lines.push(`The functions benchmark did not complete: ${r.error}`);
  return lines.join('\n');
}
