/**
 * The disaster-recovery part of `npm run bench` (issue 8, "Tests and figures"): one Gatehouse
 * (as `npm start` runs it) holds a generated source estate in us-east-1 / 111111111111 and is the
 * recovery target in us-west-2 / 222222222222. The engine runs in this process and reaches both
 * only through the SDK clients, as it would reach AWS.
 *
 * Estate: 50 REST APIs x 40 resources, each with a GET method (MOCK on even paths, HTTP on odd
 * ones; made by ImportRestApi) deployed to a `prod` stage; 50 API keys (with values) in 10 usage
 * plans, each metering the stages of several APIs (the 50 APIs shared out); and 20 HTTP APIs (10 routes each, HTTP_PROXY integrations,
 * `$default` stage with auto-deploy) when the apigatewayv2 resource types are registered.
 *
 * Measured, in order: capture (a recovery point), plan (into the empty target), failover (the
 * RTO into a Gatehouse target), rerun (changes nothing), verify; then `watch` in warm standby at
 * its interval while the source changes once a second (an API's description, or a MOCK
 * template), for N cycles: the RPO it sustains is the age of the state the target holds, taken
 * at its worst (the moment just before each apply lands: that apply's end minus the capture
 * start of the state the target held until then), from the second cycle on; last, a failover
 * after warm standby (the target is current: the switch), and one with a last change captured
 * but not applied yet (the failover applies that diff).
 * Targets: capture <= 5 s, failover <= 10 s, RPO <= 60 s.
 * BENCH_DR_INTERVAL_S (default 30, watch's default) and BENCH_DR_CYCLES (default 4) set the watch
 * run; BENCH_DR_HTTP_APIS=0 leaves the HTTP APIs out.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  ImportRestApiCommand,
  PutIntegrationResponseCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand as CreateStageV2Command } from '@aws-sdk/client-apigatewayv2';
import { DisasterRecovery, type DrConfig, type WatchCycle } from '../src/replication/index.js';
import { pointsDir } from '../src/replication/points.js';
import { allTypes } from '../src/replication/registry.js';
import { machineCpuMs, startGatehouseProcess, type BenchServer } from './servers.js';

export const DR_OPTIONS = {
  restApis: 50,
  resourcesPerApi: 40,
  httpApis: 20,
  routesPerHttpApi: 10,
  apiKeys: 50,
  usagePlans: 10,
  intervalS: Number(process.env.BENCH_DR_INTERVAL_S ?? 30),
  cycles: Number(process.env.BENCH_DR_CYCLES ?? 4),
  changesPerSecond: 1,
};

export const DR_TARGETS = { captureS: 5, failoverS: 10, rpoS: 60 };

const SOURCE = { region: 'us-east-1', account: '111111111111' };
const TARGET = { region: 'us-west-2', account: '222222222222' };

export interface Timed {
  s: number;
  /** Gatehouse's CPU over the step, s. */
  serverCpuS?: number;
  /** This process's CPU over the step (the engine: SDK calls, hashing, translation, diffing), s. */
  engineCpuS?: number;
  /** CPU the rest of the machine (not Gatehouse, not this process) used over the step, s: other work competing. */
  otherCpuS?: number;
}

export interface DrResult {
  options: typeof DR_OPTIONS;
  estate: { restApis: number; resources: number; methods: number; httpApis: number; httpApisLeftOut?: string; apiKeys: number; usagePlans: number; buildS: number };
  capture?: Timed & { resources: number; pointBytes: number };
  plan?: Timed & { actions: number };
  failover?: Timed & { actions: number; passes: number };
  rerun?: Timed & { actions: number };
  verify?: Timed & { equal: boolean };
  watch?: {
    intervalS: number;
    sourceChanges: number;
    cycles: { captureS?: number; changed?: boolean; applyS?: number; applyChanges?: number; error?: string; rpoAtEndS?: number }[];
    /** The worst age of what the target held, from the second cycle on. */
    rpoMaxS?: number;
    cycleMaxS?: number;
  };
  warmFailover?: Timed & { actions: number };
  /** A change the watch has not applied yet (captured, then the region fails): the failover applies that diff. */
  lastDiffFailover?: Timed & { actions: number };
  targetStatus: { capture: string; failover: string; rpo: string };
  error?: string;
}

