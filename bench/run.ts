/**
 * `npm run bench`: two parts, each printing a table; `npm run bench -- --only control-plane` or
 * `--only data-plane` or `--only functions` runs one; `--floor` adds a bare node:http + undici proxy to the data-plane
 * part (bench/floor-proxy.ts): what HTTP_PROXY costs on this machine with no pipeline at all.
 *  - control plane: against Gatehouse and, side by side in the same run, against moto's server when
 *    moto is installed. Targets (issue 2): build >= 1,000 operations/s, CreateDeployment <= 50 ms.
 *  - data plane (bench/data-plane.ts): a backend directly, HTTP_PROXY and MOCK through Gatehouse
 *    under wrk, or autocannon when wrk is not installed (BENCH_LOAD_GENERATOR=autocannon forces
 *    it). Targets (issue 3): see DATA_PLANE_TARGETS. bench/profile.ts profiles Gatehouse under
 *    the same load.
 *  - functions (bench/functions.ts): warm AWS_PROXY invocations of a trivial Node.js and Python
 *    handler through Gatehouse, CPU across Gatehouse and its function processes, and cold starts.
 *    Targets (issue 4): see FUNCTIONS_TARGETS.
 *  - dr (bench/dr.ts, `--only dr`): disaster recovery on a generated estate: capture, plan,
 *    failover (RTO), rerun, and the RPO `watch` sustains in warm standby. Targets (issue 8): DR_TARGETS.
 * Writes bench/results/<timestamp>.json and bench/results/latest.json (git-ignored), holding the
 * parts that ran. Exit code: 1 when Gatehouse could not run a whole workload; missed targets are
 * reported, not failed, so the numbers are always written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPTIONS, runControlPlane, type ControlPlaneResult } from './control-plane.js';
import { DATA_PLANE_OPTIONS, DATA_PLANE_TARGETS, dataPlaneTable, runDataPlane } from './data-plane.js';
import { FUNCTIONS_OPTIONS, FUNCTIONS_TARGETS, functionsTable, runFunctions } from './functions.js';
import { DR_OPTIONS, DR_TARGETS, drTable, runDr } from './dr.js';
import { probeMoto, startGatehouseProcess, startMoto, type BenchServer } from './servers.js';
import { fmt, pad } from './format.js';

const TARGETS = { buildOpsPerSec: 1000, deploymentMs: 50 };
const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

async function measure(start: () => Promise<BenchServer>): Promise<ControlPlaneResult> {
  const server = await start();
  try {
    return await runControlPlane(server, DEFAULT_OPTIONS);
  } finally {
    await server.stop();
  }
}

/** Gatehouse's build ops/s over moto's, only when both ran the whole workload. */
function buildRatio(gatehouse: ControlPlaneResult, moto: ControlPlaneResult | undefined): number | undefined {
  if (!moto || moto.error || gatehouse.error || moto.build.opsPerSec <= 0) return undefined;
  return gatehouse.build.opsPerSec / moto.build.opsPerSec;
}

/** Each target met, missed, or not measured (the workload stopped before that phase finished). */
function targetStatus(g: ControlPlaneResult): { buildOpsPerSec: string; deploymentMs: string } {
  const builtAll = g.build.calls === 1 + 5 * DEFAULT_OPTIONS.resources;
  const deployedAll = g.deployment.latenciesMs.length === DEFAULT_OPTIONS.deployments;
  return {
    buildOpsPerSec: !builtAll ? 'not measured' : g.build.opsPerSec >= TARGETS.buildOpsPerSec ? 'met' : 'MISSED',
    deploymentMs: !deployedAll ? 'not measured' : g.deployment.medianMs <= TARGETS.deploymentMs ? 'met' : 'MISSED',
  };
}

