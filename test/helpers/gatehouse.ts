/**
 * Starts a real Gatehouse for a test (in this process, on a free 127.0.0.1 port) and hands out
 * genuine AWS SDK clients pointed at it. Each test stops what it starts.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
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
