/**
 * The HTTP API Lambda proxy route beside the REST AWS_PROXY route, on one Gatehouse, same load,
 * same run: the REST API of the functions benchmark (GET /node, bench/functions.ts) and an HTTP
 * API (`$default` stage, auto-deploy) whose `GET /node` calls the same function with payload 2.0
 * and whose `GET /bare` calls the data-plane benchmark's function (a bare object, inferred as
 * 200 JSON). With `--cpu-prof` Gatehouse is profiled and the measured window of each target is
 * summarised (the profiler costs throughput: compare where the time goes).
 *
 *   npx tsx bench/profile-http-api-lambda.ts [--duration 10] [--connections 50] [--cpu-prof]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { liftAccountThrottle } from './data-plane-usage.js';
import { setUpFunctions, treeCpuMs } from './functions.js';
import { loadGenerator } from './load.js';
import { formatSummary, summarise, type CpuProfile } from './profile-summary.js';
import { startGatehouseProcess, type BenchServer } from './servers.js';
import { numberFlag } from './format.js';

const PROFILES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results', 'profiles');
const BARE_SOURCE = `export const handler = async (event) => ({ path: event.rawPath, id: event.requestContext.requestId });\n`;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function main(argv: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => numberFlag(argv, name, fallback);
  const durationS = flag('--duration', 10);
  const connections = flag('--connections', 50);
  const profiled = argv.includes('--cpu-prof');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cpuprof-'));
  const gen = await loadGenerator();
  let gatehouse: BenchServer | undefined;
  const windows: { name: string; fromUs: number; toUs: number; requests: number; cpuMs?: number }[] = [];
  try {
    gatehouse = await startGatehouseProcess(profiled ? ['--cpu-prof', '--cpu-prof-dir', dir] : []);
    const { bench, urls } = await setUpFunctions(gatehouse);
    // Past AWS's account limit (10,000 req/s), which REST and HTTP APIs share, requests would be answered 429.
    await liftAccountThrottle(gatehouse.url);
    const bare = await bench.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench-http-api',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/bench',
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8(BARE_SOURCE) }) },
      }),
    );
    const v2 = new ApiGatewayV2Client({ endpoint: gatehouse.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const api = await v2.send(new CreateApiCommand({ Name: 'bench-http-api', ProtocolType: 'HTTP' }));
    const nodeArn = `arn:aws:lambda:us-east-1:000000000000:function:warm-node`;
    for (const [path, arn] of [
      ['/node', nodeArn],
      ['/bare', bare.FunctionArn!],
    ] as const) {
      const i = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'AWS_PROXY', IntegrationUri: arn, PayloadFormatVersion: '2.0' }));
      await v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: `GET ${path}`, Target: `integrations/${i.IntegrationId}` }));
    }
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
    v2.destroy();
    bench.lambda.destroy();
    bench.apigateway.destroy();
    const base = `${gatehouse.url}/_aws/execute-api/${api.ApiId}`;
    const targets = [
      ['(REST) AWS_PROXY GET /node', urls.node],
      ['(HTTP API) AWS_PROXY 2.0 GET /node', `${base}/node`],
      ['(HTTP API) AWS_PROXY 2.0 GET /bare (bench j)', `${base}/bare`],
    ] as const;
    for (const [name, url] of targets) {
      const check = await fetch(url);
      const text = await check.text();
      if (check.status !== 200) throw new Error(`${name}: ${check.status} ${text.slice(0, 300)}`);
      await gen.run({ url, connections, durationS: 3 });
      const cpu0 = treeCpuMs(gatehouse.pid);
      const fromUs = nowUs();
      const load = await gen.run({ url, connections, durationS });
      const toUs = nowUs();
      const cpu1 = treeCpuMs(gatehouse.pid);
      const perReq = (ms: number) => ((ms * 1000) / load.requests).toFixed(1);
      console.log(
        `${name}: ${Math.round(load.reqPerSec)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, non-2xx ${load.non2xx}, errors ${load.errors}; ` +
          `CPU us/req: Gatehouse ${cpu0 && cpu1 ? perReq(cpu1.root - cpu0.root) : '-'}, functions ${cpu0 && cpu1 ? perReq(cpu1.descendants - cpu0.descendants) : '-'}`,
      );
      windows.push({ name, fromUs, toUs, requests: load.requests, cpuMs: cpu0 && cpu1 ? cpu1.root - cpu0.root : undefined });
    }
    await gatehouse.stop();
    gatehouse = undefined;
    if (profiled) {
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error('Gatehouse wrote no .cpuprofile');
      mkdirSync(PROFILES_DIR, { recursive: true });
      const kept = join(PROFILES_DIR, `http-api-lambda-${new Date().toISOString().replace(/:/g, '-')}.cpuprofile`);
      renameSync(join(dir, file), kept);
      const data = JSON.parse(readFileSync(kept, 'utf8')) as CpuProfile;
      console.log(`profile: ${kept}`);
      for (const w of windows) {
        console.log(`\n=== ${w.name} (profiled window) ===`);
        console.log(formatSummary(summarise(data, { fromUs: w.fromUs, toUs: w.toUs, top: 25, bySamples: true }), w.cpuMs === undefined ? undefined : (w.cpuMs * 1000) / w.requests));
      }
    }
  } finally {
    await gatehouse?.stop();
    gen.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
