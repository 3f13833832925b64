// The Lambda Runtime API, served to one execution environment.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
//
// One listener per environment, on 127.0.0.1 and a free port: AWS_LAMBDA_RUNTIME_API is a bare
// `host:port` that runtime clients build URLs from, and some clients (the Rust runtime, curl
// bootstraps that parse it) reject a path in it, so the only part that can tell environments
// apart is the port. A listener costs one socket; environments are few (bounded by concurrency).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const PREFIX = '/2018-06-01/runtime/';

/** One event handed to the runtime by `invocation/next`. */
export interface RuntimeInvocation {
  requestId: string;
  /** The function's timeout: the deadline is set when the runtime receives the event. */
  timeoutMs: number;
  invokedFunctionArn: string;
  traceId: string;
  payload: Buffer;
}

/** What the runtime posted back for an invocation, or at init. */
export interface RuntimeOutcome {
  kind: 'response' | 'error';
  body: Buffer;
  /** Lambda-Runtime-Function-Error-Type, when the runtime sent one. */
  errorType?: string;
}

export interface RuntimeApiEvents {
  /** The runtime posted `init/error`. */
  onInitError(outcome: RuntimeOutcome): void;
  /** The runtime received the invocation (its `next` answered): the timeout starts now. */
  onDelivered(requestId: string, deadlineMs: number): void;
}

export class RuntimeApi {
  readonly #server: Server;
  readonly #events: RuntimeApiEvents;
  #next: ServerResponse | undefined;
  #queued: RuntimeInvocation | undefined;
  #inFlight = new Map<string, (outcome: RuntimeOutcome) => void>();
  #address = '';

  constructor(events: RuntimeApiEvents) {
    this.#events = events;
    this.#server = createServer((req, res) => void this.#route(req, res));
    // The long poll on `next` may wait for minutes between invocations.
    this.#server.requestTimeout = 0;
    this.#server.headersTimeout = 0;
    this.#server.keepAliveTimeout = 0;
  }

  /** Listens and answers the value for AWS_LAMBDA_RUNTIME_API (`127.0.0.1:PORT`). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#address = `127.0.0.1:${port}`;
    return this.#address;
  }

  get address(): string {
    return this.#address;
  }

  /** Queues one invocation for the runtime; settles when it posts a response or an error. */
  deliver(invocation: RuntimeInvocation): Promise<RuntimeOutcome> {
    if (this.#queued || this.#inFlight.size > 0) {
      throw new Error('an execution environment runs one invocation at a time');
    }
    const settled = new Promise<RuntimeOutcome>((resolve) => {
      this.#inFlight.set(invocation.requestId, resolve);
    });
    this.#queued = invocation;
    this.#flush();
    return settled;
  }

  /** Forgets the invocation in flight (it timed out or the process died). */
  abandon(requestId: string): void {
    this.#inFlight.delete(requestId);
    if (this.#queued?.requestId === requestId) this.#queued = undefined;
  }

  async close(): Promise<void> {
    this.#next?.destroy();
    this.#next = undefined;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #flush(): void {
    const res = this.#next;
    const invocation = this.#queued;
    if (!res || !invocation) return;
    this.#next = undefined;
    this.#queued = undefined;
    const deadlineMs = Date.now() + invocation.timeoutMs;
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': invocation.requestId,
      'lambda-runtime-deadline-ms': String(deadlineMs),
      'lambda-runtime-invoked-function-arn': invocation.invokedFunctionArn,
      'lambda-runtime-trace-id': invocation.traceId,
    });
    res.end(invocation.payload);
    this.#events.onDelivered(invocation.requestId, deadlineMs);
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith(PREFIX)) return answer(res, 404, 'UnknownPath', `no route for ${path}`);
    const route = path.slice(PREFIX.length);
    if (req.method === 'GET' && route === 'invocation/next') {
      if (this.#next) this.#next.destroy();
      this.#next = res;
      res.on('close', () => {
        if (this.#next === res) this.#next = undefined;
      });
      this.#flush();
      return;
    }
    if (req.method !== 'POST') return answer(res, 405, 'MethodNotAllowed', `${req.method} ${path}`);
    const body = await readBody(req);
    const errorType = headerValue(req, 'lambda-runtime-function-error-type');
    if (route === 'init/error') {
      answer(res, 202, undefined, undefined);
      this.#events.onInitError({ kind: 'error', body, errorType });
      return;
    }
    const match = /^invocation\/([^/]+)\/(response|error)$/.exec(route);
    if (!match) return answer(res, 404, 'UnknownPath', `no route for ${path}`);
    const requestId = decodeURIComponent(match[1]);
    const settle = this.#inFlight.get(requestId);
    // The Runtime API answers 400 InvalidRequestID for an unknown or already answered id.
    if (!settle) return answer(res, 400, 'InvalidRequestID', `unknown request id ${requestId}`);
    this.#inFlight.delete(requestId);
    answer(res, 202, undefined, undefined);
    settle({ kind: match[2] === 'response' ? 'response' : 'error', body, errorType });
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(res: ServerResponse, status: number, errorType: string | undefined, message: string | undefined): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(errorType ? JSON.stringify({ errorType, errorMessage: message }) : '{"status":"OK"}');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
