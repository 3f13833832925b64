// One execution environment: a child process speaking the Runtime API to its own listener.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { exitPayload, invalidEntrypointPayload, timeoutPayload } from './errors.ts';
import { RuntimeApi, type RuntimeOutcome } from './runtime-api.ts';
import { BOOTSTRAP_DIR, type Launch } from './runtimes.ts';
import type { FunctionSpec, InvokeResult } from './spec.ts';

/** Lambda's LogResult is the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;
/** Lambda gives the init phase 10 s of its own before the invoke's timeout applies. */
const INIT_LIMIT_MS = 10_000;
/**
 * The process's peak memory (REPORT's Max Memory Used) is read from /proc at most this often: an
 * open/read/close per invocation cost more CPU than the rest of the invocation's bookkeeping.
 * The peak only grows, so a reading this old is at most this much behind.
 */
const MEMORY_READ_INTERVAL_MS = 1000;

export interface EnvironmentOptions {
  region: string;
  /** Every line the environment logs (the function's log stream). */
  onLog(text: string): void;
}

interface Invocation {
  requestId: string;
  log: string;
  startedAt: number;
  deliveredAt?: number;
  /** The first invocation of the environment: its REPORT carries the Init Duration. */
  cold: boolean;
  timer?: NodeJS.Timeout;
  /** An outcome is decided (the first one wins: answer, timeout, exit or init error). */
  settling: boolean;
  /** END and REPORT are written; later output belongs to the next invocation. */
  done: boolean;
  resolve(result: InvokeResult): void;
}

export class Environment {
  readonly spec: FunctionSpec;
  readonly #launch: Launch;
  readonly #options: EnvironmentOptions;
  readonly #api: RuntimeApi;
  #child: ChildProcess | undefined;
  #alive = true;
  #entrypointError: string | undefined;
  #initError: RuntimeOutcome | undefined;
  #spawnedAt = 0;
  #initDurationMs: number | undefined;
  #pendingLog = '';
  #current: Invocation | undefined;
  #maxMemoryMb = 0;
  #memoryReadAt = -Infinity;

