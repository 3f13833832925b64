// The FunctionInvoker port (src/definitions/function-invoker.ts) on the local runtime: turns a
// stored function version into a FunctionSpec (its code unpacked once per CodeSha256) and runs it.
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

  constructor(options: LocalFunctionsOptions) {
    this.runtime = new FunctionRuntime(options);
    this.#code = new CodeCache(options.codeDir);
  }

  hasCode(codeSha256: string): boolean {
    return this.#code.has(codeSha256);
  }

  async invoke(fn: InvocableFunction, payload: Buffer, options: FunctionInvokeOptions): Promise<FunctionInvokeResult> {
    const sha = fn.configuration.CodeSha256;
    if (!sha) throw new FunctionInvokeError('InvalidCode', 'The function has no code');
    let codeDir: string;
    try {
      codeDir = await this.#code.dir(sha, fn.zipBase64);
    } catch (err) {
      if (err instanceof InvalidCodeError) throw new FunctionInvokeError('InvalidCode', err.message);
      throw err;
    }
    try {
      const result = await this.runtime.invoke(specOf(fn, codeDir), payload, options);
      return { payload: result.payload, functionError: result.functionError, logTail: result.logTail };
    } catch (err) {
      if (err instanceof FunctionRuntimeError) throw new FunctionInvokeError(err.code, err.message);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}
