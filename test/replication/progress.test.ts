/**
 * The progress line of the long `gatehouse dr` operations: drawn on a terminal only, cleared at
 * the end, counting the SDK calls the sides' clients make.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { closeSide, openSide } from '../../src/replication/clients.js';
import { countCalls, ProgressLine } from '../../src/replication/progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 60, write: (t: string) => written.push(t) };
}

test('on a terminal the line shows the calls and the step, and is cleared at the end', () => {
  const s = stream(true);
  const bar = new ProgressLine(s);
  bar.call();
  bar.update('capture');
  bar.done();
  assert.match(s.written[0]!, /^\r\x1b\[2K- \d+\.\d s, 1 calls$/);
  assert.equal(s.written.at(-1), '\r\x1b[2K');
  assert.ok(s.written.every((w) => w.length <= 60 + 5));
});

test('when stderr is not a terminal (or --json) nothing is drawn', () => {
  const s = stream(false);
  const bar = new ProgressLine(s);
  bar.call();
  bar.update('capture');
  bar.done();
  assert.deepEqual(s.written, []);
  assert.equal(bar.calls, 1);
});

test('every SDK call of a side is counted, failed ones too, until the counter is removed', async () => {
  const side = openSide({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', account: '111111111111', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  let calls = 0;
  const remove = countCalls([side], () => calls++);
  await assert.rejects(side.apigateway.send(new GetRestApisCommand({})));
  assert.equal(calls, 1);
  remove();
  await assert.rejects(side.apigateway.send(new GetRestApisCommand({})));
  assert.equal(calls, 1);
  closeSide(side);
});