  private constructor(spec: FunctionSpec, launch: Launch, options: EnvironmentOptions) {
    this.spec = spec;
    this.#launch = launch;
    this.#options = options;
    this.#api = new RuntimeApi({
      onInitError: (outcome) => this.#onInitError(outcome),
      onDelivered: (requestId, deadlineMs) => this.#onDelivered(requestId, deadlineMs),
    });
  }

  /** Starts the listener and the runtime process (the init phase runs while the first event waits). */
  static async start(spec: FunctionSpec, launch: Launch, options: EnvironmentOptions): Promise<Environment> {
    const environment = new Environment(spec, launch, options);
    await environment.#spawn();
    return environment;
  }

  get alive(): boolean {
    return this.#alive;
  }

  invoke(payload: Buffer, requestId: string, traceId: string, invokedFunctionArn: string): Promise<InvokeResult> {
    if (this.#current && !this.#current.done) throw new Error('environment busy');
    return new Promise<InvokeResult>((resolve) => {
      const invocation: Invocation = { requestId, log: this.#pendingLog, startedAt: performance.now(), cold: this.#initDurationMs === undefined, settling: false, done: false, resolve };
      this.#pendingLog = '';
      this.#current = invocation;
      this.#write(`START RequestId: ${requestId} Version: ${this.spec.version}\n`);
      if (this.#entrypointError !== undefined) {
        void this.#finish(invocation, invalidEntrypointPayload(requestId, this.spec.codeDir, this.#entrypointError), true);
        return;
      }
      if (!this.#alive) {
        void this.#finish(invocation, exitPayload(requestId, null, 'SIGKILL'), true);
        return;
      }
      if (this.#initDurationMs === undefined) {
        // A runtime that never asks for its first event is stuck in init.
        invocation.timer = setTimeout(() => this.#timeout(invocation), INIT_LIMIT_MS + this.spec.timeoutSeconds * 1000);
      }
      this.#api
        .deliver({ requestId, timeoutMs: this.spec.timeoutSeconds * 1000, invokedFunctionArn, traceId, payload })
        .then((outcome) => this.#finish(invocation, outcome.body, outcome.kind === 'error'));
    });
  }

  /** Stops the process and the listener. */
  async kill(): Promise<void> {
    this.#alive = false;
    const child = this.#child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      // The process group: a `provided` bootstrap may have children (curl, its own server).
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    await this.#api.close();
  }

  async #spawn(): Promise<void> {
    // Gatehouse's own bootstraps speak the Runtime API over a Unix socket too (runtime-api.ts).
    const address = await this.#api.listen(this.#launch.family !== 'provided');
    if (this.#launch.family === 'provided') {
      try {
        accessSync(this.#launch.command, constants.X_OK);
      } catch (error) {
        this.#entrypointError = (error as NodeJS.ErrnoException).code ?? 'not executable';
        this.#alive = false;
        await this.#api.close();
        return;
      }
    }
    this.#spawnedAt = performance.now();
    const child = spawn(this.#launch.command, this.#launch.args, {
      cwd: this.spec.codeDir,
      env: this.#variables(address),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.#child = child;
    child.stdout.setEncoding('utf8').on('data', (text: string) => this.#write(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => this.#write(text));
    child.on('error', (error) => {
      this.#write(`${error.message}\n`);
      this.#onExit(null, null);
    });
    child.on('exit', (code, signal) => this.#onExit(code, signal));
  }

  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
  // Built from scratch, not inherited: Gatehouse's own environment (its credentials) stays out.
  #variables(address: string): Record<string, string> {
    const spec = this.spec;
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    return {
      // Variables the user may override.
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...(this.#launch.family === 'python' ? { PYTHONUNBUFFERED: '1' } : {}),
      ...spec.environment,
      // Reserved variables.
      AWS_LAMBDA_RUNTIME_API: address,
      AWS_LAMBDA_FUNCTION_NAME: spec.name,
      AWS_LAMBDA_FUNCTION_VERSION: spec.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[${spec.version}]${randomBytes(16).toString('hex')}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: this.#options.region,
      AWS_DEFAULT_REGION: this.#options.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
      _HANDLER: spec.handler,
      LAMBDA_TASK_ROOT: spec.codeDir,
      LAMBDA_RUNTIME_DIR: BOOTSTRAP_DIR,
      // Dummy credentials: SDK clients in the function find some, and none of Gatehouse's.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'gatehouse-local-session-token',
      // Read and removed by the bootstrap before the handler loads.
      ...(this.#api.unixPath !== undefined ? { GATEHOUSE_RUNTIME_SOCKET: this.#api.unixPath } : {}),
    };
  }

  #write(text: string): void {
    if (this.#current && !this.#current.done) this.#current.log += text;
    else this.#pendingLog += text;
    this.#options.onLog(text);
  }

  #onDelivered(requestId: string, deadlineMs: number): void {
    const invocation = this.#current;
    if (!invocation || invocation.requestId !== requestId || invocation.settling) return;
    invocation.deliveredAt = performance.now();
    if (this.#initDurationMs === undefined) this.#initDurationMs = invocation.deliveredAt - this.#spawnedAt;
    clearTimeout(invocation.timer);
    invocation.timer = setTimeout(() => this.#timeout(invocation), Math.max(0, deadlineMs - Date.now()));
  }

  #timeout(invocation: Invocation): void {
    if (invocation.settling) return;
    const seconds = this.spec.timeoutSeconds;
    this.#write(`${new Date().toISOString()} ${invocation.requestId} Task timed out after ${seconds.toFixed(2)} seconds\n`);
    // Lambda stops the environment of a timed-out invocation; the next one starts a fresh one.
    void this.kill();
    void this.#finish(invocation, timeoutPayload(invocation.requestId, seconds), true);
  }

  #onInitError(outcome: RuntimeOutcome): void {
    this.#initError = outcome;
    const invocation = this.#current;
    if (invocation) void this.#finish(invocation, outcome.body, true);
    void this.kill();
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.#alive && !this.#current) return;
    this.#alive = false;
    const invocation = this.#current;
    if (invocation && !invocation.settling) {
      const body = this.#initError?.body ?? exitPayload(invocation.requestId, code, signal);
      void this.#finish(invocation, body, true);
    }
    void this.#api.close();
  }

  async #finish(invocation: Invocation, payload: Buffer, failed: boolean): Promise<void> {
    if (invocation.settling) return;
    invocation.settling = true;
    clearTimeout(invocation.timer);
    this.#api.abandon(invocation.requestId);
    const endedAt = performance.now();
    // Output written just before the answer may still sit in the pipes: read it first.
    await new Promise((resolve) => setImmediate(resolve));
    const durationMs = endedAt - (invocation.deliveredAt ?? invocation.startedAt);
    const maxMemoryMb = this.#maxMemoryUsedMb();
    const initDuration = invocation.cold && this.#initDurationMs !== undefined ? `\tInit Duration: ${this.#initDurationMs.toFixed(2)} ms` : '';
    // END and REPORT in one piece: one append to the logs instead of two.
    this.#write(
      `END RequestId: ${invocation.requestId}\n` +
        `REPORT RequestId: ${invocation.requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms` +
        `\tMemory Size: ${this.spec.memorySize} MB\tMax Memory Used: ${maxMemoryMb} MB${initDuration}\t\n`,
    );
    invocation.done = true;
    invocation.resolve({
      payload,
      ...(failed ? { functionError: 'Unhandled' as const } : {}),
      logTail: logTail(invocation.log),
      durationMs,
    });
  }

  // The process's peak resident set (Linux), read at most once a MEMORY_READ_INTERVAL_MS; 0 where /proc is not there.
  #maxMemoryUsedMb(): number {
    const pid = this.#child?.pid;
    if (pid === undefined || !this.#alive) return 0;
    const now = performance.now();
    if (now - this.#memoryReadAt < MEMORY_READ_INTERVAL_MS) return this.#maxMemoryMb;
    this.#memoryReadAt = now;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.#maxMemoryMb = Math.max(this.#maxMemoryMb, Math.ceil(kb / 1024));
    } catch {
      // the process is gone, or there is no /proc
    }
    return this.#maxMemoryMb;
  }
}

/** The last LOG_TAIL_BYTES of the log, as UTF-8 (a short log is itself: no copy). */
function logTail(log: string): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes.
  if (log.length * 3 <= LOG_TAIL_BYTES || Buffer.byteLength(log) <= LOG_TAIL_BYTES) return log;
  const bytes = Buffer.from(log);
  return bytes.subarray(bytes.length - LOG_TAIL_BYTES).toString('utf8');
}
