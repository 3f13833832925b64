// Gatehouse's bootstrap for the nodejs18.x/20.x/22.x runtimes: a small Lambda Runtime API client.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
// Error shapes follow the AWS Node.js runtime (aws-lambda-nodejs-runtime-interface-client):
// {errorType, errorMessage, trace}.
// The Runtime API is spoken over one persistent HTTP/1.1 connection, and the answer to one
// invocation leaves in the same write as the request for the next (pipelining): fetch() opened
// no connection twice but cost the function process ~1.5 ms of CPU per invocation.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const address = process.env.AWS_LAMBDA_RUNTIME_API ?? '';
// Gatehouse serves the same Runtime API on a Unix socket (cheaper per write than loopback TCP);
// the variable is Gatehouse's, not the function's: it leaves the environment before the handler loads.
const unixPath = process.env.GATEHOUSE_RUNTIME_SOCKET;
delete process.env.GATEHOUSE_RUNTIME_SOCKET;
const PREFIX = '/2018-06-01/runtime';
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerName = process.env._HANDLER ?? '';
let currentRequestId;

// Lambda prefixes console output with the time, request id and level.
// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  const write = method === 'error' || method === 'warn' ? process.stderr : process.stdout;
  console[method] = (...args) => {
    write.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${format(...args).replace(/\n/g, '\r')}\n`);
  };
}

function errorBody(error, errorType) {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: errorType ?? err.name ?? 'Error',
    errorMessage: err.message,
    trace: String(err.stack ?? '').split('\n'),
  };
}

/**
 * A minimal HTTP/1.1 client on one keep-alive connection (`host:port`, as AWS_LAMBDA_RUNTIME_API
 * gives it): requests are written as they come and their answers matched in order. Reconnects
 * after the connection closes; the requests then waiting fail.
 */
class RuntimeClient {
  #host;
  #port;
  #socket;
  #waiting = [];
  #chunks = [];
  #length = 0;
  /** The head of the answer being read: {status, headers, bodyStart, bodyLength} (bodyLength -1: chunked). */
  #head;

  constructor(hostPort) {
    const colon = hostPort.lastIndexOf(':');
    this.#host = hostPort.slice(0, colon).replace(/^\[|\]$/g, '');
    this.#port = Number(hostPort.slice(colon + 1));
  }

  /**
   * Writes requests (each from requestText) in one write; answers a promise per request, each
   * resolving with {status, headers, body: Buffer} in order.
   */
  send(...requests) {
    (this.#socket ?? this.#connect()).write(requests.length === 1 ? requests[0] : requests.join(''));
    return requests.map(() => new Promise((resolvePromise, rejectPromise) => this.#waiting.push({ resolve: resolvePromise, reject: rejectPromise })));
  }

  #connect() {
    const socket = unixPath ? connect(unixPath) : connect(this.#port, this.#host);
    if (!unixPath) socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
      this.#chunks = [];
      this.#length = 0;
      this.#head = undefined;
      const error = new Error(`the Runtime API connection to ${address} closed`);
      for (const waiting of this.#waiting.splice(0)) waiting.reject(error);
    });
    this.#socket = socket;
    return socket;
  }

  #onData(chunk) {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    for (;;) {
      const answer = this.#parse();
      if (!answer) return;
      this.#waiting.shift()?.resolve(answer);
    }
  }

  #buffer() {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0];
  }

  /** The next complete answer in what was received, or undefined. */
  #parse() {
    if (this.#length === 0) return undefined;
    if (!this.#head) {
      const buf = this.#buffer();
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const lines = buf.toString('latin1', 0, end).split('\r\n');
      const headers = {};
      for (let i = 1; i < lines.length; i++) {
        const colon = lines[i].indexOf(':');
        if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
      }
      const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
      this.#head = { status: Number(lines[0].split(' ')[1]), headers, bodyStart: end + 4, bodyLength: chunked ? -1 : Number(headers['content-length'] ?? 0) };
    }
    const head = this.#head;
    let body;
    let consumed;
    if (head.bodyLength >= 0) {
      consumed = head.bodyStart + head.bodyLength;
      if (this.#length < consumed) return undefined;
      body = this.#buffer().subarray(head.bodyStart, consumed);
    } else {
      const decoded = dechunk(this.#buffer(), head.bodyStart);
      if (!decoded) return undefined;
      ({ body, consumed } = decoded);
    }
    const buf = this.#buffer();
    this.#head = undefined;
    this.#length -= consumed;
    this.#chunks = this.#length > 0 ? [buf.subarray(consumed)] : [];
    return { status: head.status, headers: head.headers, body };
  }
}

/** A chunked body from `start`, when all of it has arrived: {body, consumed}. */
function dechunk(buf, start) {
  const parts = [];
  for (let at = start; ; ) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const end = buf.indexOf('\r\n\r\n', lineEnd - 2 < at ? at : lineEnd - 2);
      return end < 0 ? undefined : { body: Buffer.concat(parts), consumed: end + 4 };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

const client = new RuntimeClient(address);

/** One HTTP/1.1 request to the Runtime API; `body` a string (JSON). */
function requestText(method, path, body, errorType) {
  let head = `${method} ${PREFIX}${path} HTTP/1.1\r\nHost: ${address}\r\n`;
  // A name with a line break (err.name is the user's to set) must not end the header.
  if (errorType) head += `Lambda-Runtime-Function-Error-Type: ${String(errorType).replace(/[\r\n]+/g, ' ')}\r\n`;
  if (body === undefined) return `${head}\r\n`;
  return `${head}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const NEXT = requestText('GET', '/invocation/next');

function post(path, body, errorType) {
  return client.send(requestText('POST', path, JSON.stringify(body), errorType))[0];
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function isModulePackage(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return JSON.parse(readFileSync(pkg, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === dirname(dir) || dir === dirname(taskRoot)) return false;
  }
}

// `_HANDLER` is `path/to/module.export` (the export may be nested: `module.a.b`).
async function loadHandler() {
  const base = handlerName.match(/^([^.]*\/)?([^./]+)\.(.+)$/);
  if (!base) throw new RuntimeError('Runtime.MalformedHandlerName', "Bad handler");
  const modulePath = `${base[1] ?? ''}${base[2]}`;
  const exportPath = base[3];
  const stem = resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => stem + ext).find((f) => existsSync(f));
  if (!file) {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`);
  }
  let mod;
  try {
    if (file.endsWith('.mjs') || (file.endsWith('.js') && isModulePackage(file))) {
      mod = await import(pathToFileURL(file).href);
    } else {
      mod = createRequire(file)(file);
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    throw error;
  }
  let fn = mod;
  for (const key of exportPath.split('.')) fn = fn?.[key];
  if (typeof fn !== 'function' && typeof mod?.default === 'object') {
    fn = mod.default;
    for (const key of exportPath.split('.')) fn = fn?.[key];
  }
  if (fn === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is undefined or not exported`);
  if (typeof fn !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is not a function`);
  return fn;
}

function invokeHandler(handler, event, context) {
  return new Promise((resolvePromise, rejectPromise) => {
    let done = false;
    const callback = (error, result) => {
      if (done) return;
      done = true;
      if (error !== undefined && error !== null) rejectPromise(error);
      else resolvePromise(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (error) => callback(error ?? new Error('handled'));
    try {
      const returned = handler(event, context, callback);
      // An async handler answers with its promise; a callback handler (3 parameters) with the
      // callback. A plain function's return value is not the answer: AWS answers null once the
      // event loop is empty (callbackWaitsForEmptyEventLoop is not modelled: null at once).
      if (returned && typeof returned.then === 'function') returned.then((r) => callback(null, r), (e) => callback(e));
      else if (handler.length < 3) setImmediate(() => callback(null, null));
    } catch (error) {
      callback(error);
    }
  });
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  // Like the AWS runtime: an error thrown by the module itself is reported as is (its own type).
  const body = errorBody(error);
  console.error(`${body.errorType}: ${body.errorMessage}`);
  await post('/init/error', body, body.errorType);
  process.exit(1);
}

let failures = 0;
let [pending] = client.send(NEXT);
for (;;) {
  let next;
  try {
    next = await pending;
    failures = 0;
  } catch (error) {
    if (++failures >= 3) throw error;
    [pending] = client.send(NEXT);
    continue;
  }
  const headers = next.headers;
  const requestId = headers['lambda-runtime-aws-request-id'];
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  currentRequestId = requestId;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let path;
  let body;
  let errorType;
  try {
    const event = next.body.length > 0 ? JSON.parse(next.body.toString('utf8')) : undefined;
    const result = await invokeHandler(handler, event, context);
    body = JSON.stringify(result === undefined ? null : result);
    path = `/invocation/${encodeURIComponent(requestId)}/response`;
  } catch (error) {
    const err = errorBody(error);
    console.error(`Invoke Error \t${JSON.stringify(err)}`);
    body = JSON.stringify(err);
    errorType = err.errorType;
    path = `/invocation/${encodeURIComponent(requestId)}/error`;
  }
  currentRequestId = undefined;
  // The answer to this invocation and the request for the next leave in one write.
  const [posted, following] = client.send(requestText('POST', path, body, errorType), NEXT);
  posted.catch(() => {});
  pending = following;
}
