// The FunctionInvoker port (src/definitions/function-invoker.ts) on the local runtime: turns a
// stored function version into a FunctionSpec (its code unpacked once per CodeSha256, or a
// hot-reload directory run in place at its current revision) and runs it.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
import {
  FunctionInvokeError,
  type FunctionInvokeOptions,
  type FunctionInvokeResult,
  type FunctionInvoker,
  type InvocableFunction,
} from '../definitions/function-invoker.ts';
import { CodeCache, InvalidCodeError } from './code-cache.ts';
import { FunctionRuntimeError } from './errors.ts';
import { HotReloadDirectories } from './hot-reload.ts';
import { FunctionRuntime, type FunctionRuntimeOptions } from './pool.ts';
import type { FunctionSpec } from './spec.ts';

/** Build a FunctionSpec from a stored version and its unpacked code directory. */
export function specOf(fn: InvocableFunction, codeDir: string): FunctionSpec {
  const c = fn.configuration;
  return {
    arn: fn.versionArn,
    name: c.FunctionName!,
    version: c.Version ?? '$LATEST',
    runtime: c.Runtime ?? '',
    handler: c.Handler ?? '',
    codeDir,
    environment: { ...(c.Environment?.Variables ?? {}) },
    timeoutSeconds: c.Timeout ?? 3,
    memorySize: c.MemorySize ?? 128,
    reservedConcurrency: fn.reservedConcurrency,
  };
}

export interface LocalFunctionsOptions extends FunctionRuntimeOptions {
  /** Where deployment packages are unpacked (<dataDir>/functions, or under os.tmpdir()). */
  codeDir: string;
}

/** One per Gatehouse: the runtime and the unpacked code it runs. Close it with the server. */
export class LocalFunctions implements FunctionInvoker {
  readonly runtime: FunctionRuntime;
  readonly #code: CodeCache;
  /** Hot-reload code: CodeSha256 (the path's hash) -> the directory, once an invocation named it. */
  readonly #directories = new Map<string, string>();
  readonly #hotReload = new HotReloadDirectories();
  /** Unqualified function ARN -> the version ARNs that ran (each has its own log in the runtime). */
  readonly #ran = new Map<string, Set<string>>();
  readonly #ranArns = new Set<string>();
  readonly #specs = new WeakMap<InvocableFunction, FunctionSpec>();

  constructor(options: LocalFunctionsOptions) {
    this.runtime = new FunctionRuntime(options);
    this.#code = new CodeCache(options.codeDir);
  }

  hasCode(codeSha256: string): boolean {
    return this.#directories.has(codeSha256) || this.#code.has(codeSha256);
  }

  /**
   * The function's recent log (`/_gatehouse/functions/{name}/logs`): what its environments wrote,
   * with the START/END/REPORT lines, $LATEST's first and then each published version's.
   */
  logs(unqualifiedArn: string): string {
    const versions = [...(this.#ran.get(unqualifiedArn) ?? [])].sort((a, b) => versionOrder(a) - versionOrder(b));
    return versions.map((arn) => this.runtime.logs(arn)).join('');
  }

  async invoke(fn: InvocableFunction, payload: Buffer, options: FunctionInvokeOptions): Promise<FunctionInvokeResult> {
    const sha = fn.configuration.CodeSha256;
    if (!sha) throw new FunctionInvokeError('InvalidCode', 'The function has no code');
    let codeDir: string;
    let codeRevision: number | undefined;
    const directory = fn.codeDirectory ?? this.#directories.get(sha);
    if (directory !== undefined) {
      this.#directories.set(sha, directory);
      codeDir = directory;
      codeRevision = this.#hotReload.revision(directory);
    } else {
      try {
        codeDir = await this.#code.dir(sha, fn.zipBase64);
      } catch (err) {
        if (err instanceof InvalidCodeError) throw new FunctionInvokeError('InvalidCode', err.message);
        throw err;
      }
    }
    this.#noteRan(fn.versionArn);
    try {
      const spec = this.#specFor(fn, codeDir, codeRevision);
      const result = await this.runtime.invoke(spec, payload, options);
      return { payload: result.payload, functionError: result.functionError, logTail: result.logTail };
    } catch (err) {
      if (err instanceof FunctionRuntimeError) throw new FunctionInvokeError(err.code, err.message);
      throw err;
    }
  }

  /**
   * The spec to run `fn` with, frozen and reused while the same stored version (the same object:
   * the data plane caches it until a lambda change) runs the same code: building it and its key
   * per invocation was a visible share of the invocation's CPU.
   */
  #specFor(fn: InvocableFunction, codeDir: string, codeRevision: number | undefined): FunctionSpec {
    const cached = this.#specs.get(fn);
    if (cached && cached.codeDir === codeDir && cached.codeRevision === codeRevision) return cached;
    const spec = specOf(fn, codeDir);
    if (codeRevision !== undefined) {
      spec.codeRevision = codeRevision;
      // A .pyc written now would be trusted after an edit within the same second that keeps
      // the file's size (CPython checks mtime in seconds and size): write none into the user's tree.
      spec.environment = { PYTHONDONTWRITEBYTECODE: '1', ...spec.environment };
    }
    Object.freeze(spec.environment);
    Object.freeze(spec);
    this.#specs.set(fn, spec);
    return spec;
  }

  close(): Promise<void> {
    this.#hotReload.close();
    return this.runtime.close();
  }

  #noteRan(versionArn: string): void {
    if (this.#ranArns.has(versionArn)) return;
    this.#ranArns.add(versionArn);
    const unqualified = versionArn.replace(/:\d+$/, '');
    let versions = this.#ran.get(unqualified);
    if (!versions) this.#ran.set(unqualified, (versions = new Set()));
    versions.add(versionArn);
  }
}

/** $LATEST (an unqualified ARN) first, then versions by number. */
function versionOrder(arn: string): number {
  const m = /:(\d+)$/.exec(arn);
  return m ? Number(m[1]) : 0;
}
