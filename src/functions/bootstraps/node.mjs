// Gatehouse's bootstrap for the nodejs18.x/20.x/22.x runtimes: a small Lambda Runtime API client.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
// Error shapes follow the AWS Node.js runtime (aws-lambda-nodejs-runtime-interface-client):
// {errorType, errorMessage, trace}.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;
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

async function post(path, body, errorType) {
  const headers = { 'content-type': 'application/json' };
  if (errorType) headers['lambda-runtime-function-error-type'] = errorType;
  await fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
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
for (;;) {
  let next;
  try {
    // fetch gives up on a response after 300 s without headers; a warm environment waits longer.
    next = await fetch(`${api}/invocation/next`);
    failures = 0;
  } catch (error) {
    if (++failures >= 3) throw error;
    continue;
  }
  const requestId = next.headers.get('lambda-runtime-aws-request-id');
  const deadline = Number(next.headers.get('lambda-runtime-deadline-ms'));
  const traceId = next.headers.get('lambda-runtime-trace-id');
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const text = await next.text();
  currentRequestId = requestId;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: next.headers.get('lambda-runtime-invoked-function-arn'),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const event = text.length > 0 ? JSON.parse(text) : undefined;
    const result = await invokeHandler(handler, event, context);
    await post(`/invocation/${requestId}/response`, result === undefined ? null : result);
  } catch (error) {
    const body = errorBody(error);
    console.error(`Invoke Error \t${JSON.stringify(body)}`);
    await post(`/invocation/${requestId}/error`, body, body.errorType);
  }
  currentRequestId = undefined;
}
