// Errors of the local function runtime, as values with stable codes, and the payloads Lambda
// answers for failures that happen outside the user's code.
// https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html

/** Why the runtime could not run an invocation at all (no payload to return). */
export type FunctionRuntimeErrorCode =
  /** The function's runtime is unknown, or its interpreter is not installed on this machine. */
  | 'RuntimeUnavailable'
  /** Reserved concurrency 0: Lambda throttles every invocation (TooManyRequestsException). */
  | 'Throttled'
  /** `close()` was called. */
  | 'Closed';

export class FunctionRuntimeError extends Error {
  readonly code: FunctionRuntimeErrorCode;
  constructor(code: FunctionRuntimeErrorCode, message: string) {
    super(message);
    this.name = 'FunctionRuntimeError';
    this.code = code;
  }
}

/**
 * The payload of an invocation that ran past the function's timeout. Lambda's current wording
 * (the older runtimes answered `{"errorMessage":"<time> <id> Task timed out after 3.00 seconds"}`).
 */
export function timeoutPayload(requestId: string, timeoutSeconds: number): Buffer {
  return json({
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  });
}

/** The payload of an invocation whose runtime process exited before answering. */
export function exitPayload(requestId: string, code: number | null, signal: NodeJS.Signals | null): Buffer {
  const status = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code ?? 0}`;
  return json({
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}`,
  });
}

/** A `provided.*` function without an executable `bootstrap` in its code. */
export function invalidEntrypointPayload(requestId: string, codeDir: string, reason: string): Buffer {
  return json({
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [${codeDir}/bootstrap] (${reason})`,
  });
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
