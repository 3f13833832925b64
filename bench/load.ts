/**
 * The HTTP load generator the data-plane benchmark drives: wrk when it is installed (C, its own
 * process, microsecond latency histogram), else autocannon (in this process; its histogram
 * records whole milliseconds). Same settings for every target: fixed connections, fixed duration.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  reqPerSec: number;
  /** Latency percentiles in milliseconds. autocannon's are whole milliseconds. */
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** Connect/read/write/timeout errors, and answers that were not 2xx/3xx. */
  errors: number;
  non2xx: number;
}

export interface LoadGenerator {
  name: 'wrk' | 'autocannon';
  version: string;
  /** Latency resolution in ms (what the histogram can tell apart). */
  resolutionMs: number;
  run(options: LoadOptions): Promise<LoadResult>;
  close(): void;
}

/**
 * wrk when `which wrk` finds it, autocannon otherwise; BENCH_LOAD_GENERATOR=autocannon forces
 * autocannon (to compare the two, or to check the fallback where wrk is installed).
 */
export async function loadGenerator(): Promise<LoadGenerator> {
  if (process.env.BENCH_LOAD_GENERATOR === 'autocannon') return autocannon();
  const which = spawnSync('which', ['wrk'], { encoding: 'utf8' });
  const path = which.status === 0 ? which.stdout.trim() : '';
  if (path) return wrk(path);
  return autocannon();
}

// wrk calls done() once, after every thread has finished; latency is in microseconds.
const WRK_REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"mean":%.3f,"max":%d}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;

function wrk(path: string): LoadGenerator {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-wrk-'));
  const script = join(dir, 'report.lua');
  writeFileSync(script, WRK_REPORT);
  const version = (spawnSync(path, ['-v'], { encoding: 'utf8' }).stdout || '').split('\n')[0].split(' [')[0].trim() || 'wrk';
  return {
    name: 'wrk',
    version,
    resolutionMs: 0.001,
    close: () => rmSync(dir, { recursive: true, force: true }),
    run: (o) =>
      new Promise((resolve, reject) => {
        const args = ['-t', '1', '-c', String(o.connections), '-d', `${o.durationS}s`, '-s', script];
        for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}: ${v}`);
        args.push(o.url);
        const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
        child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
        child.once('error', reject);
        child.once('exit', (code) => {
          const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
          if (code !== 0 || !line) return reject(new Error(`wrk exited with code ${code}:\n${out.slice(-2000)}`));
          const r = JSON.parse(line.slice('WRK_JSON '.length));
          const durationS = r.durationUs / 1e6;
          const ms = (us: number) => us / 1000;
          const socketErrors = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
          resolve({
            requests: r.requests,
            durationS,
            reqPerSec: r.requests / durationS,
            latencyMs: { p50: ms(r.latencyUs.p50), p90: ms(r.latencyUs.p90), p99: ms(r.latencyUs.p99), mean: ms(r.latencyUs.mean), max: ms(r.latencyUs.max) },
            errors: socketErrors,
            non2xx: r.errors.status,
          });
        });
      }),
  };
}

async function autocannon(): Promise<LoadGenerator> {
  // autocannon ships no types; AutocannonResult below describes the part of its answer we read.
  const specifier = 'autocannon';
  const mod = await import(specifier);
  const run = mod.default as (opts: Record<string, unknown>) => Promise<AutocannonResult>;
  const { createRequire } = await import('node:module');
  const version = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
  return {
    name: 'autocannon',
    version: `autocannon ${version}`,
    resolutionMs: 1,
    close: () => {},
    run: async (o) => {
      const r = await run({ url: o.url, connections: o.connections, duration: o.durationS, headers: o.headers ?? {} });
      const durationS = r.duration;
      return {
        requests: r.requests.total,
        durationS,
        reqPerSec: r.requests.total / durationS,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, max: r.latency.max },
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      };
    },
  };
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
}
