// The code cache: a zip unpacked once per CodeSha256, file modes kept, no path out of the directory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { CodeCache, InvalidCodeError } from '../../src/functions/code-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-code-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

const sha = (zip: Uint8Array) => createHash('sha256').update(zip).digest('base64');
const b64 = (zip: Uint8Array) => Buffer.from(zip).toString('base64');

test('unpacks once per CodeSha256, keeping Unix modes', async () => {
  const zip = zipSync({
    bootstrap: [strToU8('#!/bin/sh\n'), { os: 3, attrs: 0o755 << 16 }],
    'lib/util.py': strToU8('x = 1\n'),
  });
  const cache = new CodeCache(root);
  assert.equal(cache.has(sha(zip)), false);
  const [a, b] = await Promise.all([cache.dir(sha(zip), b64(zip)), cache.dir(sha(zip), b64(zip))]);
  assert.equal(a, b);
  assert.equal(statSync(join(a, 'bootstrap')).mode & 0o777, 0o755);
  assert.equal(readFileSync(join(a, 'lib/util.py'), 'utf8'), 'x = 1\n');
  assert.equal(cache.has(sha(zip)), true);
  // A new cache over the same directory (a restart) finds it without the zip.
  assert.equal(await new CodeCache(root).dir(sha(zip), undefined), a);
  assert.deepEqual(readdirSync(root).filter((n) => n.includes('.tmp-')), []);
});

test('refuses entries that leave the directory (zip slip) and zips that do not match their hash', async () => {
  const cache = new CodeCache(root);
  const evil = zipSync({ '../escape.txt': strToU8('no') });
  await assert.rejects(cache.dir(sha(evil), b64(evil)), InvalidCodeError);
  const other = zipSync({ 'a.txt': strToU8('a') });
  await assert.rejects(cache.dir(sha(evil), b64(other)), InvalidCodeError);
  assert.deepEqual(readdirSync(root).filter((n) => n.includes('.tmp-')), []);
});
