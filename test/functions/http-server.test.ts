// The Runtime API's own HTTP/1.1 server, spoken to over raw sockets: pipelined requests, chunked
// bodies, Expect: 100-continue, closing connections, and what it refuses.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { RuntimeApi, type RuntimeOutcome } from '../../src/functions/runtime-api.ts';

const PREFIX = '/2018-06-01/runtime';

/** A raw connection that collects what the server sends. */
class Raw {
  readonly socket: Socket;
  received = '';
  closed = false;
  #waiters: (() => void)[] = [];

  constructor(address: string) {
    const [host, port] = address.split(':');
    this.socket = connect(Number(port), host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Waits until what was received satisfies `done` (or the connection closes). */
  async until(done: (received: string) => boolean): Promise<string> {
    while (!done(this.received) && !this.closed) await new Promise<void>((wake) => this.#waiters.push(wake));
    return this.received;
  }

  close(): void {
    this.socket.destroy();
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

function invocation(requestId: string, payload = '{"n":1}') {
  return { requestId, timeoutMs: 3000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', traceId: 'Root=1-a-b', payload: Buffer.from(payload) };
}

function runtimeApi(initErrors: RuntimeOutcome[] = []) {
  return new RuntimeApi({ onInitError: (o) => initErrors.push(o), onDelivered: () => {} });
}

test('a pipelined answer and next request: 202 for the answer, then the next event on the same connection', async () => {
  const api = runtimeApi();
  const raw = new Raw(await api.listen());
  try {
    const first = api.deliver(invocation('req-1'));
    raw.send(`GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    const event = await raw.until((r) => r.endsWith('{"n":1}'));
    assert.match(event, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(event, /\r\nlambda-runtime-aws-request-id: req-1\r\n/);
    assert.match(event, /\r\ncontent-length: 7\r\n/);
    raw.received = '';
    raw.send(
      `POST ${PREFIX}/invocation/req-1/response HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n"done"` +
        `GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    assert.deepEqual(await first, { kind: 'response', body: Buffer.from('"done"'), errorType: undefined });
    const second = api.deliver(invocation('req-2', '{"n":2}'));
    const both = await raw.until((r) => r.endsWith('{"n":2}'));
    assert.match(both, /^HTTP\/1\.1 202 Accepted\r\n[^]*\r\n\r\n\{"status":"OK"\}HTTP\/1\.1 200 OK\r\n[^]*lambda-runtime-aws-request-id: req-2\r\n/);
    raw.received = '';
    raw.send(`POST ${PREFIX}/invocation/req-2/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`);
    assert.equal((await second).body.toString(), '{}');
    assert.match(await raw.until((r) => r.includes('{"status":"OK"}')), /^HTTP\/1\.1 202 Accepted\r\n/);
  } finally {
    raw.close();
    await api.close();
  }
});

test('a chunked body is read; Expect: 100-continue is answered before the body', async () => {
  const api = runtimeApi();
  const raw = new Raw(await api.listen());
  try {
    const outcome = api.deliver(invocation('req-c'));
    raw.send(`GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    await raw.until((r) => r.endsWith('{"n":1}'));
    raw.received = '';
    raw.send(`POST ${PREFIX}/invocation/req-c/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nLambda-Runtime-Function-Error-Type: Boom\r\n\r\n`);
    assert.equal(await raw.until((r) => r.includes('\r\n\r\n')), 'HTTP/1.1 100 Continue\r\n\r\n');
    raw.send('5\r\n{"err\r\n');
    raw.send('3;ext=1\r\nor"\r\n2\r\n:1\r\n1\r\n}\r\n0\r\n\r\n');
    assert.deepEqual(await outcome, { kind: 'error', body: Buffer.from('{"error":1}'), errorType: 'Boom' });
    assert.match(await raw.until((r) => r.includes('{"status":"OK"}')), /HTTP\/1\.1 202 Accepted\r\n/);
  } finally {
    raw.close();
    await api.close();
  }
});

test('Connection: close and HTTP/1.0 are answered, then the connection closed', async () => {
  const api = runtimeApi();
  const address = await api.listen();
  for (const request of [`GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, `GET /nowhere HTTP/1.0\r\n\r\n`]) {
    const raw = new Raw(address);
    try {
      raw.send(request);
      await raw.until(() => false);
      assert.match(raw.received, /^HTTP\/1\.1 404 Not Found\r\n[^]*connection: close\r\n/);
      assert.equal(JSON.parse(raw.received.split('\r\n\r\n')[1]).errorType, 'UnknownPath');
      assert.equal(raw.closed, true);
    } finally {
      raw.close();
    }
  }
  await api.close();
});

test('a malformed request is refused with 400 and the connection closed; the listener keeps serving', async () => {
  const api = runtimeApi();
  const address = await api.listen();
  for (const request of ['NOT HTTP AT ALL\r\n\r\n', `POST ${PREFIX}/init/error HTTP/1.1\r\nContent-Length: twelve\r\n\r\n`, `POST ${PREFIX}/init/error HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n`]) {
    const raw = new Raw(address);
    try {
      raw.send(request);
      await raw.until(() => false);
      assert.match(raw.received, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.equal(raw.closed, true);
    } finally {
      raw.close();
    }
  }
  const initErrors: RuntimeOutcome[] = [];
  const other = runtimeApi(initErrors);
  const raw = new Raw(await other.listen());
  try {
    raw.send(`POST ${PREFIX}/init/error HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`);
    assert.match(await raw.until((r) => r.includes('{"status":"OK"}')), /^HTTP\/1\.1 202 Accepted\r\n/);
    assert.equal(initErrors.length, 1);
  } finally {
    raw.close();
    await other.close();
    await api.close();
  }
});

test('a runtime whose connection drops while waiting on next gets the event on its new connection', async () => {
  const api = runtimeApi();
  const address = await api.listen();
  const gone = new Raw(address);
  // The 404 is answered once both requests are read: the server then holds the `next`.
  gone.send(`GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
  await gone.until((r) => r.includes('UnknownPath'));
  gone.close();
  await gone.until(() => false);
  const raw = new Raw(address);
  try {
    raw.send(`GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    await raw.until((r) => r.includes('UnknownPath'));
    const outcome = api.deliver(invocation('req-r'));
    assert.match(await raw.until((r) => r.endsWith('{"n":1}')), /lambda-runtime-aws-request-id: req-r\r\n/);
    raw.send(`POST ${PREFIX}/invocation/req-r/response HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\ntrue`);
    assert.equal((await outcome).body.toString(), 'true');
    assert.equal(count(raw.received, 'HTTP/1.1 200'), 1);
  } finally {
    raw.close();
    await api.close();
  }
});
