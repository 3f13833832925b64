/**
 * The traffic-control part of the data-plane benchmark (issue 6): the bench API's GET /mock
 * with apiKeyRequired, deployed to a third stage, `keyed`, whose stage default method throttling
 * (`*` / `*`) is on, and a usage plan over that stage (plan throttle and a DAY quota, both far above
 * what the run sends, so nothing is refused) holding the API key every request sends:
 *  (h) MOCK + API key, usage plan (throttle, quota), stage throttling,
 *  (h+) the same with the stage cache on (`*` / `*` caching enabled): keys, throttling and caching,
 * each reported as a ratio to (c), plain MOCK, and as the CPU per request it adds to (c). Issue 6's
 * target: keys, throttling and caching together cost at most 15 % of MOCK's throughput.
 *
 * Also: the account-level throttle (AWS's 10,000 requests per second, which Gatehouse enforces)
 * is lifted for the bench's account before any run, through UpdateAccount's `/throttle/*` (a
 * Gatehouse extension), as an AWS account would have its limit raised for such traffic. The bucket
 * is still taken from on every request, so every run pays for it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  UpdateAccountCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { STAGE, type BenchApi } from './bench-api.js';
import type { LoadGenerator } from './load.js';
import type { DataPlaneOptions, Servers, TargetName, TargetRun } from './data-plane.js';
import { fmt } from './format.js';

export const KEYED_STAGE = 'keyed';
export const KEYED_LABEL = '(h) MOCK + API key, usage plan, stage throttling';
export const KEYED_CACHED_LABEL = '(h+) the same with the stage cache on';

/** Turns the keyed stage's cache on for (h+): every request after the first is a cache hit. */
const CACHE_ON: PatchOperation[] = [
  { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
  { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
];

/** Far above what one machine sends: every request passes, and each still takes its tokens. */
const HIGH = '100000000';

/**
 * The `keyed` stage's settings for (h); (h+) adds CACHE_ON to them.
 */
export const KEYED_STAGE_SETTINGS: PatchOperation[] = [
  { op: 'replace', path: '/*/*/throttling/rateLimit', value: HIGH },
  { op: 'replace', path: '/*/*/throttling/burstLimit', value: HIGH },
];

export type UsageRun = TargetRun & { ratioToMock?: number; addedCpuUsPerReq?: number; withCaching?: UsageRun };

export interface UsageTarget {
  url: string;
  headers: Record<string, string>;
}

const client = (gatehouseUrl: string) =>
  new APIGatewayClient({ endpoint: gatehouseUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

/** Lifts the account-level throttle of the bench's account (us-east-1) far above what the bench sends. */
export async function liftAccountThrottle(gatehouseUrl: string): Promise<void> {
  const c = client(gatehouseUrl);
  try {
    await c.send(
      new UpdateAccountCommand({
        patchOperations: [
          { op: 'replace', path: '/throttle/rateLimit', value: HIGH },
          { op: 'replace', path: '/throttle/burstLimit', value: HIGH },
        ],
      }),
    );
  } finally {
    c.destroy();
  }
}

/** GET /mock with apiKeyRequired on stage `keyed` (stage `bench` keeps its own deployment), its plan and key. */
export async function deployKeyedStage(gatehouseUrl: string, api: BenchApi): Promise<UsageTarget> {
  const c = client(gatehouseUrl);
  try {
    const { restApiId } = api;
    const resources = await c.send(new GetResourcesCommand({ restApiId }));
    const mock = resources.items!.find((r) => r.path === '/mock')!;
    await c.send(new UpdateMethodCommand({ restApiId, resourceId: mock.id!, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: KEYED_STAGE }));
    await c.send(new UpdateStageCommand({ restApiId, stageName: KEYED_STAGE, patchOperations: KEYED_STAGE_SETTINGS }));
    const key = await c.send(new CreateApiKeyCommand({ name: 'bench', enabled: true }));
    const plan = await c.send(
      new CreateUsagePlanCommand({
        name: 'bench',
        apiStages: [{ apiId: restApiId, stage: KEYED_STAGE }],
        throttle: { rateLimit: Number(HIGH), burstLimit: Number(HIGH) },
        quota: { limit: Number(HIGH), period: 'DAY', offset: 0 },
      }),
    );
    await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }));
    return { url: api.mockUrl.replace(`/${STAGE}/`, `/${KEYED_STAGE}/`), headers: { 'x-api-key': key.value! } };
  } finally {
    c.destroy();
  }
}

/** The target answers 200 with the key and 403 without it, so the run measures the enforcing path. */
async function checkKeyed(t: UsageTarget): Promise<void> {
  const withKey = await fetch(t.url, { headers: t.headers });
  const body = await withKey.text();
  if (withKey.status !== 200) throw new Error(`${KEYED_LABEL} answered ${withKey.status}: ${body.slice(0, 300)}`);
  const without = await fetch(t.url);
  await without.text();
  if (without.status !== 403) throw new Error(`${KEYED_LABEL} answered ${without.status} without its API key (expected 403)`);
}

type Measure = (gen: LoadGenerator, url: string, connections: number, durationS: number, servers: Servers, headers?: Record<string, string>) => Promise<TargetRun>;

/** (h) after the plain runs, as a ratio to (c) and the CPU it adds to (c). */
export async function runUsage(
  gen: LoadGenerator,
  measure: Measure,
  setup: { gatehouseUrl: string; api: BenchApi; servers: Servers },
  options: DataPlaneOptions,
  plain: Partial<Record<TargetName, TargetRun>>,
  log: (line: string) => void,
): Promise<UsageRun> {
  const t = await deployKeyedStage(setup.gatehouseUrl, setup.api);
  await checkKeyed(t);
  const compare = (run: UsageRun): UsageRun => {
    const mock = plain.mock;
    if (mock?.load.reqPerSec) run.ratioToMock = Math.round((run.load.reqPerSec / mock.load.reqPerSec) * 1000) / 1000;
    if (mock?.gatehouseCpuUsPerReq !== undefined && run.gatehouseCpuUsPerReq !== undefined) {
      run.addedCpuUsPerReq = Math.round((run.gatehouseCpuUsPerReq - mock.gatehouseCpuUsPerReq) * 10) / 10;
    }
    return run;
  };
  const measured = async (label: string): Promise<UsageRun> => {
    log(`  ${label}: ${options.warmupS} s warm-up, ${options.durationS} s at ${options.connections} connections ...`);
    await gen.run({ url: t.url, connections: options.connections, durationS: options.warmupS, headers: t.headers });
    return compare(await measure(gen, t.url, options.connections, options.durationS, setup.servers, t.headers));
  };
  const run = await measured(KEYED_LABEL);
  const c = client(setup.gatehouseUrl);
  try {
    await c.send(new UpdateStageCommand({ restApiId: setup.api.restApiId, stageName: KEYED_STAGE, patchOperations: CACHE_ON }));
  } finally {
    c.destroy();
  }
  await checkKeyed(t);
  run.withCaching = await measured(KEYED_CACHED_LABEL);
  return run;
}

/** Issue 6's bound on the cost of keys, throttling and caching: at least 85 % of MOCK's throughput. */
export const USAGE_TARGET_RATIO = 0.85;

export function usageTable(run: UsageRun): string {
  const row = (label: string, r: UsageRun) => [
    label,
    fmt(r.load.reqPerSec, 0),
    r.ratioToMock === undefined ? '-' : `${r.ratioToMock.toFixed(2)}x`,
    fmt(r.load.latencyMs.p50, 3),
    fmt(r.load.latencyMs.p99, 3),
    fmt(r.gatehouseCpuUsPerReq),
    fmt(r.addedCpuUsPerReq),
    `>= ${USAGE_TARGET_RATIO}x: ${r.ratioToMock === undefined ? 'not measured' : r.ratioToMock >= USAGE_TARGET_RATIO ? 'met' : 'MISSED'}`,
  ];
  const rows: string[][] = [
    ['traffic control (stage `keyed`)', 'req/s', 'x (c) MOCK', 'p50 ms', 'p99 ms', 'Gatehouse CPU us/req', 'added to (c)', 'target'],
    row(KEYED_LABEL, run),
    ...(run.withCaching ? [row(KEYED_CACHED_LABEL, run.withCaching)] : []),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)) + 2);
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat(Math.max(0, widths[i] - cell.length))).join('').trimEnd()).join('\n');
}
