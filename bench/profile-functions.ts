/**
 * Profiles Gatehouse under the functions benchmark's load (bench/functions.ts): Gatehouse started
 * with `node --cpu-prof`, the two functions and their AWS_PROXY API set up, a warm-up, then the
 * measured load on one handler; the profile is summarised over the measured window only. The
 * function processes are not profiled (their CPU is printed beside: /proc, Gatehouse's descendants).
 *
 *   npx tsx bench/profile-functions.ts [node|python ...] [--duration 10] [--connections 50]
 *
 * Profiles are kept in bench/results/profiles/. The profiler itself costs throughput: compare
 * where the time goes, not the req/s.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUpFunctions, treeCpuMs } from './functions.js';
import { loadGenerator } from './load.js';
import { formatSummary, summarise, type CpuProfile } from './profile-summary.js';
import { startGatehouseProcess, type BenchServer } from './servers.js';
import { numberFlag } from './format.js';

const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results', 'profiles');
type Target = 'node' | 'python';

/** CLOCK_MONOTONIC in microseconds: the clock V8 stamps profile samples with on Linux. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function profile(target: Target, durationS: number, connections: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cpuprof-'));
  const gen = await loadGenerator();
  let gatehouse: BenchServer | undefined;
  try {
    gatehouse = await startGatehouseProcess(['--cpu-prof', '--cpu-prof-dir', dir]);
    const { bench, urls } = await setUpFunctions(gatehouse);
    bench.lambda.destroy();
    bench.apigateway.destroy();
    const url = urls[target];
    await gen.run({ url, connections, durationS: 3 });
    const cpu0 = treeCpuMs(gatehouse.pid);
    const fromUs = nowUs();
    const load = await gen.run({ url, connections, durationS });
    const toUs = nowUs();
    const cpu1 = treeCpuMs(gatehouse.pid);
    await gatehouse.stop();
    gatehouse = undefined;

    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('Gatehouse wrote no .cpuprofile');
    mkdirSync(PROFILES_DIR, { recursive: true });
    const kept = join(PROFILES_DIR, `functions-${target}-${new Date().toISOString().replace(/:/g, '-')}.cpuprofile`);
    renameSync(join(dir, file), kept);
    const data = JSON.parse(readFileSync(kept, 'utf8')) as CpuProfile;
    const perReq = (ms: number) => ((ms * 1000) / load.requests).toFixed(1);
    const gatehouseUs = cpu0 && cpu1 ? ((cpu1.root - cpu0.root) * 1000) / load.requests : undefined;
    console.log(`\n=== ${target} handler via AWS_PROXY under ${gen.name}, ${connections} connections, ${durationS} s (profiled) ===`);
    console.log(
      `${Math.round(load.reqPerSec)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms; CPU us/req (profiler on): ` +
        (cpu0 && cpu1 ? `Gatehouse ${perReq(cpu1.root - cpu0.root)}, function processes ${perReq(cpu1.descendants - cpu0.descendants)}` : '-'),
    );
    console.log(`profile: ${kept}`);
    console.log(formatSummary(summarise(data, { fromUs, toUs, top: 30, bySamples: true }), gatehouseUs));
  } finally {
    await gatehouse?.stop();
    gen.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => numberFlag(argv, name, fallback);
  const targets = argv.filter((a): a is Target => a === 'node' || a === 'python');
  for (const target of targets.length ? targets : (['node', 'python'] as Target[])) {
    await profile(target, flag('--duration', 10), flag('--connections', 50));
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
