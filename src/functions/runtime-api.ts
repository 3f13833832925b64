// The Lambda Runtime API, served to one execution environment.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
//
// One listener per environment, on 127.0.0.1 and a free port: AWS_LAMBDA_RUNTIME_API is a bare
// `host:port` that runtime clients build URLs from, and some clients (the Rust runtime, curl
// bootstraps that parse it) reject a path in it, so the only part that can tell environments
// apart is the port. A listener costs one socket; environments are few (bounded by concurrency).
//
// HTTP/1.1 is spoken by http-server.ts rather than node:http, for one reason: a runtime that
// pipelines its answer with its next `invocation/next` (Gatehouse's own bootstraps do) gets the
// 202 for the answer and the next event in one write, so its process wakes once per invocation,
// not twice. With node:http the second response could only leave after the first had finished.
//
// Gatehouse's own bootstraps (node.mjs, python_bootstrap.py) are also offered the same listener on
// a Unix socket (GATEHOUSE_RUNTIME_SOCKET, which they remove from the function's environment):
// each write on it costs Gatehouse and the function's process less CPU than one through the
// loopback TCP stack. Other runtimes see AWS_LAMBDA_RUNTIME_API only.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpListener, type HttpExchange } from './http-server.ts';

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

const ACCEPTED = Buffer.from('{"status":"OK"}');

export class RuntimeApi {
  readonly #listener: HttpListener;
  readonly #events: RuntimeApiEvents;
  #next: HttpExchange | undefined;
  #queued: RuntimeInvocation | undefined;
  #inFlight = new Map<string, (outcome: RuntimeOutcome) => void>();
  #address = '';
  #unixPath: string | undefined;

  constructor(events: RuntimeApiEvents) {
    this.#events = events;
    this.#listener = new HttpListener((exchange) => this.#route(exchange));
  }

  /**
   * Listens and answers the value for AWS_LAMBDA_RUNTIME_API (`127.0.0.1:PORT`); with `unix`, on a
   * Unix socket too (unixPath), where the platform has them.
   */
  async listen(unix = false): Promise<string> {
    const port = await this.#listener.listen();
    this.#address = `127.0.0.1:${port}`;
    if (unix && process.platform !== 'win32') {
      const path = join(tmpdir(), `gatehouse-runtime-${process.pid}-${port}.sock`);
      // sun_path holds 108 bytes on Linux, 104 on macOS.
      if (Buffer.byteLength(path) < 100 && (await this.#listener.listenUnix(path))) this.#unixPath = path;
    }
    return this.#address;
  }

  /** The Unix socket the Runtime API is also served on, if any. */
  get unixPath(): string | undefined {
    return this.#unixPath;
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
    this.#next = undefined;
    await this.#listener.close();
  }

  #flush(): void {
    const next = this.#next;
    const invocation = this.#queued;
    if (!next || !invocation) return;
    this.#next = undefined;
    this.#queued = undefined;
    const deadlineMs = Date.now() + invocation.timeoutMs;
    next.respond(
      200,
      'content-type: application/json\r\n' +
        `lambda-runtime-aws-request-id: ${headerSafe(invocation.requestId)}\r\n` +
        `lambda-runtime-deadline-ms: ${deadlineMs}\r\n` +
        `lambda-runtime-invoked-function-arn: ${headerSafe(invocation.invokedFunctionArn)}\r\n` +
        `lambda-runtime-trace-id: ${headerSafe(invocation.traceId)}\r\n`,
      invocation.payload,
      true,
    );
    this.#events.onDelivered(invocation.requestId, deadlineMs);
  }

  #route(exchange: HttpExchange): void {
    const query = exchange.target.indexOf('?');
    const path = query < 0 ? exchange.target : exchange.target.slice(0, query);
    if (!path.startsWith(PREFIX)) return answer(exchange, 404, 'UnknownPath', `no route for ${path}`);
    const route = path.slice(PREFIX.length);
    if (exchange.method === 'GET' && route === 'invocation/next') {
      // A runtime asks for one event at a time: a newer `next` replaces an older one.
      this.#next?.abort();
      this.#next = exchange;
      exchange.onAbort(() => {
        if (this.#next === exchange) this.#next = undefined;
      });
      this.#flush();
      return;
    }
    if (exchange.method !== 'POST') return answer(exchange, 405, 'MethodNotAllowed', `${exchange.method} ${path}`);
    const errorType = exchange.headers['lambda-runtime-function-error-type'];
    if (route === 'init/error') {
      answer(exchange, 202, undefined, undefined);
      this.#events.onInitError({ kind: 'error', body: exchange.body, errorType });
      return;
    }
    // invocation/{AwsRequestId}/response or invocation/{AwsRequestId}/error
    const kind = route.endsWith('/response') ? 'response' : route.endsWith('/error') ? 'error' : undefined;
    const encodedId = kind && route.startsWith('invocation/') ? route.slice('invocation/'.length, route.length - kind.length - 1) : '';
    if (!kind || !encodedId || encodedId.includes('/')) return answer(exchange, 404, 'UnknownPath', `no route for ${path}`);
    const requestId = encodedId.includes('%') ? decodeId(encodedId) : encodedId;
    const settle = this.#inFlight.get(requestId);
    // The Runtime API answers 400 InvalidRequestID for an unknown or already answered id.
    if (!settle) return answer(exchange, 400, 'InvalidRequestID', `unknown request id ${requestId}`);
    this.#inFlight.delete(requestId);
    answer(exchange, 202, undefined, undefined);
    settle({ kind, body: exchange.body, errorType });
  }
}

function decodeId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Header values we send come from ids and ARNs; a line break in one must not end the header. */
function headerSafe(value: string): string {
  return value.includes('\n') || value.includes('\r') ? value.replace(/[\r\n]+/g, ' ') : value;
}

function answer(exchange: HttpExchange, status: number, errorType: string | undefined, message: string | undefined): void {
  const body = errorType ? Buffer.from(JSON.stringify({ errorType, errorMessage: message })) : ACCEPTED;
  exchange.respond(status, 'content-type: application/json\r\n', body);
}
