// Which process runs a function, by its Lambda runtime identifier.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// nodejs* and python3* run Gatehouse's bootstraps with this machine's node and python3;
// provided.* runs the user's own executable `bootstrap` from the code directory.
import { execFile } from 'node:child_process';
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
    return { family: 'python', command: realInterpreter(python), args: ['-u', join(BOOTSTRAP_DIR, 'python_bootstrap.py')] };
  }
  if (PROVIDED.test(runtime)) {
    return { family: 'provided', command: join(codeDir, 'bootstrap'), args: [] };
  }
  throw new FunctionRuntimeError('RuntimeUnavailable', `Runtime ${runtime} is not supported by Gatehouse's local function runtime`);
}

/**
 * `python3` on PATH is often a shim (pyenv, asdf) that runs a shell script and a version lookup
 * on every start: about half of a Python cold start (90 ms through the pyenv shim, 43 ms for the
 * interpreter itself). The interpreter the shim picks (`sys.executable`) is asked for once, in the
 * background, on the first Python launch; launches use the shim until the answer is in.
 */
const interpreters = new Map<string, string>();
function realInterpreter(onPath: string): string {
  const known = interpreters.get(onPath);
  if (known) return known;
  interpreters.set(onPath, onPath);
  execFile(onPath, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000 }, (err, stdout) => {
    const real = stdout?.trim();
    if (!err && real) {
      try {
        accessSync(real, constants.X_OK);
        interpreters.set(onPath, real);
      } catch {
        // keep the shim: the reported interpreter cannot be run directly
      }
    }
  });
  return onPath;
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
