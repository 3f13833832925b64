// The in-memory log of a function keeps the last N characters, whatever the sizes of the appends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogBuffer } from '../../src/functions/logs.ts';

test('keeps exactly the last N characters over many small and large appends', () => {
  const log = new LogBuffer(100);
  let all = '';
  for (let i = 0; i < 5000; i++) {
    const piece = i % 97 === 0 ? `big${'x'.repeat(150)}${i}\n` : `line ${i}\n`;
    log.append(piece);
    all += piece;
    if (i % 499 === 0) assert.equal(log.text(), all.slice(-100));
  }
  assert.equal(log.text(), all.slice(-100));
});

test('a short log is kept whole', () => {
  const log = new LogBuffer(1000);
  log.append('START\n');
  log.append('hello\n');
  assert.equal(log.text(), 'START\nhello\n');
});
