// Which process runs a function, by its Lambda runtime identifier.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// nodejs* and python3* run Gatehouse's bootstraps with this machine's node and python3;
// provided.* runs the user's own executable `bootstrap` from the code directory.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FunctionRuntimeError } from './errors.ts';

export const BOOTSTRAP_DIR = fileURLToPath(new URL('./bootstraps/', import.meta.url));

export type RuntimeFamily = 'nodejs' | 'python' | 'provided';

export interface Launch {
  family: RuntimeFamily;
  command: string;
  args: string[];
}

const NODEJS = /^nodejs(18|20|22|24)\.x$/;
const PYTHON = /^python3\.(8|9|10|11|12|13)$/;
const PROVIDED = /^provided(\.al2|\.al2023)?$/;

export function launchFor(runtime: string, codeDir: string): Launch {
  if (NODEJS.test(runtime)) {
    return { family: 'nodejs', command: process.execPath, args: [join(BOOTSTRAP_DIR, 'node.mjs')] };
  }
  if (PYTHON.test(runtime)) {
    const python = findOnPath('python3');
    if (!python) throw new FunctionRuntimeError('RuntimeUnavailable', `Runtime ${runtime} needs python3, which is not installed on this machine`);
    return { family: 'python', command: python, args: ['-u', join(BOOTSTRAP_DIR, 'python_bootstrap.py')] };
  }
  if (PROVIDED.test(runtime)) {
    return { family: 'provided', command: join(codeDir, 'bootstrap'), args: [] };
  }
  throw new FunctionRuntimeError('RuntimeUnavailable', `Runtime ${runtime} is not supported by Gatehouse's local function runtime`);
}

const found = new Map<string, string | undefined>();

// Looked up once per process: the machine's PATH does not change under a running server.
function findOnPath(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  let hit: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      hit = join(dir, name);
      break;
    } catch {
      // not in this directory
    }
  }
  found.set(name, hit);
  return hit;
}