const side = (url: string, scope: { region: string; account: string }) => ({ endpoint: url, region: scope.region, account: scope.account, credentials: { accessKeyId: scope.account, secretAccessKey: 'bench' } });

function openApi(i: number, resources: number): string {
  const paths: Record<string, unknown> = {};
  for (let r = 0; r < resources; r++) {
    const name = `res${String(r).padStart(2, '0')}`;
    const integration =
      r % 2 === 0
        ? { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200', responseTemplates: { 'application/json': `{"api": ${i}, "resource": ${r}}` } } } }
        : { type: 'http', httpMethod: 'GET', uri: `http://backend.example.com/api${i}/${name}`, responses: { default: { statusCode: '200' } }, passthroughBehavior: 'when_no_match' };
    paths[`/${name}`] = { get: { responses: { '200': { description: 'OK' } }, 'x-amazon-apigateway-integration': integration } };
  }
  return JSON.stringify({ openapi: '3.0.1', info: { title: `dr-bench-${String(i).padStart(2, '0')}`, version: '1' }, paths });
}

interface Estate {
  restApis: { id: string; mockResourceId: string }[];
  result: DrResult['estate'];
}

async function buildEstate(url: string, withHttpApis: boolean, httpApisLeftOut: string | undefined): Promise<Estate> {
  const started = Date.now();
  const config = { ...side(url, SOURCE), maxAttempts: 1 };
  const c = new APIGatewayClient(config);
  const v2 = new ApiGatewayV2Client(config);
  const o = DR_OPTIONS;
  try {
    const restApis: Estate['restApis'] = [];
    let methods = 0;
    for (let i = 0; i < o.restApis; i++) {
      const api = await c.send(new ImportRestApiCommand({ body: new TextEncoder().encode(openApi(i, o.resourcesPerApi)), parameters: { endpointConfigurationTypes: 'REGIONAL' } }));
      const deployment = await c.send(new CreateDeploymentCommand({ restApiId: api.id! }));
      await c.send(new CreateStageCommand({ restApiId: api.id!, stageName: 'prod', deploymentId: deployment.id! }));
      const resources = (await c.send(new GetResourcesCommand({ restApiId: api.id!, limit: 500, embed: ['methods'] }))).items ?? [];
      methods += resources.reduce((n, r) => n + Object.keys(r.resourceMethods ?? {}).length, 0);
      restApis.push({ id: api.id!, mockResourceId: resources.find((r) => r.path === '/res00')!.id! });
    }
    const keys: string[] = [];
    for (let k = 0; k < o.apiKeys; k++) keys.push((await c.send(new CreateApiKeyCommand({ name: `dr-bench-key-${k}`, value: `dr-bench-key-value-${String(k).padStart(4, '0')}-0123456789`, enabled: true }))).id!);
    for (let p = 0; p < o.usagePlans; p++) {
      // Each plan meters its share of the APIs' prod stages: lists the source and the target order by their own ids.
      const share = Math.ceil(restApis.length / o.usagePlans);
      const apiStages = restApis.slice(p * share, (p + 1) * share).map((a) => ({ apiId: a.id, stage: 'prod' }));
      const plan = await c.send(new CreateUsagePlanCommand({ name: `dr-bench-plan-${p}`, apiStages, throttle: { rateLimit: 100, burstLimit: 50 }, quota: { limit: 10000, period: 'DAY' } }));
      for (const keyId of keys.slice(p * (o.apiKeys / o.usagePlans), (p + 1) * (o.apiKeys / o.usagePlans))) await c.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId, keyType: 'API_KEY' }));
    }
    let httpApis = 0;
    if (withHttpApis) {
      for (let h = 0; h < o.httpApis; h++) {
        const api = await v2.send(new CreateApiCommand({ Name: `dr-bench-http-${h}`, ProtocolType: 'HTTP' }));
        for (let r = 0; r < o.routesPerHttpApi; r++) {
          const integration = await v2.send(
            new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: `http://backend.example.com/http${h}/r${r}`, PayloadFormatVersion: '1.0' }),
          );
          await v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: `GET /r${r}`, Target: `integrations/${integration.IntegrationId}` }));
        }
        await v2.send(new CreateStageV2Command({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
        httpApis++;
      }
    }
    return {
      restApis,
      result: {
        restApis: restApis.length,
        resources: restApis.length * (o.resourcesPerApi + 1),
        methods,
        httpApis,
        ...(httpApisLeftOut ? { httpApisLeftOut } : {}),
        apiKeys: keys.length,
        usagePlans: o.usagePlans,
        buildS: (Date.now() - started) / 1000,
      },
    };
  } finally {
    c.destroy();
    v2.destroy();
  }
}