function table(gatehouse: ControlPlaneResult, moto: ControlPlaneResult | undefined, motoSkip: string | undefined): string {
  const ratio = buildRatio(gatehouse, moto);
  const ceiling = (r: ControlPlaneResult | undefined) => (r?.build.serverCpuMsPerOp ? 1000 / r.build.serverCpuMsPerOp : undefined);
  const ops = (r: ControlPlaneResult | undefined) => (r && r.build.calls > 0 ? r.build.opsPerSec : undefined);
  const deployMs = (r: ControlPlaneResult | undefined) => (r && r.deployment.latenciesMs.length > 0 ? r.deployment.medianMs : undefined);
  // moto answers GetResources with every resource at once, whatever the limit: say so beside its numbers.
  const pages = (r: ControlPlaneResult) =>
    `${fmt(r.getResources.ms, 1)} (${r.getResources.pages} page${r.getResources.pages === 1 ? '' : 's'}${r.getResources.pages === 1 && r.getResources.items > DEFAULT_OPTIONS.pageSize ? ', limit ignored' : ''})`;
  const targets = targetStatus(gatehouse);
  const rows: string[][] = [
    ['', 'Gatehouse', 'moto', 'Gatehouse/moto', 'target'],
    [
      'build, ops/s',
      fmt(ops(gatehouse)),
      fmt(ops(moto)),
      ratio === undefined ? '-' : `${ratio.toFixed(2)}x`,
      `>= ${TARGETS.buildOpsPerSec}: ${targets.buildOpsPerSec}`,
    ],
    ['build, calls / ms', `${gatehouse.build.calls} / ${fmt(gatehouse.build.ms, 0)}`, moto ? `${moto.build.calls} / ${fmt(moto.build.ms, 0)}` : '-', '', ''],
    ['server CPU, ms/op', fmt(gatehouse.build.serverCpuMsPerOp, 3), fmt(moto?.build.serverCpuMsPerOp, 3), '', ''],
    ['client (SDK) CPU, ms/op', fmt(gatehouse.build.clientCpuMsPerOp, 3), fmt(moto?.build.clientCpuMsPerOp, 3), '', ''],
    // Derived, not measured: the rate the server alone could sustain if the client cost nothing.
    ['server-bound ceiling, ops/s (derived)', fmt(ceiling(gatehouse), 0), fmt(ceiling(moto), 0), '', ''],
    [
      'CreateDeployment, median ms',
      fmt(deployMs(gatehouse), 2),
      fmt(deployMs(moto), 2),
      '',
      `<= ${TARGETS.deploymentMs}: ${targets.deploymentMs}`,
    ],
    ['GetResources embed=methods, ms', pages(gatehouse), moto ? pages(moto) : '-', '', ''],
    ['  resources / with embedded GET', `${gatehouse.getResources.items} / ${gatehouse.getResources.withEmbeddedGet}`, moto ? `${moto.getResources.items} / ${moto.getResources.withEmbeddedGet}` : '-', '', ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 2);
  const lines = rows.map((r) => r.map((cell, i) => pad(cell, widths[i])).join('').trimEnd());
  if (gatehouse.error) lines.push(`Gatehouse did not complete the workload: ${gatehouse.error}`);
  if (moto?.error) lines.push(`moto did not complete the workload: ${moto.error}`);
  if (motoSkip) lines.push(`moto skipped: ${motoSkip}`);
  return lines.join('\n');
}

type Part = 'control-plane' | 'data-plane' | 'functions' | 'dr';

/** `--only control-plane` / `data-plane` / `functions` (also `--only=...`); every part by default. */
function partsToRun(argv: string[]): Part[] {
  const all: Part[] = ['control-plane', 'data-plane', 'functions', 'dr'];
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return all;
  const value = argv[i].startsWith('--only=') ? argv[i].slice('--only='.length) : argv[i + 1];
  if (!all.includes(value as Part)) {
    console.error(`npm run bench: --only takes ${all.join(', ')}, not '${value ?? ''}'`);
    process.exit(2);
  }
  return [value as Part];
}

/** The control-plane part: prints its table, returns its section of the report. */
async function controlPlanePart(): Promise<{ report: Record<string, unknown>; failed: boolean }> {
  const o = DEFAULT_OPTIONS;
  console.log(
    `Control plane: one REST API, ${o.resources} resources x (CreateResource, PutMethod, PutIntegration MOCK, PutMethodResponse, PutIntegrationResponse),` +
      ` sequential, genuine @aws-sdk/client-api-gateway; then ${o.deployments} CreateDeployment; then GetResources embed=methods (limit ${o.pageSize}).`,
  );
  console.log(
    'Each server runs as its own child process (Gatehouse as `npm start` runs it, SQLite in a temp dir); server CPU is that process\'s ' +
      'user+system time from /proc/<pid>/stat over the build phase, divided by its calls, nothing subtracted; ' +
      'client CPU is this process\'s (the SDK\'s signing and parsing), from process.cpuUsage(). ' +
      `A ${o.warmupResources}-resource warm-up API is built first and not timed.\n`,
  );

  console.log('Gatehouse ...');
  let gatehouse: ControlPlaneResult;
  try {
    gatehouse = await measure(startGatehouseProcess);
  } catch (err) {
    gatehouse = {
      server: 'Gatehouse',
      build: { calls: 0, ms: 0, opsPerSec: 0 },
      deployment: { latenciesMs: [], medianMs: NaN },
      getResources: { pages: 0, items: 0, withEmbeddedGet: 0, ms: 0 },
      error: `could not start: ${(err as Error).message}`,
    };
  }

  let moto: ControlPlaneResult | undefined;
  let motoSkip: string | undefined;
  let motoVersion: string | undefined;
  const probe = probeMoto();
  if ('skip' in probe) motoSkip = probe.skip;
  else {
    motoVersion = probe.version;
    console.log(`moto ${probe.version} ...`);
    try {
      moto = await measure(() => startMoto(probe.python));
    } catch (err) {
      motoSkip = `moto's server did not start: ${(err as Error).message}`;
    }
  }

  console.log('');
  console.log(table(gatehouse, moto, motoSkip));
  console.log(`\nDeployment latencies (ms): Gatehouse ${gatehouse.deployment.latenciesMs.join(', ') || '-'}; moto ${moto?.deployment.latenciesMs.join(', ') || '-'}`);
  return {
    report: {
      workload: DEFAULT_OPTIONS,
      targets: TARGETS,
      gatehouse,
      moto: moto ?? null,
      motoVersion: motoVersion ?? null,
      motoSkipped: motoSkip ?? null,
      gatehouseToMotoBuildRatio: buildRatio(gatehouse, moto) ?? null,
      targetStatus: targetStatus(gatehouse),
    },
    failed: !!gatehouse.error,
  };
}

/** The data-plane part: prints its table, returns its section of the report. */
async function dataPlanePart(): Promise<{ report: Record<string, unknown>; failed: boolean }> {
  console.log(
    'Data plane: a trivial node:http backend (keep-alive, small JSON answer) and Gatehouse (as `npm start` runs it), each its own child process; ' +
      'one REST API with ANY /proxy/{proxy+} (HTTP_PROXY to the backend) and GET /mock (MOCK, response template with $context and $input.params()). ' +
      'Gatehouse CPU per request: its user+system time from /proc over the measured run / requests answered.',
  );
  const result = await runDataPlane({ ...DATA_PLANE_OPTIONS, floor: process.argv.includes('--floor') });
  const o = result.options;
  console.log(
    `\nLoad generator: ${result.loadGenerator.version}${result.loadGenerator.name === 'wrk' ? ' (1 thread)' : process.env.BENCH_LOAD_GENERATOR === 'autocannon' ? ' (in this process, as BENCH_LOAD_GENERATOR asks)' : ' (in this process; wrk is not installed)'}; ` +
      `${o.connections} connections, ${o.durationS} s per target after a ${o.warmupS} s warm-up; then ${o.singleConnectionS} s at 1 connection.\n`,
  );
  console.log(dataPlaneTable(result));
  return { report: { targets: DATA_PLANE_TARGETS, ...result }, failed: !!result.error };
}

/** The functions part: prints its table, returns its section of the report. */
async function functionsPart(): Promise<{ report: Record<string, unknown>; failed: boolean }> {
  const o = FUNCTIONS_OPTIONS;
  console.log(
    'Functions: Gatehouse (as `npm start` runs it) with two functions made through @aws-sdk/client-lambda, a Node.js (nodejs20.x) and a Python (python3.12) handler ' +
      "each answering {statusCode: 200, body: 'ok'}, called through AWS_PROXY methods (GET /node, GET /python); the bench backend (node:http) directly as the reference. " +
      'CPU per request: user+system time from /proc of Gatehouse and all its descendants (the function environments) over the measured run / requests answered.',
  );
  const result = await runFunctions(o);
  console.log(
    `\nLoad generator: ${result.loadGenerator.version}${result.loadGenerator.name === 'wrk' ? ' (1 thread)' : ' (in this process)'}; ` +
      `${o.connections} connections, ${o.durationS} s per target after a ${o.warmupS} s warm-up; ${o.coldStarts} cold starts per runtime.\n`,
  );
  console.log(functionsTable(result));
  return { report: { targets: FUNCTIONS_TARGETS, ...result }, failed: !!result.error };
}

/** The disaster-recovery part: prints its table, returns its section of the report. */
async function drPart(): Promise<{ report: Record<string, unknown>; failed: boolean }> {
  const o = DR_OPTIONS;
  console.log(
    `Disaster recovery: one Gatehouse (as \`npm start\` runs it) holds the source estate in us-east-1/111111111111 and is the target in us-west-2/222222222222; ` +
      `the engine runs in this process and reaches both through the SDK clients only. Estate: ${o.restApis} REST APIs x ${o.resourcesPerApi} resources (GET, MOCK or HTTP), ` +
      `a prod stage each, ${o.apiKeys} API keys in ${o.usagePlans} usage plans (one stage each), ${o.httpApis} HTTP APIs (${o.routesPerHttpApi} routes) when the apigatewayv2 types are registered. ` +
      `The RPO is the worst age of the state the target holds while watch (warm standby) runs and the source changes ${o.changesPerSecond}/s.`,
  );
  const result = await runDr((line) => console.log(line));
  if (result.estate.httpApisLeftOut) console.log(`HTTP APIs left out: ${result.estate.httpApisLeftOut}.`);
  console.log(`\nEstate: ${result.estate.restApis} REST APIs, ${result.estate.resources} resources, ${result.estate.methods} methods, ${result.estate.httpApis} HTTP APIs, ${result.estate.apiKeys} keys, ${result.estate.usagePlans} plans (built in ${result.estate.buildS.toFixed(1)} s).\n`);
  console.log(drTable(result));
  return { report: { targets: DR_TARGETS, ...result }, failed: !!result.error };
}

async function main(): Promise<void> {
  const wallStart = Date.now();
  const parts = partsToRun(process.argv.slice(2));
  const report: Record<string, unknown> = {
    timestamp: new Date().toISOString(),
    wallSeconds: 0,
    machine: { node: process.version, platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model, cpus: cpus().length },
  };
  let failed = false;
  if (parts.includes('control-plane')) {
    const part = await controlPlanePart();
    report.controlPlane = part.report;
    failed ||= part.failed;
  }
  if (parts.includes('data-plane')) {
    if (parts.length > 1) console.log('');
    const part = await dataPlanePart();
    report.dataPlane = part.report;
    failed ||= part.failed;
  }
  if (parts.includes('functions')) {
    if (parts.length > 1) console.log('');
    const part = await functionsPart();
    report.functions = part.report;
    failed ||= part.failed;
  }
  if (parts.includes('dr')) {
    if (parts.length > 1) console.log('');
    const part = await drPart();
    report.dr = part.report;
    failed ||= part.failed;
  }
  report.wallSeconds = (Date.now() - wallStart) / 1000;

  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  const file = join(RESULTS_DIR, `${(report.timestamp as string).replace(/:/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  console.log(`\nResults: ${file} (and bench/results/latest.json), ${(report.wallSeconds as number).toFixed(1)} s in all.`);
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
