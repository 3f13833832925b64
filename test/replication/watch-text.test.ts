/**
 * What `gatehouse dr watch` reads and prints: the --interval durations, and a cycle as a line
 * (the new point, the apply, an error with the wait before the next try, the RPO).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cycleText, parseDuration } from '../../src/replication/cli.js';
import type { WatchCycle } from '../../src/replication/index.js';

test('--interval takes ms, s, m, h or bare seconds, and refuses the rest', () => {
  assert.deepEqual(['500ms', '30s', '2m', '1h', '1.5'].map(parseDuration), [500, 30_000, 120_000, 3_600_000, 1500]);
  for (const bad of ['0', '0s', '-1s', 'soon', '30 seconds', '']) assert.throws(() => parseDuration(bad), /--interval takes a duration such as 30s/, bad);
});

const base: WatchCycle = { cycle: 3, mode: 'warm-standby', startedAt: '2026-01-01T10:20:30.000Z', durationMs: 1200, pruned: [], failures: 0, nextInMs: 28_800 };

test('a cycle that made a point and applied it names both, and the RPO', () => {
  const line = cycleText({
    ...base,
    capture: { ms: 800, point: '000007-x', changed: true, resources: 12 },
    pruned: ['000001-x'],
    apply: { ms: 400, point: '000007-x', changes: 2, passes: 2 },
    recoveryPoint: '000007-x',
    rpoSeconds: 1.2,
  });
  assert.equal(line, '10:20:30 cycle 3: new point 000007-x (12 resources, capture 0.8 s); 1 old point removed; applied to the target: 2 changes in 0.4 s; RPO 1.2 s (000007-x)');
});

test('a failed cycle says which step failed, how many in a row, and when the next try is', () => {
  const line = cycleText({
    ...base,
    capture: { ms: 800, point: '000007-x', changed: false, resources: 12 },
    error: { step: 'apply', message: 'update GET /orders failed in the target: ServiceUnavailableException: down' },
    failures: 2,
    recoveryPoint: '000006-x',
    rpoSeconds: 61,
    nextInMs: 60_000,
  });
  assert.equal(
    line,
    '10:20:30 cycle 3: source unchanged (capture 0.8 s); ERROR (apply, 2 in a row): update GET /orders failed in the target: ServiceUnavailableException: down; RPO 61.0 s (000006-x); next try in 60.0 s',
  );
  assert.match(cycleText({ ...base, error: { step: 'capture', message: 'ECONNREFUSED' }, failures: 1 }), /ERROR \(capture\): ECONNREFUSED; RPO: nothing safe yet; next try in/);
});
