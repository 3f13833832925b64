/**
 * The servers the benchmark measures, each as its own child process so the client's work is not
 * counted as the server's: Gatehouse exactly as `npm start` runs it (SQLite in a temporary data
 * directory), and moto's server when moto is installed. A server's CPU time is read from
 * /proc/<pid>/stat (Linux; user + system time of all its threads). Gatehouse has no
 * /_gatehouse/ endpoint reporting its own CPU time, and /proc needs none.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

export interface BenchServer {
  name: string;
  url: string;
  pid: number;
  /** User + system CPU time of the server process so far, in ms; undefined where /proc is absent. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
  /** The last few KB the process wrote to stdout and stderr (for error reports). */
  log?(): string;
}

export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** User + system CPU time, in ms, of this process's children that have exited and been waited for (wrk). */
export function exitedChildrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 (proc(5)).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/**
 * CPU time the whole machine spent so far, in ms summed over its CPUs (/proc/stat): busy (user,
 * nice, system, irq, softirq) and stolen by the hypervisor. Busy minus the processes we know shows
 * whether something else ran during a measurement; steal, whether the host took the CPUs away.
 */
export function machineCpuMs(): { busy: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: ((user + nice + system + irq + softirq) * 1000) / CLK_TCK, steal: ((steal || 0) * 1000) / CLK_TCK };
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/** Stops a child we started: SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Polls until `url` answers any HTTP status, or the child dies, or the deadline passes. */
async function waitForHttp(url: string, child: ChildProcess, what: string, log: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before answering:\n${log()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function capture(child: ChildProcess): () => string {
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out;
}

/**
 * Gatehouse as `npm start` runs it, on a free port, with a throw-away data directory.
 * `nodeArgs` go to node before the script (the profiler: `--cpu-prof`, written when it exits).
 */
export async function startGatehouseProcess(nodeArgs: string[] = []): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, 'bin/gatehouse.js', '--port', '0', '--data-dir', dataDir, '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEHOUSE_AUTH: 'permissive' },
  });
  const log = capture(child);
  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child, 'Gatehouse', log);
    await waitForHttp(`${url}/_gatehouse/health`, child, 'Gatehouse', log);
    return { name: 'Gatehouse', url, pid: child.pid!, cpuMs: () => processCpuMs(child.pid!), stop, log };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The URL a child prints in its "listening on http://..." line; fails if it exits or stays silent for 30 s. */
function listeningUrl(child: ChildProcess, what: string, log: () => string): Promise<string> {
  return new Promise<string>((found, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not report its address within 30 s:\n${log()}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(log());
      if (m) {
        clearTimeout(timer);
        found(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code}:\n${log()}`));
    });
  });
}

/**
 * A helper server of the data-plane benchmark, its own process: the upstream (bench/backend.ts)
 * or the floor proxy (bench/floor-proxy.ts, `args` its upstream). Its stdin is our pipe, so it
 * exits when we do, even when we are killed. A server that closed idle keep-alive sockets early
 * would make the proxy reconnect and measure that instead.
 */
async function startHelperProcess(name: string, script: string, args: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = capture(child);
  try {
    const url = await listeningUrl(child, `the ${name}`, log);
    return { name, url, pid: child.pid!, cpuMs: () => processCpuMs(child.pid!), stop: () => stopChild(child), log };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

export const startBackendProcess = () => startHelperProcess('backend', 'bench/backend.ts');
export const startFloorProxyProcess = (upstream: string) => startHelperProcess('floor proxy', 'bench/floor-proxy.ts', [upstream]);

/** Why moto cannot be measured here, or its interpreter and version when it can. */
export function probeMoto(): { python: string; version: string } | { skip: string } {
  const probe = spawnSync('python3', ['-c', 'import sys, moto, moto.server; print(sys.executable); print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error) return { skip: `python3 is not available (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})` };
  if (probe.status !== 0) return { skip: `moto is not importable: ${(probe.stderr || '').trim().split('\n').pop()}` };
  const [python, version] = probe.stdout.trim().split('\n');
  return { python, version };
}

/** moto's standalone server bound to 127.0.0.1 on a free port (its interpreter run directly, so the pid is moto's). */
export async function startMoto(python: string): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = capture(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/moto-api/`, child, 'moto', log);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { name: 'moto', url, pid: child.pid!, cpuMs: () => processCpuMs(child.pid!), stop: () => stopChild(child) };
}
