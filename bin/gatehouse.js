#!/usr/bin/env node
// The `gatehouse` command: runs src/main.ts through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';

register();
if (process.argv[2] === 'cost') {
  // `gatehouse cost`: the AWS cost estimate of the traffic served (src/cost/cli.ts).
  const { costCommand } = await import('../src/cost/cli.ts');
  process.exitCode = await costCommand(process.argv.slice(3));
} else if (process.argv[2] === 'dr') {
  // `gatehouse dr ...`: disaster recovery (src/replication/cli.ts).
  await (await import('../src/replication/cli.ts')).main(process.argv.slice(3));
} else {
  await import('../src/main.ts');
}
