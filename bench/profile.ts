/**
 * Profiles Gatehouse under the data-plane benchmark's load: Gatehouse started as `npm start`
 * starts it plus `node --cpu-prof`, the bench API deployed, a warm-up, then the measured load on
 * one target; the profile is written when Gatehouse exits and summarised over the measured
 * window only (start-up, deployment and warm-up left out).
 *
 *   npx tsx bench/profile.ts [proxy|mock ...] [--duration 10] [--connections 50]
 *
 * Profiles are kept in bench/results/profiles/ (open them in Chrome DevTools > Performance).
 * The profiler itself costs throughput: compare where the time goes, not the req/s. Samples are
 * counted (each one sampling interval), not timed, so time the process spent descheduled is not
 * charged to whatever it was doing (profile-summary.ts, `bySamples`).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTargets, deployBenchApi } from './bench-api.js';
import { liftAccountThrottle } from './data-plane-usage.js';
import { loadGenerator } from './load.js';
import { formatSummary, summarise, type CpuProfile } from './profile-summary.js';
import { startBackendProcess, startGatehouseProcess, type BenchServer } from './servers.js';
import { numberFlag } from './format.js';

const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results', 'profiles');
type Target = 'proxy' | 'mock';

/** CLOCK_MONOTONIC in microseconds: the clock V8 stamps profile samples with on Linux. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function profile(target: Target, durationS: number, connections: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cpuprof-'));
  const gen = await loadGenerator();
  const started: BenchServer[] = [];
  try {
    const backend = await startBackendProcess();
    started.push(backend);
    const gatehouse = await startGatehouseProcess(['--cpu-prof', '--cpu-prof-dir', dir]);
    started.push(gatehouse);
    const api = await deployBenchApi(gatehouse.url, backend.url);
    // Past AWS's account limit (10,000 req/s), which Gatehouse enforces, requests would be answered 429.
    await liftAccountThrottle(gatehouse.url);
    await checkTargets(`${backend.url}/hello`, api, gatehouse.log);
    const url = target === 'proxy' ? api.proxyUrl : api.mockUrl;
    await gen.run({ url, connections, durationS: 2 });
    const cpu0 = gatehouse.cpuMs();
    const fromUs = nowUs();
    const load = await gen.run({ url, connections, durationS });
    const toUs = nowUs();
    const cpu1 = gatehouse.cpuMs();
    for (const server of started.splice(0).reverse()) await server.stop();

    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('Gatehouse wrote no .cpuprofile (did it exit through process.exit?)');
    mkdirSync(PROFILES_DIR, { recursive: true });
    const kept = join(PROFILES_DIR, `${target}-${new Date().toISOString().replace(/:/g, '-')}.cpuprofile`);
    renameSync(join(dir, file), kept);
    const data = JSON.parse(readFileSync(kept, 'utf8')) as CpuProfile;
    const cpuUsPerReq = cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / load.requests : undefined;
    const cpuUs = cpuUsPerReq === undefined ? '-' : cpuUsPerReq.toFixed(1);
    console.log(`\n=== ${target === 'proxy' ? 'HTTP_PROXY' : 'MOCK'} under ${gen.name}, ${connections} connections, ${durationS} s (profiled) ===`);
    console.log(`${Math.round(load.reqPerSec)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, Gatehouse CPU ${cpuUs} us/req (with the profiler on)`);
    console.log(`profile: ${kept}`);
    console.log(formatSummary(summarise(data, { fromUs, toUs, top: 30, bySamples: true }), cpuUsPerReq));
  } finally {
    for (const server of started.reverse()) await server.stop();
    gen.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => numberFlag(argv, name, fallback);
  const targets = argv.filter((a): a is Target => a === 'proxy' || a === 'mock');
  for (const target of targets.length ? targets : (['proxy', 'mock'] as Target[])) {
    await profile(target, flag('--duration', 10), flag('--connections', 50));
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
