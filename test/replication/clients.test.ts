/**
 * The engine's one way to call a side: control-plane rate limits (TooManyRequestsException, 429)
 * are retried with exponential backoff; other errors are not; listings are paged to the end.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isRateLimited, pages, send } from '../../src/replication/clients.js';

const throttled = () => Object.assign(new Error('Too Many Requests'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
const FAST = { attempts: 4, baseMs: 1, maxMs: 4 };

function client(errors: Error[], answer: unknown) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async send() {
      calls++;
      const e = errors.shift();
      if (e) throw e;
      return answer;
    },
  };
}

describe('send and pages', () => {
  test('TooManyRequestsException is retried with backoff until the call goes through', async () => {
    const c = client([throttled(), throttled()], { ok: true });
    assert.deepEqual(await send(c, {}, FAST), { ok: true });
    assert.equal(c.calls, 3);
  });

  test('a rate limit that outlasts the attempts is thrown', async () => {
    const c = client([throttled(), throttled(), throttled(), throttled()], { ok: true });
    await assert.rejects(send(c, {}, FAST), { name: 'TooManyRequestsException' });
    assert.equal(c.calls, 4);
  });

  test('other errors are not retried; LimitExceededException (a quota, also 429) is not a rate limit', async () => {
    const quota = Object.assign(new Error('Limit'), { name: 'LimitExceededException', $metadata: { httpStatusCode: 429 } });
    assert.equal(isRateLimited(quota), false);
    const c = client([Object.assign(new Error('nope'), { name: 'BadRequestException' })], {});
    await assert.rejects(send(c, {}, FAST), { name: 'BadRequestException' });
    assert.equal(c.calls, 1);
  });

  test('pages follows position to the end', async () => {
    const pagesOf: Record<string, { items: number[]; position?: string }> = { start: { items: [1, 2], position: 'b' }, b: { items: [3], position: 'c' }, c: { items: [4] } };
    assert.deepEqual(await pages(async (p) => pagesOf[p ?? 'start']!), [1, 2, 3, 4]);
  });
});
