/**
 * Starting and stopping a whole Gatehouse: the store, the server, the listener. The CLI uses
 * this; so do the tests and the benchmark, so they run exactly what a user runs.
 */
import { join } from 'node:path';
import { AccountMap } from './aws/accounts.js';
import type { Config } from './config.js';
import { RemoteRoutes } from './functions/remote-routes.js';
import { GatehouseServer } from './server/server.js';
import { MemoryStore } from './store/memory.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';

export interface RunningGatehouse {
  url: string;
  port: number;
  store: Store;
  server: GatehouseServer;
  close(): Promise<void>;
}

export async function startGatehouse(config: Config): Promise<RunningGatehouse> {
  const remoteLambda = RemoteRoutes.parse(config.remoteLambda, config.lambdaEndpoint);
  const store: Store = config.inMemory ? new MemoryStore() : new SqliteStore(join(config.dataDir, 'gatehouse.db'));
  const server = new GatehouseServer({ store, auth: config.auth, accounts: AccountMap.parse(config.credentials, config.defaultAccount),
    functionsDir: config.inMemory ? undefined : join(config.dataDir, 'functions'),
    logsDir: config.inMemory ? undefined : join(config.dataDir, 'logs'),
    usageFile: config.inMemory ? undefined : join(config.dataDir, 'metrics', 'usage.json'),
    remoteLambda,
    awsEndpoint: config.awsEndpoint,
    functionIdleMs: config.functionIdleSeconds === undefined ? undefined : config.functionIdleSeconds * 1000,
  });
  let address;
  try {
    address = await server.listen(config.port, config.host);
  } catch (err) {
    await server.functions.close();
    await store.close();
    throw err;
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed = false;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    store,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await store.close();
    },
  };
}
