// A small HTTP/1.1 server for the Runtime API (runtime-api.ts), on 127.0.0.1 only.
// https://www.rfc-editor.org/rfc/rfc9112 (message syntax: Content-Length and chunked bodies,
// persistent connections, pipelining; Expect: 100-continue from RFC 9110 section 10.1.1).
//
// Why not node:http: a runtime's answer to one invocation and its request for the next arrive
// together (pipelined); the 202 for the first and the event for the second should leave in one
// write, so the runtime's process wakes once per invocation. Responses here are written in request
// order; a 202 waits until the event loop has run the invocation's bookkeeping (two turns of
// setImmediate), so that an event delivered meanwhile leaves with it, in one write.
// What runtimes send is small and known (the Runtime API's four routes); anything this parser
// does not accept is answered 400 and the connection closed.
import { createServer, type Server, type Socket } from 'node:net';

/** One request and the means to answer it. */
export interface HttpExchange {
  method: string;
  /** The request target as sent (path and query). */
  target: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /**
   * `headerLines`: `name: value\r\n` lines; content-length is added. Once per exchange. The
   * response leaves with the next write on the connection, at the latest after two turns of the
   * event loop; `now` writes it (and the answered responses before it) at once.
   */
  respond(status: number, headerLines: string, body: Buffer, now?: boolean): void;
  /** Closes the connection the exchange came on (a response not yet sent is dropped). */
  abort(): void;
  /** Called if the connection closes before the response is sent. */
  onAbort(listener: () => void): void;
}

/** Headers of one request larger than this are refused (431). */
const MAX_HEAD_BYTES = 64 * 1024;
/** Bodies larger than this are refused (413): Lambda's payload limit is 6 MB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const REASONS: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

const METHOD = /^[A-Z]+$/;
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

export class HttpListener {
  readonly #server: Server;
  /** The same listener on a Unix socket, when one was asked for (listenUnix). */
  #unixServer: Server | undefined;
  readonly #connections = new Set<Connection>();
  readonly #onConnection: (socket: Socket) => void;

  constructor(handler: (exchange: HttpExchange) => void) {
    this.#onConnection = (socket) => {
      const connection = new Connection(socket, handler);
      this.#connections.add(connection);
      socket.once('close', () => this.#connections.delete(connection));
    };
    this.#server = createServer(this.#onConnection);
  }

  /**
   * Also listens on the Unix socket `path` (the same exchanges as on the TCP port): a write on a
   * Unix socket costs both ends less CPU than one through the loopback TCP stack.
   * Answers false when it cannot (the path is taken, or the platform has none).
   */
  listenUnix(path: string): Promise<boolean> {
    const server = createServer(this.#onConnection);
    return new Promise((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(path, () => {
        this.#unixServer = server;
        resolve(true);
      });
    });
  }

  /** Listens on 127.0.0.1 and a free port; answers the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve((this.#server.address() as { port: number }).port));
    });
  }

  close(): Promise<void> {
    for (const connection of this.#connections) connection.destroy();
    this.#connections.clear();
    // Closing a Unix socket's server removes its file.
    const unix = this.#unixServer;
    this.#unixServer = undefined;
    if (unix) unix.close();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

interface Head {
  method: string;
  target: string;
  headers: Record<string, string>;
  bodyStart: number;
  /** The Content-Length, or -1 for a chunked body. */
  bodyLength: number;
  keepAlive: boolean;
}

class Exchange implements HttpExchange {
  readonly method: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly keepAlive: boolean;
  /** The response once answered: its head (latin1 text) and body. */
  output: [string, Buffer] | undefined;
  #connection: Connection;
  #abortListeners: (() => void)[] = [];

  constructor(connection: Connection, head: Head, body: Buffer) {
    this.#connection = connection;
    this.method = head.method;
    this.target = head.target;
    this.headers = head.headers;
    this.keepAlive = head.keepAlive;
    this.body = body;
  }

