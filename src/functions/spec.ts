// What the function runtime is told about a function, and what it answers for one invocation.

/** One function's configuration, as far as running it is concerned. A code change is a new spec. */
export interface FunctionSpec {
  arn: string;
  name: string;
  /** `$LATEST` or a published version number. */
  version: string;
  /** A Lambda runtime identifier: nodejs20.x, python3.12, provided.al2023, ... */
  runtime: string;
  handler: string;
  /** The unpacked deployment package: the environment's cwd and LAMBDA_TASK_ROOT. */
  codeDir: string;
  /** Changes when the files of codeDir change (a hot-reload directory): environments of another revision are retired. */
  codeRevision?: number;
  /** The function's Environment.Variables. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
  /** At most this many environments at once; further invocations wait. Default 10. */
  reservedConcurrency?: number;
}

export interface InvokeResult {
  /** The function's answer, or Lambda's error document when functionError is set. */
  payload: Buffer;
  /** Lambda's X-Amz-Function-Error: every failure here is unhandled (the runtime reported it). */
  functionError?: 'Unhandled';
  /** The last 4 KB of the invocation's log (START ... REPORT), for LogType=Tail. */
  logTail: string;
  durationMs: number;
}

export interface InvokeOptions {
  /** Defaults to a fresh UUID. */
  requestId?: string;
  /** X-Amzn-Trace-Id to hand to the runtime; defaults to a fresh Root id. */
  traceId?: string;
  /** The ARN the caller used (qualified or not); defaults to the spec's. */
  invokedFunctionArn?: string;
}
