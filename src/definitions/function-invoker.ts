/**
 * The port through which the Lambda control plane's Invoke runs a function on the local function
 * runtime (src/functions/) without either importing the other (DESIGN.md): the control plane
 * resolves the function and reads its code inside its transaction; the runtime side unpacks the
 * code (once per CodeSha256) and runs it after the transaction; the server wires one to the other.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { S_FunctionConfiguration } from '../aws/generated/lambda.js';

/** One function version as the control plane stored it, with what the runtime needs beside it. */
export interface InvocableFunction {
  /** The version's configuration (Runtime, Handler, Environment, Timeout, MemorySize, CodeSha256...). */
  configuration: S_FunctionConfiguration;
  /** The version's own ARN: unqualified for $LATEST, ":N" for a published version. */
  versionArn: string;
  /** The function's reserved concurrency (PutFunctionConcurrency), if any. */
  reservedConcurrency?: number;
  /** The deployment package (zip, base64); may be left out when `hasCode(CodeSha256)` said so. */
  zipBase64?: string;
  /** Instead of a zip: a directory run in place (hot reload, CodeRecord.directory); may be left out like the zip. */
  codeDirectory?: string;
}

export interface FunctionInvokeOptions {
  requestId: string;
  /** The ARN the caller used (qualified or not): the context's invoked_function_arn. */
  invokedFunctionArn: string;
}

export interface FunctionInvokeResult {
  payload: Buffer;
  functionError?: 'Unhandled';
  /** The last 4 KB of the invocation's log. */
  logTail: string;
}

/** Why a function could not run at all (the runtime side's error codes, as the control plane sees them). */
export type FunctionInvokeErrorCode = 'RuntimeUnavailable' | 'Throttled' | 'Closed' | 'InvalidCode' | 'RemoteUnavailable';

export class FunctionInvokeError extends Error {
  constructor(
    readonly code: FunctionInvokeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionInvokeError';
  }
}

export interface FunctionInvoker {
  /** Whether the code of this CodeSha256 is already unpacked: the caller may then skip reading the zip. */
  hasCode(codeSha256: string): boolean;
  /** Runs one invocation; throws FunctionInvokeError when the function cannot run at all. */
  invoke(fn: InvocableFunction, payload: Buffer, options: FunctionInvokeOptions): Promise<FunctionInvokeResult>;
}
