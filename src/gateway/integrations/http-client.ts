/**
 * The client HTTP and HTTP_PROXY integrations use: one undici Agent for every API, which keeps a
 * keep-alive connection pool per endpoint origin. A request is dispatched with a small handler
 * that collects the answer (no stream). The integration's `timeoutInMillis` rides on undici's own
 * headersTimeout and bodyTimeout, so the usual request (AWS's default 29 s) starts no timer of
 * its own; undici runs those on a coarse clock (about half a second), so a timeout under
 * PRECISE_TIMEOUT_MS gets a timer of its own, started at dispatch.
 */
import { Agent, type Dispatcher } from 'undici';

export interface UpstreamRequest {
  /** 'http://host:port', no trailing slash. */
  origin: string;
  /** Path and query string, starting with '/'. */
  path: string;
  method: string;
  /** Header names as sent, each with its values. */
  headers: Record<string, string[]>;
  /** null: no body (GET, HEAD, OPTIONS, or an empty one). */
  body: Buffer | null;
  timeoutMs: number;
  /** Accept an endpoint certificate that does not verify (tlsConfig.insecureSkipVerification). */
  insecure: boolean;
}

export interface UpstreamResponse {
  statusCode: number;
  /** Name, value, name, value...: as the endpoint spelled, ordered and repeated them. */
  rawHeaders: string[];
  body: Buffer;
}

/** API Gateway's integration payload limit: 10 MB. https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  readonly code = 'GATEHOUSE_RESPONSE_TOO_LARGE';
}

const AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 256, pipelining: 1 };

/** Below this, undici's coarse timeout clock would be off by more than a tenth: time the request precisely. */
export const PRECISE_TIMEOUT_MS = 10_000;

/** What a timed-out exchange fails with: undici's own code for a headers timeout. */
export class EndpointTimeoutError extends Error {
  readonly code = 'UND_ERR_HEADERS_TIMEOUT';
}

export class HttpIntegrationClient {
  private readonly agent = new Agent(AGENT_OPTIONS);
  private insecureAgent?: Agent;

  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const agent = req.insecure ? (this.insecureAgent ??= new Agent({ ...AGENT_OPTIONS, connect: { rejectUnauthorized: false } })) : this.agent;
    const headers: string[] = [];
    for (const name in req.headers) for (const v of req.headers[name]) headers.push(name, v);
    return new Promise((resolve, reject) => {
      agent.dispatch(
        {
          origin: req.origin,
          path: req.path,
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        new Exchange(resolve, reject, req.timeoutMs < PRECISE_TIMEOUT_MS ? req.timeoutMs : 0),
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.close(), this.insecureAgent?.close()]);
  }
}

/** Collects one response: status, headers, body chunks. */
class Exchange implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private rawHeaders: string[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private abort?: (err?: Error) => void;
  private timer?: NodeJS.Timeout;
  private timedOut?: EndpointTimeoutError;
  private settled = false;

  constructor(
    private readonly resolve: (res: UpstreamResponse) => void,
    private readonly reject: (err: Error) => void,
    timeoutMs: number,
  ) {
    if (timeoutMs > 0) this.timer = setTimeout(() => this.timeout(timeoutMs), timeoutMs);
  }

  private timeout(ms: number): void {
    this.timedOut = new EndpointTimeoutError(`no answer within ${ms} ms`);
    // Aborting makes undici call onError; before a socket took the request there is nothing to abort yet.
    if (this.abort) this.abort(this.timedOut);
    else this.onError(this.timedOut);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    if (this.timedOut) abort(this.timedOut);
  }

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    // 1xx informational answers come first; only the final one counts.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    // HTTP header bytes are Latin-1: each byte goes back out as it came in.
    const headers = new Array<string>(raw.length);
    for (let i = 0; i < raw.length; i++) headers[i] = raw[i].toString('latin1');
    this.rawHeaders = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > MAX_RESPONSE_BYTES) {
      this.abort?.(new ResponseTooLargeError(`endpoint response larger than ${MAX_RESPONSE_BYTES} bytes`));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.resolve({ statusCode: this.statusCode, rawHeaders: this.rawHeaders, body });
  }

  onError(err: Error): void {
    if (this.settled) return;
    // A 204 or 304 answer ends with its headers whatever Content-Length it names (RFC 9112
    // section 6.3; Node's own server names the length of a body it then leaves out). undici holds
    // that length against the empty body and fails the exchange (a 500); the answer is whole.
    if (!this.timedOut && (this.statusCode === 204 || this.statusCode === 304) && this.size === 0 && (err as { code?: string }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
      this.onComplete();
      return;
    }
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.reject(this.timedOut ?? err);
  }
}