async function timed<T>(server: BenchServer, work: () => Promise<T>): Promise<{ value: T } & Timed> {
  const cpu0 = server.cpuMs();
  const machine0 = machineCpuMs();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const s = (performance.now() - t0) / 1000;
  const cpu1 = server.cpuMs();
  const machine1 = machineCpuMs();
  const own = process.cpuUsage(own0);
  const serverCpuS = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / 1000 : undefined;
  const otherCpuS = machine0 && machine1 && serverCpuS !== undefined ? Math.max(0, (machine1.busy - machine0.busy) / 1000 - serverCpuS - (own.user + own.system) / 1e6) : undefined;
  return { value, s, engineCpuS: (own.user + own.system) / 1e6, ...(serverCpuS !== undefined ? { serverCpuS } : {}), ...(otherCpuS !== undefined ? { otherCpuS } : {}) };
}

/** The source changes once a second until stopped: an API's description, or a MOCK template. */
function startChanges(url: string, estate: Estate): { stop(): Promise<number> } {
  const c = new APIGatewayClient({ ...side(url, SOURCE), maxAttempts: 1 });
  let n = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const next = Date.now() + 1000 / DR_OPTIONS.changesPerSecond;
      const api = estate.restApis[n % estate.restApis.length]!;
      if (n % 2 === 0) await c.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/description', value: `change ${n}` }] }));
      else {
        await c.send(
          new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: api.mockResourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': `{"change": ${n}}` } }),
        );
      }
      n++;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      c.destroy();
      return n;
    },
  };
}

/** Each cycle's worst RPO: the cycle's end minus the confirmation time of what the target held before it. */
function worstRpo(cycles: WatchCycle[]): number | undefined {
  let heldSince: number | undefined;
  let worst: number | undefined;
  cycles.forEach((c, i) => {
    const end = Date.parse(c.startedAt) + c.durationMs;
    if (i > 0 && heldSince !== undefined) worst = Math.max(worst ?? 0, (end - heldSince) / 1000);
    if (c.rpoSeconds !== undefined) heldSince = end - c.rpoSeconds * 1000;
  });
  return worst;
}

