/**
 * The real command line: `node --import tsx src/main.ts`, as `npm start` runs it. Start-up line,
 * health, the data plane reached through each invocation URL shape, and clean exits on SIGTERM / SIGINT.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { VERSION } from '../../src/version.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Cli {
  child: ChildProcess;
  url: string;
  readyMs: number;
  line: string;
  output: string[];
}

/** Spawns Gatehouse and resolves at its start-up line ("... listening on URL (...; ready in N ms)"). */
async function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => output.push(l));
  const line = await new Promise<string>((resolveLine, reject) => {
    lines.on('line', (l) => l.includes(' listening on ') && resolveLine(l));
    child.once('exit', (code) => reject(new Error(`gatehouse exited (${code}) before it was ready:\n${output.join('\n')}`)));
  });
  const m = / listening on (http:\/\/\S+) .*ready in (\d+) ms\)/.exec(line);
  assert.ok(m, `unexpected start-up line: ${line}`);
  return { child, url: m[1], readyMs: Number(m[2]), line, output };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

/** A GET with an explicit Host header (fetch does not let a caller choose it). */
function get(url: string, path: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolveRes, reject) => {
    const u = new URL(url);
    const req = request({ hostname: u.hostname, port: u.port, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolveRes({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gatehouse CLI', () => {
  let dataDir: string;
  let cli: Cli;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    cli = await startCli(['--port', '0', '--data-dir', dataDir]);
  });
  after(async () => {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await exitOf(cli.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the start-up line names the version, the actual URL, where data lives and the start-up time', () => {
    assert.match(cli.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(cli.url).port, '0');
    assert.ok(cli.line.startsWith(`Gatehouse ${VERSION} listening on ${cli.url} `), cli.line);
    assert.ok(cli.line.includes(`data: ${dataDir}`), cli.line);
    assert.ok(existsSync(join(dataDir, 'gatehouse.db')), 'the SQLite file is in the data directory');
  });

  // How fast it starts is measured by `npm run bench` (start-up row), not asserted here: the
  // machine is shared and a timing assertion would fail under load, not because of Gatehouse.
  test('the start-up line reports how long Gatehouse took to be ready', () => {
    assert.ok(Number.isInteger(cli.readyMs) && cli.readyMs > 0, cli.line);
  });

  test('GET /_gatehouse/health answers 200 JSON with the version', async () => {
    const res = await fetch(`${cli.url}/_gatehouse/health`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const health = (await res.json()) as { status: string; version: string; services: Record<string, { operations: number }> };
    assert.equal(health.status, 'ok');
    assert.equal(health.version, VERSION);
    assert.equal(health.services.apigateway.operations, 124);
  });

  const dataPlane: [string, string, string | undefined][] = [
    ['an execute-api Host', '/prod/x', 'abc123.execute-api.localhost'],
    ['the /_aws/execute-api path', '/_aws/execute-api/abc123/prod/x', undefined],
    ['the legacy _user_request_ path', '/restapis/abc123/prod/_user_request_/x', undefined],
  ];
  for (const [what, path, host] of dataPlane) {
    test(`an invocation through ${what} reaches the data plane, which names the unknown API`, async () => {
      const res = await get(cli.url, path, host);
      assert.equal(res.status, 404);
      const { message } = JSON.parse(res.body) as { message: string };
      assert.equal(message, "The API id 'abc123' does not correspond to a deployed API Gateway API");
      assert.ok(res.headers['x-amzn-requestid']);
    });
  }

  test('SIGTERM stops it cleanly with exit code 0', async () => {
    cli.child.kill('SIGTERM');
    assert.deepEqual(await exitOf(cli.child), { code: 0, signal: null });
    assert.ok(cli.output.some((l) => l.includes('Gatehouse stopping (SIGTERM)')), cli.output.join('\n'));
  });
});

describe('gatehouse CLI signals and flags', () => {
  test('SIGINT stops it cleanly with exit code 0, and the data survives for the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    try {
      const first = await startCli(['--port', '0', '--data-dir', dataDir, '--quiet']);
      const created = await fetch(`${first.url}/restapis`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"kept"}' });
      assert.equal(created.status, 201);
      first.child.kill('SIGINT');
      assert.deepEqual(await exitOf(first.child), { code: 0, signal: null });
      assert.ok(first.output.some((l) => l.includes('Gatehouse stopping (SIGINT)')), first.output.join('\n'));

      const second = await startCli(['--port', '0', '--data-dir', dataDir, '--quiet']);
      try {
        const listed = (await (await fetch(`${second.url}/restapis`)).json()) as { item: { name: string }[] };
        assert.deepEqual(listed.item.map((i) => i.name), ['kept']);
      } finally {
        second.child.kill('SIGTERM');
        assert.equal((await exitOf(second.child)).code, 0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('--in-memory says its data is not kept', async () => {
    const cli = await startCli(['--port', '0', '--in-memory', '--quiet']);
    try {
      assert.match(cli.line, /data: in memory, not kept/);
    } finally {
      cli.child.kill('SIGTERM');
      assert.equal((await exitOf(cli.child)).code, 0);
    }
  });

  test('an invalid flag value exits 2 with the reason and the usage text', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', 'nope'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    assert.equal((await exitOf(child)).code, 2);
    assert.match(stderr, /gatehouse: Invalid port 'nope'/);
    assert.match(stderr, /Usage: gatehouse/);
  });

  test('--help prints the usage text and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    assert.equal((await exitOf(child)).code, 0);
    assert.match(stdout, /Usage: gatehouse/);
    assert.match(stdout, /GATEHOUSE_PORT/);
  });

  test('a data directory that cannot be created exits 1 saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0', '--data-dir', join(file, 'data')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      assert.equal((await exitOf(child)).code, 1);
      assert.match(stderr, /gatehouse: cannot start: .*(ENOTDIR|EEXIST)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a port already in use exits 1 saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    const first = await startCli(['--port', '0', '--in-memory', '--quiet']);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', new URL(first.url).port, '--data-dir', dataDir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      assert.equal((await exitOf(child)).code, 1);
      assert.match(stderr, /gatehouse: cannot start: .*EADDRINUSE/);
    } finally {
      first.child.kill('SIGTERM');
      await exitOf(first.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** The first line of `cli`'s output that `match` accepts, as soon as it is printed. */
function outputLine(cli: Cli, match: (line: string) => boolean): Promise<string> {
  const seen = () => cli.output.find(match);
  const now = seen();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolveLine, reject) => {
    // Attached after startCli's reader, so that reader has stored every whole line of a chunk first.
    const lines = createInterface({ input: cli.child.stdout! });
    lines.on('line', () => {
      const found = seen();
      if (found !== undefined) {
        lines.close();
        resolveLine(found);
      }
    });
    cli.child.once('exit', () => reject(new Error(`gatehouse exited before printing the line:\n${cli.output.join('\n')}`)));
  });
}

describe('gatehouse CLI start-up listing', () => {
  test('after the listening line it prints an invocation URL per deployed stage, at most 20, then how many more', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    try {
      const first = await startCli(['--port', '0', '--data-dir', dataDir, '--quiet']);
      const client = new APIGatewayClient({ endpoint: first.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      let apiId = '';
      try {
        const api = await client.send(new CreateRestApiCommand({ name: 'listed api' }));
        apiId = api.id!;
        const at = { restApiId: apiId, resourceId: api.rootResourceId!, httpMethod: 'GET' };
        await client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
        await client.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
        await client.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
        await client.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': '{"stage": "$context.stage"}' } }));
        for (let i = 1; i <= 22; i++) await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: `s${String(i).padStart(2, '0')}` }));
      } finally {
        client.destroy();
        first.child.kill('SIGTERM');
        assert.equal((await exitOf(first.child)).code, 0);
      }

      const second = await startCli(['--port', '0', '--data-dir', dataDir]);
      try {
        const more = await outputLine(second, (l) => l.startsWith('  ... and '));
        assert.equal(more, '  ... and 2 more deployed stages');
        const listed = second.output.filter((l) => l.startsWith('  GET '));
        assert.equal(listed.length, 20);
        const port = new URL(second.url).port;
        assert.equal(listed[0], `  GET http://${apiId}.execute-api.localhost:${port}/s01/  (listed api, s01)`);
        assert.ok(second.output.indexOf(second.line) < second.output.indexOf(listed[0]), 'the URLs come after the listening line');
        // The printed URL is the one that answers.
        const printed = new URL(listed[19].trim().split(/\s+/)[1]);
        const res = await get(second.url, printed.pathname, printed.host);
        assert.equal(res.status, 200, res.body);
        assert.deepEqual(JSON.parse(res.body), { stage: 's20' });
      } finally {
        second.child.kill('SIGTERM');
        assert.equal((await exitOf(second.child)).code, 0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
