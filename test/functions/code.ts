// Writes a function's code to a temporary directory and builds its FunctionSpec.
import { chmod, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '../../src/functions/index.ts';

const dirs: string[] = [];

export async function writeCode(files: Record<string, string>, executable: string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-fn-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
    if (executable.includes(name)) await chmod(join(dir, name), 0o755);
  }
  return dir;
}

export async function removeCode(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

let counter = 0;

export function spec(codeDir: string, runtime: string, handler: string, extra: Partial<FunctionSpec> = {}): FunctionSpec {
  const name = `fn-${process.pid}-${++counter}`;
  return {
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    name,
    version: '$LATEST',
    runtime,
    handler,
    codeDir,
    environment: {},
    timeoutSeconds: 3,
    memorySize: 128,
    ...extra,
  };
}

export const json = (buffer: Buffer): unknown => JSON.parse(buffer.toString('utf8'));
