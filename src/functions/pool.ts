// The local function runtime: warm environments per function, reused, up to its concurrency.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
import { randomFillSync, randomUUID } from 'node:crypto';
import { Environment } from './environment.ts';
import { FunctionRuntimeError } from './errors.ts';
import { LogBuffer } from './logs.ts';
import { launchFor, type Launch } from './runtimes.ts';
import type { FunctionSpec, InvokeOptions, InvokeResult } from './spec.ts';

export interface FunctionRuntimeOptions {
  /** AWS_REGION of the environments. Default us-east-1. */
  region?: string;
  /** An environment idle this long is stopped. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** How much of each function's log to keep. Default 256 KB. */
  logLimitBytes?: number;
}

const DEFAULT_CONCURRENCY = 10;

/** Everything about one function (by ARN): its environments, under its current spec. */
interface FunctionState {
  /** Identifies the spec; an environment of another key is never handed out again. */
  key: string;
  environments: Set<Environment>;
  idle: Environment[];
  idleTimers: Map<Environment, NodeJS.Timeout>;
  waiting: Array<() => void>;
  logs: LogBuffer;
  /** How environments of the current spec start. */
  launch?: Launch;
}

export class FunctionRuntime {
  readonly #region: string;
  readonly #idleTimeoutMs: number;
  readonly #logLimitBytes: number;
  readonly #functions = new Map<string, FunctionState>();
  #closed = false;

  constructor(options: FunctionRuntimeOptions = {}) {
    this.#region = options.region ?? 'us-east-1';
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60_000;
    this.#logLimitBytes = options.logLimitBytes ?? 256 * 1024;
  }

  async invoke(fn: FunctionSpec, payload: Buffer, opts: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.#closed) throw new FunctionRuntimeError('Closed', 'The function runtime is closed');
    const key = specKey(fn);
    // How to start an environment, looked up once per spec (it throws when the runtime is not there).
    const known = this.#functions.get(fn.arn);
    const launch = known?.key === key && known.launch ? known.launch : launchFor(fn.runtime, fn.codeDir);
    const limit = fn.reservedConcurrency ?? DEFAULT_CONCURRENCY;
    // Reserved concurrency 0 throttles every invocation.
    if (limit <= 0) throw new FunctionRuntimeError('Throttled', 'Rate Exceeded.');
    const state = this.#stateFor(fn, key);
    state.launch = launch;
    const environment = await this.#acquire(state, key, limit, () => Environment.start(fn, launch, {
      region: this.#region,
      onLog: (text) => state.logs.append(text),
    }));
    try {
      return await environment.invoke(
        payload,
        opts.requestId ?? randomUUID(),
        opts.traceId ?? traceId(),
        opts.invokedFunctionArn ?? fn.arn,
      );
    } finally {
      this.#release(state, environment);
    }
  }

  /** The function's recent log (START/END/REPORT and its output), last N KB. */
  logs(arn: string): string {
    return this.#functions.get(arn)?.logs.text() ?? '';
  }

  /** Stops every environment. Invocations in flight answer Runtime.ExitError. */
  async close(): Promise<void> {
    this.#closed = true;
    const all: Promise<void>[] = [];
    for (const state of this.#functions.values()) {
      for (const timer of state.idleTimers.values()) clearTimeout(timer);
      for (const environment of state.environments) all.push(environment.kill());
      state.environments.clear();
      state.idle = [];
      for (const wake of state.waiting.splice(0)) wake();
    }
    await Promise.all(all);
  }

  #stateFor(fn: FunctionSpec, key: string): FunctionState {
    let state = this.#functions.get(fn.arn);
    if (!state) {
      state = { key, environments: new Set(), idle: [], idleTimers: new Map(), waiting: [], logs: new LogBuffer(this.#logLimitBytes) };
      this.#functions.set(fn.arn, state);
    } else if (state.key !== key) {
      // A new configuration or code: idle environments of the old one are stopped now, busy ones
      // when their invocation ends (#release).
      state.key = key;
      for (const environment of state.idle) this.#retire(state, environment);
      state.idle = [];
    }
    return state;
  }

  async #acquire(state: FunctionState, key: string, limit: number, start: () => Promise<Environment>): Promise<Environment> {
    for (;;) {
      if (this.#closed) throw new FunctionRuntimeError('Closed', 'The function runtime is closed');
      const warm = state.key === key ? state.idle.pop() : undefined;
      if (warm) {
        clearTimeout(state.idleTimers.get(warm));
        state.idleTimers.delete(warm);
        if (warm.alive) return warm;
        this.#retire(state, warm);
        continue;
      }
      if (state.environments.size < limit) {
        // Count the environment before it exists, so concurrent callers see the slot taken.
        const placeholder = {} as Environment;
        state.environments.add(placeholder);
        try {
          const environment = await start();
          keys.set(environment, key);
          state.environments.delete(placeholder);
          state.environments.add(environment);
          if (this.#closed) {
            await environment.kill();
            throw new FunctionRuntimeError('Closed', 'The function runtime is closed');
          }
          return environment;
        } catch (error) {
          state.environments.delete(placeholder);
          this.#wakeOne(state);
          throw error;
        }
      }
      await new Promise<void>((resolve) => state.waiting.push(resolve));
    }
  }

  #release(state: FunctionState, environment: Environment): void {
    if (this.#closed) return;
    if (!environment.alive || state.key !== keys.get(environment)) {
      this.#retire(state, environment);
    } else {
      state.idle.push(environment);
      const timer = setTimeout(() => {
        state.idle = state.idle.filter((e) => e !== environment);
        this.#retire(state, environment);
      }, this.#idleTimeoutMs);
      timer.unref();
      state.idleTimers.set(environment, timer);
    }
    this.#wakeOne(state);
  }

  #retire(state: FunctionState, environment: Environment): void {
    clearTimeout(state.idleTimers.get(environment));
    state.idleTimers.delete(environment);
    state.environments.delete(environment);
    void environment.kill();
    this.#wakeOne(state);
  }

  #wakeOne(state: FunctionState): void {
    state.waiting.shift()?.();
  }
}

/** The spec key each environment was started under (computed once, not per invocation). */
const keys = new WeakMap<Environment, string>();

/** Keys of frozen specs (the resolver's, reused across invocations): they cannot change. */
const frozenKeys = new WeakMap<FunctionSpec, string>();

function specKey(fn: FunctionSpec): string {
  const known = frozenKeys.get(fn);
  if (known !== undefined) return known;
  const key = JSON.stringify([fn.version, fn.runtime, fn.handler, fn.codeDir, fn.codeRevision, fn.environment, fn.timeoutSeconds, fn.memorySize]);
  if (Object.isFrozen(fn) && Object.isFrozen(fn.environment)) frozenKeys.set(fn, key);
  return key;
}

// https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
function traceId(): string {
  const time = Math.floor(Date.now() / 1000).toString(16);
  const hex = randomHex(20);
  return `Root=1-${time}-${hex.slice(0, 24)};Parent=${hex.slice(24)};Sampled=0`;
}

// Random bytes drawn from a pool filled 4 KB at a time: two randomBytes() calls per invocation
// were a visible share of its CPU.
const RANDOM_POOL = Buffer.alloc(4096);
let randomOffset = RANDOM_POOL.length;

function randomHex(bytes: number): string {
  if (randomOffset + bytes > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return RANDOM_POOL.toString('hex', randomOffset - bytes, randomOffset);
}
