/**
 * The AWS cost estimate as pure functions of counted usage: REST API tiers, HTTP API tiers and
 * 512 KB metering, cache hours, data transfer out, and the monthly projection.
 * https://aws.amazon.com/api-gateway/pricing/
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheHourlyPrice, costTable, estimate, PRICES, tiered, type Usage } from '../src/cost/index.js';
import { startTestGatehouse } from './helpers/gatehouse.js';
import { Totals } from '../src/gateway/metrics/index.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);
const GB = 1024 ** 3;

const usage = (u: Partial<Usage>): Usage => ({ requests: 0, httpApiUnits: 0, bytesOut: 0, bytesIn: 0, hours: 720, caches: [], ...u });

describe('tiered prices', () => {
  test('REST: $3.50/M for the first 333M, $2.80/M for the next 667M, $2.38/M to 20B, $1.51/M beyond', () => {
    close(tiered(1e6, PRICES.restRequests, 1e6), 3.5);
    close(tiered(333e6, PRICES.restRequests, 1e6), 333 * 3.5);
    close(tiered(1e9, PRICES.restRequests, 1e6), 333 * 3.5 + 667 * 2.8);
    close(tiered(21e9, PRICES.restRequests, 1e6), 333 * 3.5 + 667 * 2.8 + 19_000 * 2.38 + 1_000 * 1.51);
    close(tiered(0, PRICES.restRequests, 1e6), 0);
  });

  test('HTTP: $1.00/M for the first 300M, then $0.90/M', () => {
    close(tiered(300e6, PRICES.httpRequests, 1e6), 300);
    close(tiered(400e6, PRICES.httpRequests, 1e6), 300 + 90);
  });

  test('cache hours priced by size; an unlisted size as the next larger one', () => {
    close(cacheHourlyPrice('0.5'), 0.02);
    close(cacheHourlyPrice('237'), 3.8);
    close(cacheHourlyPrice('1.0'), PRICES.cacheHourly['1.6']);
  });
});

describe('estimate', () => {
  test('a month of 5 million REST calls returning 3 KB each (AWS pricing page example)', () => {
    const bytesOut = 5e6 * 3 * 1024;
    const e = estimate(usage({ requests: 5e6, httpApiUnits: 5e6, bytesOut }));
    close(e.observed.rest.requests, 17.5);
    close(e.observed.rest.dataTransfer, (bytesOut / GB) * 0.09);
    close(e.observed.rest.total, 17.5 + (bytesOut / GB) * 0.09);
    close(e.observed.http.requests, 5);
    close(e.observed.http.total, 5 + (bytesOut / GB) * 0.09);
    assert.equal(e.observed.http.cache, 0);
    assert.equal(e.monthly.scale, 1);
    assert.deepEqual(e.prices, { region: 'us-east-1', asOf: PRICES.asOf, source: 'https://aws.amazon.com/api-gateway/pricing/' });
  });

  test('caching is billed per hour on REST APIs only; the monthly projection scales the observed rate', () => {
    const e = estimate(usage({ requests: 1000, httpApiUnits: 1000, hours: 2, caches: [{ stage: 'a/prod', size: '0.5', hours: 2 }] }));
    close(e.observed.rest.cache, 0.04);
    close(e.monthly.rest.cache, 720 * 0.02);
    assert.equal(e.monthly.scale, 360);
    close(e.monthly.rest.requests, (360_000 / 1e6) * 3.5);
    close(e.monthly.http.requests, (360_000 / 1e6) * 1.0);
    assert.equal(e.observed.http.cache, 0);
  });

  test('HTTP APIs meter each started 512 KB of a request as one request', () => {
    const t = new Totals();
    const sample = { status: 200, latency: 1, integrationLatency: 1, cache: undefined, requestBytes: 0, responseBytes: 0 };
    t.add({ ...sample, responseBytes: 100 });
    t.add({ ...sample, responseBytes: 512 * 1024 });
    t.add({ ...sample, requestBytes: 512 * 1024, responseBytes: 1 });
    t.add({ ...sample, responseBytes: 3 * 512 * 1024 + 5 });
    assert.equal(t.count, 4);
    assert.equal(t.httpApiUnits, 1 + 1 + 2 + 4);
    const e = estimate(usage({ requests: t.count, httpApiUnits: t.httpApiUnits }));
    close(e.observed.http.requests, (8 / 1e6) * 1.0);
    close(e.observed.rest.requests, (4 / 1e6) * 3.5);
  });

  test('the table names the prices, their date and both API types', () => {
    const text = costTable(estimate(usage({ requests: 2e6, httpApiUnits: 2e6 })));
    assert.match(text, /us-east-1 prices of \d{4}-\d{2}-\d{2}, https:\/\/aws\.amazon\.com\/api-gateway\/pricing\//);
    assert.match(text, /REST API\n  requests +\$7\.00 +\$7\.00\n/);
    assert.match(text, /HTTP API \(2,000,000 metered requests\)\n  requests +\$2\.00 +\$2\.00\n/);
    assert.match(text, /Requests: 2,000,000/);
  });
});

describe('gatehouse cost', () => {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'gatehouse.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [bin, 'cost', ...args]);

  test('prices a month named on the command line', async () => {
    const { stdout } = await run(['--requests', '1000000000', '--cache-size', '0.5']);
    assert.match(stdout, /REST API\n  requests +\$3033\.10 /);
    assert.match(stdout, /  cache +\$14\.40 /);
    assert.match(stdout, /HTTP API \(1,000,000,000 metered requests\)\n  requests +\$930\.00 /);
  });

  test('asks a running Gatehouse for what it counted', async () => {
    const g = await startTestGatehouse({ inMemory: true });
    try {
      const { stdout } = await run(['--endpoint', g.url, '--json']);
      const e = JSON.parse(stdout) as { usage: { requests: number }; prices: { source: string } };
      assert.equal(e.usage.requests, 0);
      assert.equal(e.prices.source, PRICES.source);
    } finally {
      await g.stop();
    }
  });

  test('a bad option is a usage error', async () => {
    await assert.rejects(run(['--requests', 'lots']), (err: { code: number; stderr: string }) => err.code === 2 && /Invalid --requests 'lots'/.test(err.stderr));
  });
});
