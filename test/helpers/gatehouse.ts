/**
 * Starts a real Gatehouse for a test (in this process, on a free 127.0.0.1 port) and hands out
 * genuine AWS SDK clients pointed at it. Each test stops what it starts.
 */
import { after, afterEach, before } from 'node:test';
import { APIGatewayClient, CreateRestApiCommand, DeleteRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatehouse, type RunningGatehouse } from '../../src/gatehouse.js';
import type { Config } from '../../src/config.js';

export interface TestGatehouse extends RunningGatehouse {
  dataDir: string;
  /** An apigateway client; region and credentials decide the (account, region) it lands in. */
  apigateway(options?: ClientOptions): APIGatewayClient;
  clientConfig(options?: ClientOptions): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Stops the server; with `keepData` the data directory survives for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface ClientOptions {
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export async function startTestGatehouse(overrides: Partial<Config> = {}): Promise<TestGatehouse> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const running = await startGatehouse({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    inMemory: false,
    auth: 'permissive',
    defaultAccount: '000000000000',
    quiet: true,
    ...overrides,
  });
  const clientConfig = (o: ClientOptions = {}) => ({
    endpoint: running.url,
    region: o.region ?? 'us-east-1',
    credentials: { accessKeyId: o.accessKeyId ?? 'test', secretAccessKey: o.secretAccessKey ?? 'test' },
  });
  return {
    ...running,
    dataDir,
    clientConfig,
    apigateway: (o?: ClientOptions) => new APIGatewayClient({ ...clientConfig(o), maxAttempts: 1 }),
    async stop(options: { keepData?: boolean } = {}) {
      await running.close();
      if (!options.keepData && !overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Gatehouse started by `useGatehouse`, with an apigateway client; both are set in before(). */
export interface Server {
  g: TestGatehouse;
  client: APIGatewayClient;
}

/**
 * Starts one Gatehouse for the enclosing describe block (or the whole file, at top level) and
 * stops it afterwards. `g` and `client` are filled in by before(), so read them inside tests.
 */
export function useGatehouse(overrides: Partial<Config> = {}, clientOptions?: ClientOptions): Server {
  const server = {} as Server;
  before(async () => {
    server.g = await startTestGatehouse(overrides);
    server.client = server.g.apigateway(clientOptions);
  });
  after(async () => {
    server.client?.destroy();
    await server.g?.stop();
  });
  return server;
}

/**
 * `client.send` for any command, answering the output type the caller names: its overloads do
 * not compose with a generic wrapper. Each command's input is still type-checked where it is built.
 */
export function sender(server: Server) {
  return <T = unknown>(command: object): Promise<T> => server.client.send(command as never) as Promise<T>;
}

/** LocalStack's fixture deletes every API before a test; so do we after each. */
export function deleteRestApisAfterEach(server: Server): void {
  afterEach(async () => {
    const apis = await server.client.send(new GetRestApisCommand({ limit: 500 }));
    for (const api of apis.items ?? []) await server.client.send(new DeleteRestApiCommand({ restApiId: api.id }));
  });
}

/** Creates a REST API and answers its id and its root resource's id. */
export async function createRestApi(client: APIGatewayClient, name: string, description?: string): Promise<{ restApiId: string; rootId: string }> {
  const api = await client.send(new CreateRestApiCommand({ name, description }));
  return { restApiId: api.id!, rootId: api.rootResourceId! };
}
