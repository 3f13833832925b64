/**
 * `npm start`: run Gatehouse until SIGINT or SIGTERM.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig, USAGE } from './config.js';
import { startGatehouse } from './gatehouse.js';
import { invocationUrlLines } from './invocation-urls.js';
import { VERSION } from './version.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2));
  } catch (err) {
    console.error(`gatehouse: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(USAGE);
    return;
  }
  let gatehouse;
  try {
    gatehouse = await startGatehouse(config);
  } catch (err) {
    console.error(`gatehouse: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  // Handlers first, ready line second: whoever acts on the ready line (a supervisor, a test) may
  // signal at once, and a signal that came before its handler would kill without closing the store.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Gatehouse stopping (${signal})`);
    gatehouse.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // performance.now() counts from the process's start, so this includes loading the code.
  const ms = Math.round(performance.now());
  console.log(
    `Gatehouse ${VERSION} listening on ${gatehouse.url} (data: ${config.inMemory ? 'in memory, not kept' : config.dataDir}; auth: ${config.auth}; ready in ${ms} ms)`,
  );
  if (!config.quiet) {
    console.log(`  AWS_ENDPOINT_URL=${gatehouse.url.replace('127.0.0.1', 'localhost')}   health: ${gatehouse.url}/_gatehouse/health`);
    try {
      for (const line of await invocationUrlLines(gatehouse.store, gatehouse.port)) console.log(line);
    } catch (err) {
      console.error(`gatehouse: cannot list the deployed stages: ${(err as Error).message}`);
    }
  }
}

void main();