export async function runDr(log: (line: string) => void = console.log): Promise<DrResult> {
  const o = DR_OPTIONS;
  const v2Registered = allTypes().some((t) => t.type.startsWith('apigatewayv2:') && t.root);
  const withHttpApis = v2Registered && process.env.BENCH_DR_HTTP_APIS !== '0';
  const leftOut = withHttpApis ? undefined : v2Registered ? 'BENCH_DR_HTTP_APIS=0' : 'the apigatewayv2 resource types are not registered (src/replication/apigatewayv2/)';
  const server = await startGatehouseProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-dr-'));
  const config: DrConfig = { dataDir, source: side(server.url, SOURCE), target: side(server.url, TARGET), selection: { all: true }, mode: 'warm-standby', retention: 10 };
  const dr = new DisasterRecovery(config);
  const result: DrResult = { options: o, estate: { restApis: 0, resources: 0, methods: 0, httpApis: 0, apiKeys: 0, usagePlans: 0, buildS: 0 }, targetStatus: { capture: 'not measured', failover: 'not measured', rpo: 'not measured' } };
  try {
    log('building the estate ...');
    const estate = await buildEstate(server.url, withHttpApis, leftOut);
    result.estate = estate.result;

    log('capture, plan, failover, rerun, verify ...');
    const capture = await timed(server, () => dr.capture());
    result.capture = { s: capture.s, serverCpuS: capture.serverCpuS, engineCpuS: capture.engineCpuS, otherCpuS: capture.otherCpuS, resources: capture.value.nodes.length, pointBytes: statSync(join(pointsDir(dataDir), `${capture.value.id}.json`)).size };
    const plan = await timed(server, () => dr.plan());
    result.plan = { s: plan.s, serverCpuS: plan.serverCpuS, engineCpuS: plan.engineCpuS, otherCpuS: plan.otherCpuS, actions: plan.value.actions.length };
    const failover = await timed(server, () => dr.failover());
    result.failover = { s: failover.s, serverCpuS: failover.serverCpuS, engineCpuS: failover.engineCpuS, otherCpuS: failover.otherCpuS, actions: failover.value.actions.length, passes: failover.value.passes };
    const rerun = await timed(server, () => dr.failover());
    result.rerun = { s: rerun.s, serverCpuS: rerun.serverCpuS, engineCpuS: rerun.engineCpuS, otherCpuS: rerun.otherCpuS, actions: rerun.value.actions.length };
    const verify = await timed(server, () => dr.verify());
    result.verify = { s: verify.s, serverCpuS: verify.serverCpuS, engineCpuS: verify.engineCpuS, otherCpuS: verify.otherCpuS, equal: verify.value.equal };

    log(`watch (warm standby) every ${o.intervalS} s for ${o.cycles} cycles while the source changes ${o.changesPerSecond}/s ...`);
    const changes = startChanges(server.url, estate);
    const cycles: WatchCycle[] = [];
    const watch = dr.watch({ intervalMs: o.intervalS * 1000, maxCycles: o.cycles });
    watch.on('cycle', (c: WatchCycle) => {
      cycles.push(c);
      log(`  cycle ${c.cycle}: capture ${c.capture ? `${(c.capture.ms / 1000).toFixed(1)} s${c.capture.changed ? '' : ' (unchanged)'}` : '-'}, apply ${c.apply ? `${(c.apply.ms / 1000).toFixed(1)} s (${c.apply.changes} changes)` : '-'}${c.error ? `, error: ${c.error.message}` : ''}; RPO ${c.rpoSeconds?.toFixed(1) ?? '-'} s`);
    });
    await watch.run();
    const sourceChanges = await changes.stop();
    result.watch = {
      intervalS: o.intervalS,
      sourceChanges,
      cycles: cycles.map((c) => ({
        captureS: c.capture ? c.capture.ms / 1000 : undefined,
        changed: c.capture?.changed,
        applyS: c.apply ? c.apply.ms / 1000 : undefined,
        applyChanges: c.apply?.changes,
        error: c.error?.message,
        rpoAtEndS: c.rpoSeconds,
      })),
      rpoMaxS: worstRpo(cycles),
      cycleMaxS: Math.max(...cycles.map((c) => c.durationMs / 1000)),
    };

    // The source stops changing and one last cycle brings the target current: then the failover.
    await dr.watch({ maxCycles: 1 }).run();
    const warm = await timed(server, () => dr.failover());
    result.warmFailover = { s: warm.s, serverCpuS: warm.serverCpuS, engineCpuS: warm.engineCpuS, otherCpuS: warm.otherCpuS, actions: warm.value.actions.length };

    // One more change is captured but not applied before the region fails: the failover applies it.
    const source = new APIGatewayClient({ ...side(server.url, SOURCE), maxAttempts: 1 });
    await source.send(new UpdateRestApiCommand({ restApiId: estate.restApis[0]!.id, patchOperations: [{ op: 'replace', path: '/description', value: 'the last change' }] }));
    source.destroy();
    await dr.capture();
    const lastDiff = await timed(server, () => dr.failover());
    result.lastDiffFailover = { s: lastDiff.s, serverCpuS: lastDiff.serverCpuS, engineCpuS: lastDiff.engineCpuS, otherCpuS: lastDiff.otherCpuS, actions: lastDiff.value.actions.length };
  } catch (err) {
    result.error = (err as Error).stack ?? String(err);
  } finally {
    dr.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const status = (value: number | undefined, target: number) => (value === undefined ? 'not measured' : value <= target ? 'met' : 'MISSED');
  result.targetStatus = {
    capture: status(result.capture?.s, DR_TARGETS.captureS),
    failover: status(result.failover?.s, DR_TARGETS.failoverS),
    rpo: status(result.watch?.rpoMaxS, DR_TARGETS.rpoS),
  };
  return result;
}

export function drTable(r: DrResult): string {
  const f = (n: number | undefined, d = 2) => (n === undefined ? '-' : n.toFixed(d));
  const rows: string[][] = [
    ['', 'seconds', 'Gatehouse CPU s', 'engine CPU s', 'other CPU s', 'detail', 'target'],
    ['capture (recovery point)', f(r.capture?.s), f(r.capture?.serverCpuS), f(r.capture?.engineCpuS), f(r.capture?.otherCpuS, 1), r.capture ? `${r.capture.resources} resources, ${(r.capture.pointBytes / 1e6).toFixed(1)} MB` : '', `<= ${DR_TARGETS.captureS} s: ${r.targetStatus.capture}`],
    ['plan (empty target)', f(r.plan?.s), f(r.plan?.serverCpuS), f(r.plan?.engineCpuS), f(r.plan?.otherCpuS, 1), r.plan ? `${r.plan.actions} actions` : '', ''],
    ['failover (RTO, cold)', f(r.failover?.s), f(r.failover?.serverCpuS), f(r.failover?.engineCpuS), f(r.failover?.otherCpuS, 1), r.failover ? `${r.failover.actions} changes, ${r.failover.passes} passes` : '', `<= ${DR_TARGETS.failoverS} s: ${r.targetStatus.failover}`],
    ['rerun of the failover', f(r.rerun?.s), f(r.rerun?.serverCpuS), f(r.rerun?.engineCpuS), f(r.rerun?.otherCpuS, 1), r.rerun ? `${r.rerun.actions} changes` : '', ''],
    ['verify', f(r.verify?.s), f(r.verify?.serverCpuS), f(r.verify?.engineCpuS), f(r.verify?.otherCpuS, 1), r.verify ? (r.verify.equal ? 'target equals the point' : 'TARGET DIFFERS') : '', ''],
    [
      `watch RPO, worst (every ${r.watch?.intervalS ?? '-'} s)`,
      f(r.watch?.rpoMaxS, 1),
      '',
      '',
      '',
      r.watch ? `${r.watch.cycles.length} cycles, ${r.watch.sourceChanges} source changes, longest cycle ${f(r.watch.cycleMaxS, 1)} s` : '',
      `<= ${DR_TARGETS.rpoS} s: ${r.targetStatus.rpo}`,
    ],
    ['failover after warm standby', f(r.warmFailover?.s), f(r.warmFailover?.serverCpuS), f(r.warmFailover?.engineCpuS), f(r.warmFailover?.otherCpuS, 1), r.warmFailover ? `${r.warmFailover.actions} changes (the switch)` : '', ''],
    ['  ... with the last diff unapplied', f(r.lastDiffFailover?.s), f(r.lastDiffFailover?.serverCpuS), f(r.lastDiffFailover?.engineCpuS), f(r.lastDiffFailover?.otherCpuS, 1), r.lastDiffFailover ? `${r.lastDiffFailover.actions} changes` : '', ''],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)) + 2);
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('').trimEnd());
  lines.push('engine CPU: this process (the replication engine and its SDK clients); other CPU: what the rest of the machine (other processes) used meanwhile; on a shared machine it explains slow wall times.');
  if (r.error) lines.push(`The DR run stopped: ${r.error}`);
  return lines.join('\n');
}
