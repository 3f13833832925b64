/**
 * The control-plane workload, identical for every server measured, through the genuine
 * @aws-sdk/client-api-gateway, one call at a time (as Terraform and CloudFormation build APIs):
 *  1. build: one REST API with N resources, each with a GET method, a MOCK integration, a 200
 *     method response and a 200 integration response (5 calls per resource, 1 + 5N in all);
 *  2. deploy: CreateDeployment a few times (the first also creates stage "bench"), each timed;
 *  3. read: GetResources with embed=methods, page by page, checking that every resource came back.
 * A warm-up API (a few resources, not timed) runs first so one-time costs (module loading, JIT,
 * connection set-up) are not counted as the server's steady-state speed.
 */
import { performance } from 'node:perf_hooks';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import type { BenchServer } from './servers.js';

export interface ControlPlaneOptions {
  resources: number;
  deployments: number;
  warmupResources: number;
  pageSize: number;
}

export const DEFAULT_OPTIONS: ControlPlaneOptions = { resources: 200, deployments: 5, warmupResources: 200, pageSize: 100 };

export interface ControlPlaneResult {
  server: string;
  /** serverCpuMsPerOp: the server process's CPU; clientCpuMsPerOp: this process's (the SDK client's). */
  build: { calls: number; ms: number; opsPerSec: number; serverCpuMsPerOp?: number; clientCpuMsPerOp?: number };
  deployment: { latenciesMs: number[]; medianMs: number };
  getResources: { pages: number; items: number; withEmbeddedGet: number; ms: number };
  /** The call that failed, when the server could not run the whole workload. */
  error?: string;
}

const MOCK_TEMPLATES = { 'application/json': '{"statusCode": 200}' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One call, named, so a failure says which operation and which resource broke. */
async function call<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    throw new Error(`${what} failed: ${e.name} (HTTP ${e.$metadata?.httpStatusCode ?? '?'}): ${e.message}`);
  }
}

/** Builds the API; returns the number of calls made. */
async function buildApi(client: APIGatewayClient, name: string, resources: number): Promise<{ restApiId: string; calls: number }> {
  const api = await call('CreateRestApi', () => client.send(new CreateRestApiCommand({ name })));
  const restApiId = api.id!;
  let calls = 1;
  for (let i = 0; i < resources; i++) {
    const at = `resource ${i}`;
    const resource = await call(`CreateResource (${at})`, () =>
      client.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: `r${i}` })),
    );
    const resourceId = resource.id!;
    const target = { restApiId, resourceId, httpMethod: 'GET' };
    await call(`PutMethod (${at})`, () => client.send(new PutMethodCommand({ ...target, authorizationType: 'NONE' })));
    await call(`PutIntegration (${at})`, () => client.send(new PutIntegrationCommand({ ...target, type: 'MOCK', requestTemplates: MOCK_TEMPLATES })));
    await call(`PutMethodResponse (${at})`, () =>
      client.send(new PutMethodResponseCommand({ ...target, statusCode: '200', responseModels: { 'application/json': 'Empty' } })),
    );
    await call(`PutIntegrationResponse (${at})`, () =>
      client.send(
        new PutIntegrationResponseCommand({ ...target, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': `{"resource": ${i}}` } }),
      ),
    );
    calls += 5;
  }
  return { restApiId, calls };
}

export async function runControlPlane(server: BenchServer, options: ControlPlaneOptions = DEFAULT_OPTIONS): Promise<ControlPlaneResult> {
  const client = new APIGatewayClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const result: ControlPlaneResult = {
    server: server.name,
    build: { calls: 0, ms: 0, opsPerSec: 0 },
    deployment: { latenciesMs: [], medianMs: 0 },
    getResources: { pages: 0, items: 0, withEmbeddedGet: 0, ms: 0 },
  };
  try {
    await buildApi(client, 'bench-warmup', options.warmupResources);

    const cpuBefore = server.cpuMs();
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const { restApiId, calls } = await buildApi(client, 'bench-api', options.resources);
    const ms = performance.now() - started;
    const cpuAfter = server.cpuMs();
    const clientCpu = process.cpuUsage(clientBefore);
    result.build = {
      calls,
      ms: round(ms),
      opsPerSec: round((calls * 1000) / ms, 1),
      serverCpuMsPerOp: cpuBefore !== undefined && cpuAfter !== undefined ? round((cpuAfter - cpuBefore) / calls, 3) : undefined,
      clientCpuMsPerOp: round((clientCpu.user + clientCpu.system) / 1000 / calls, 3),
    };

    for (let i = 0; i < options.deployments; i++) {
      const t0 = performance.now();
      await call(`CreateDeployment #${i + 1}`, () =>
        client.send(new CreateDeploymentCommand({ restApiId, ...(i === 0 ? { stageName: 'bench' } : {}), description: `bench ${i + 1}` })),
      );
      result.deployment.latenciesMs.push(round(performance.now() - t0));
    }
    result.deployment.medianMs = median(result.deployment.latenciesMs);

    const t0 = performance.now();
    let position: string | undefined;
    do {
      const page = await call(`GetResources page ${result.getResources.pages + 1}`, () =>
        client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: options.pageSize, position })),
      );
      result.getResources.pages++;
      for (const item of page.items ?? []) {
        result.getResources.items++;
        if (item.resourceMethods?.GET?.methodIntegration?.type === 'MOCK') result.getResources.withEmbeddedGet++;
      }
      position = page.position;
    } while (position && result.getResources.pages < 1000);
    result.getResources.ms = round(performance.now() - t0);
    // Every resource plus the root must come back; a short list means the numbers above are not comparable.
    if (result.getResources.items !== options.resources + 1) {
      result.error = `GetResources returned ${result.getResources.items} resources, expected ${options.resources + 1}`;
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    client.destroy();
  }
  return result;
}
