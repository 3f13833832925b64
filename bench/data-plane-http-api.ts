/**
 * The HTTP API part of the data-plane benchmark (issue 7): an HTTP API (apigatewayv2) made through
 * the genuine @aws-sdk/client-apigatewayv2 on its `$default` stage with auto-deploy, driven with
 * the same settings as the REST runs:
 *  (i) HTTP API HTTP_PROXY: `ANY /proxy/{proxy+}` to `{backend}/{proxy}`, compared with the REST
 *      API's HTTP_PROXY (b) (target: at least as fast);
 *  (j) HTTP API Lambda proxy: `GET /lambda`, AWS_PROXY payload 2.0 to a Node.js function that
 *      answers a bare object (the 2.0 response inference runs per request).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import type { LoadGenerator } from './load.js';
import type { DataPlaneOptions, Servers, TargetName, TargetRun } from './data-plane.js';
import { fmt } from './format.js';

type Measure = (gen: LoadGenerator, url: string, connections: number, durationS: number, servers: Servers, headers?: Record<string, string>) => Promise<TargetRun>;

export type HttpApiTargetName = 'httpApiProxy' | 'httpApiLambda';

export const HTTP_API_LABELS: Record<HttpApiTargetName, string> = {
  httpApiProxy: '(i) HTTP API HTTP_PROXY',
  httpApiLambda: '(j) HTTP API Lambda proxy (2.0)',
};

export type HttpApiRun = TargetRun & { ratioToRestProxy?: number };

/** The runs, and why the part stopped if it did (the rest of the benchmark goes on). */
export type HttpApiRuns = Partial<Record<HttpApiTargetName, HttpApiRun>> & { error?: string };

const FUNCTION_SOURCE = `export const handler = async (event) => ({ path: event.rawPath, id: event.requestContext.requestId });\n`;

/** Makes the API and the function; answers the two invocation URLs (path form, no Host header needed). */
async function deployHttpApi(gatehouseUrl: string, backendUrl: string): Promise<Record<HttpApiTargetName, string>> {
  const config = { endpoint: gatehouseUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const v2 = new ApiGatewayV2Client(config);
  const lambda = new LambdaClient(config);
  try {
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench-http-api',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/bench',
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8(FUNCTION_SOURCE) }) },
      }),
    );
    const api = await v2.send(new CreateApiCommand({ Name: 'bench-http-api', ProtocolType: 'HTTP' }));
    const apiId = api.ApiId!;
    const proxy = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backendUrl}/{proxy}`, PayloadFormatVersion: '1.0' }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /proxy/{proxy+}', Target: `integrations/${proxy.IntegrationId}` }));
    const lambdaIntegration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn.FunctionArn!, PayloadFormatVersion: '2.0' }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /lambda', Target: `integrations/${lambdaIntegration.IntegrationId}` }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    const base = `${gatehouseUrl}/_aws/execute-api/${apiId}`;
    return { httpApiProxy: `${base}/proxy/hello`, httpApiLambda: `${base}/lambda` };
  } finally {
    v2.destroy();
    lambda.destroy();
  }
}

/** Each target answers 200 with what its integration made, before any load. */
async function check(urls: Record<HttpApiTargetName, string>, directUrl: string): Promise<void> {
  const direct = await (await fetch(directUrl)).text();
  const proxied = await fetch(urls.httpApiProxy);
  const text = await proxied.text();
  if (proxied.status !== 200 || text !== direct) throw new Error(`HTTP API HTTP_PROXY answered ${proxied.status}: ${text.slice(0, 200)}`);
  const fn = await fetch(urls.httpApiLambda);
  const body = await fn.text();
  if (fn.status !== 200 || !body.includes('"path":"/lambda"')) throw new Error(`HTTP API Lambda proxy answered ${fn.status}: ${body.slice(0, 200)}`);
}

export async function runHttpApi(
  gen: LoadGenerator,
  measure: Measure,
  setup: { gatehouseUrl: string; backendUrl: string; directUrl: string; servers: Servers },
  options: DataPlaneOptions,
  plain: Partial<Record<TargetName, TargetRun>>,
  log: (line: string) => void,
): Promise<HttpApiRuns> {
  const out: HttpApiRuns = {};
  try {
    const urls = await deployHttpApi(setup.gatehouseUrl, setup.backendUrl);
    await check(urls, setup.directUrl);
    for (const name of ['httpApiProxy', 'httpApiLambda'] as const) {
      log(`  ${HTTP_API_LABELS[name]}: ${options.warmupS} s warm-up, ${options.durationS} s at ${options.connections} connections ...`);
      await gen.run({ url: urls[name], connections: options.connections, durationS: options.warmupS });
      const run: HttpApiRun = await measure(gen, urls[name], options.connections, options.durationS, setup.servers);
      const rest = plain.httpProxy?.load.reqPerSec;
      if (rest) run.ratioToRestProxy = Math.round((run.load.reqPerSec / rest) * 1000) / 1000;
      out[name] = run;
    }
  } catch (err) {
    out.error = (err as Error).message;
  }
  return out;
}

export function httpApiTable(runs: HttpApiRuns): string {
  const rows: string[][] = [['HTTP APIs (stage $default)', 'req/s', 'x (b) REST HTTP_PROXY', 'p50 ms', 'p99 ms', 'Gatehouse CPU us/req', 'target']];
  for (const name of ['httpApiProxy', 'httpApiLambda'] as const) {
    const run = runs[name];
    const ratio = run?.ratioToRestProxy;
    rows.push([
      HTTP_API_LABELS[name],
      fmt(run?.load.reqPerSec, 0),
      ratio === undefined ? '-' : `${ratio.toFixed(2)}x`,
      fmt(run?.load.latencyMs.p50, 3),
      fmt(run?.load.latencyMs.p99, 3),
      fmt(run?.gatehouseCpuUsPerReq),
      name === 'httpApiProxy' ? `>= 1.00x: ${ratio === undefined ? 'not measured' : ratio >= 1 ? 'met' : 'MISSED'}` : '',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)) + 2);
  const table = rows.map((row) => row.map((cell, i) => cell + ' '.repeat(Math.max(0, widths[i] - cell.length))).join('').trimEnd()).join('\n');
  return runs.error ? `${table}\nThe HTTP API runs did not complete: ${runs.error}` : table;
}