  respond(status: number, headerLines: string, body: Buffer, now = false): void {
    if (this.output) return;
    const head =
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n${headerLines}content-length: ${body.length}\r\n` +
      (this.keepAlive ? '\r\n' : 'connection: close\r\n\r\n');
    this.output = [head, body];
    if (now) this.#connection.flush();
    else this.#connection.schedule();
  }

  abort(): void {
    this.#connection.destroy();
  }

  onAbort(listener: () => void): void {
    this.#abortListeners.push(listener);
  }

  aborted(): void {
    if (this.output) return;
    for (const listener of this.#abortListeners.splice(0)) listener();
  }
}

class Connection {
  readonly #socket: Socket;
  readonly #handler: (exchange: HttpExchange) => void;
  #chunks: Buffer[] = [];
  #length = 0;
  #head: Head | undefined;
  /** Exchanges in request order, answered or not. */
  #exchanges: Exchange[] = [];
  #scheduled = false;
  /** Counts flushes: a scheduled flush runs only if no other ran since it was scheduled. */
  #generation = 0;
  /** No more requests are read: the last one asked to close, or one was refused. */
  #closing = false;

  constructor(socket: Socket, handler: (exchange: HttpExchange) => void) {
    this.#socket = socket;
    this.#handler = handler;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => {});
    socket.once('close', () => {
      for (const exchange of this.#exchanges.splice(0)) exchange.aborted();
    });
  }

  destroy(): void {
    this.#closing = true;
    this.#socket.destroy();
  }

  /** Writes the answered responses at the head of the queue after two turns of the event loop. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const generation = this.#generation;
    setImmediate(() =>
      setImmediate(() => {
        if (generation === this.#generation) this.flush();
      }),
    );
  }

  /** Writes the answered responses at the head of the queue now, in one write. */
  flush(): void {
    // A flush still scheduled would write the next 202 before its event: it is void now.
    this.#scheduled = false;
    this.#generation++;
    if (this.#socket.destroyed || !this.#exchanges[0]?.output) return;
    let close = false;
    this.#socket.cork();
    while (this.#exchanges.length && this.#exchanges[0].output) {
      const exchange = this.#exchanges.shift()!;
      const [head, body] = exchange.output!;
      this.#socket.write(head, 'latin1');
      if (body.length) this.#socket.write(body);
      if (!exchange.keepAlive) {
        close = true;
        break;
      }
    }
    this.#socket.uncork();
    if (close) {
      this.#closing = true;
      this.#socket.end();
      for (const exchange of this.#exchanges.splice(0)) exchange.aborted();
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    for (;;) {
      const request = this.#parse(chunk);
      if (!request) return;
      const exchange = new Exchange(this, request.head, request.body);
      this.#exchanges.push(exchange);
      if (!request.head.keepAlive) this.#closing = true;
      this.#handler(exchange);
      if (this.#closing) return;
    }
  }

  #buffer(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0];
  }

  /** Refuses the request being read: answers `status` and closes after it. */
  #refuse(status: number, message: string): undefined {
    this.#closing = true;
    const head: Head = { method: '', target: '', headers: {}, bodyStart: 0, bodyLength: 0, keepAlive: false };
    const exchange = new Exchange(this, head, Buffer.alloc(0));
    this.#exchanges.push(exchange);
    exchange.respond(status, 'content-type: application/json\r\n', Buffer.from(JSON.stringify({ errorType: 'InvalidRequest', errorMessage: message })));
    return undefined;
  }

  /** The next complete request in what has arrived, or undefined. `latest` is the chunk just received. */
  #parse(latest: Buffer): { head: Head; body: Buffer } | undefined {
    if (this.#length === 0) return undefined;
    if (!this.#head) {
      const buf = this.#buffer();
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return this.#length > MAX_HEAD_BYTES ? this.#refuse(431, 'request headers too large') : undefined;
      const head = parseHead(buf.toString('latin1', 0, end), end + 4);
      if (typeof head === 'string') return this.#refuse(400, head);
      if (head.bodyLength > MAX_BODY_BYTES) return this.#refuse(413, 'request body too large');
      this.#head = head;
      // curl and others wait for this before sending a large body.
      // (Not while earlier responses wait to be written: they go first, and the client sends anyway after a while.)
      const bodyMissing = this.#length < head.bodyStart + Math.max(head.bodyLength, 1);
      if (bodyMissing && this.#exchanges.length === 0 && /100-continue/i.test(head.headers.expect ?? '')) this.#socket.write(CONTINUE);
    }
    const head = this.#head;
    let body: Buffer;
    let consumed: number;
    if (head.bodyLength >= 0) {
      consumed = head.bodyStart + head.bodyLength;
      if (this.#length < consumed) return undefined;
      body = this.#buffer().subarray(head.bodyStart, consumed);
    } else {
      // A chunked body ends with an empty line: decode only once one may have arrived (looking
      // across the edge of the chunk before), not on every chunk of a large body.
      if (this.#chunks.length > 1) {
        const before = this.#chunks[this.#chunks.length - 2];
        const edge = Buffer.concat([before.subarray(Math.max(0, before.length - 3)), latest.subarray(0, 3)]);
        if (latest.indexOf('\r\n\r\n') < 0 && edge.indexOf('\r\n\r\n') < 0) return undefined;
      }
      const decoded = dechunk(this.#buffer(), head.bodyStart);
      if (decoded === undefined) return this.#length - head.bodyStart > MAX_BODY_BYTES ? this.#refuse(413, 'request body too large') : undefined;
      if (typeof decoded === 'string') return this.#refuse(400, decoded);
      ({ body, consumed } = decoded);
    }
    const buf = this.#buffer();
    this.#head = undefined;
    this.#length -= consumed;
    this.#chunks = this.#length > 0 ? [buf.subarray(consumed)] : [];
    return { head, body };
  }
}

/** The request line and headers, or why they are refused. */
function parseHead(text: string, bodyStart: number): Head | string {
  const lines = text.split('\r\n');
  const first = lines[0];
  const sp1 = first.indexOf(' ');
  const sp2 = first.lastIndexOf(' ');
  const version = first.slice(sp2 + 1);
  const method = first.slice(0, sp1);
  const target = first.slice(sp1 + 1, sp2);
  if (sp1 <= 0 || sp2 <= sp1 + 1 || (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') || !METHOD.test(method) || target.includes(' ')) {
    return 'malformed request line';
  }
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) return 'malformed header line';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const connection = headers.connection === undefined ? '' : headers.connection.toLowerCase();
  const keepAlive = version === 'HTTP/1.1' ? !connection.includes('close') : connection.includes('keep-alive');
  let bodyLength = 0;
  if (headers['transfer-encoding'] !== undefined) {
    if (!/(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'])) return 'unsupported transfer-encoding';
    bodyLength = -1;
  } else if (headers['content-length'] !== undefined) {
    if (!/^\d+$/.test(headers['content-length'])) return 'malformed content-length';
    bodyLength = Number(headers['content-length']);
  }
  return { method, target, headers, bodyStart, bodyLength, keepAlive };
}

/** A chunked body from `start`: the body and where the message ends, undefined while incomplete, or why it is refused. */
function dechunk(buf: Buffer, start: number): { body: Buffer; consumed: number } | string | undefined {
  const parts: Buffer[] = [];
  for (let at = start; ; ) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const sizeText = buf.toString('latin1', at, lineEnd).split(';')[0].trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return 'malformed chunk size';
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // Trailers, if any, then an empty line.
      const end = buf.indexOf('\r\n\r\n', lineEnd);
      if (buf.length >= lineEnd + 4 && buf.toString('latin1', lineEnd, lineEnd + 4) === '\r\n\r\n') return { body: Buffer.concat(parts), consumed: lineEnd + 4 };
      return end < 0 ? undefined : { body: Buffer.concat(parts), consumed: end + 4 };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
