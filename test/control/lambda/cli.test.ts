/**
 * The form: `aws lambda create-function ... --zip-file fileb://x.zip` against Gatehouse
 * through AWS_ENDPOINT_URL. Skipped when the AWS CLI is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useGatehouse } from '../../helpers/gatehouse.js';
import { pythonZip, ROLE } from './helpers.js';

const run = promisify(execFile);

function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const server = useGatehouse({ inMemory: true });

test('aws lambda create-function with --zip-file fileb:// creates the function', { skip: hasAwsCli() ? false : 'the aws CLI is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  try {
    const zipPath = join(dir, 'x.zip');
    writeFileSync(zipPath, pythonZip());
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: server.g.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    };
    const { stdout } = await run('aws', ['lambda', 'create-function', '--function-name', 'cli-fn', '--runtime', 'python3.12', '--handler', 'app.lambda_handler',
      '--role', ROLE, '--zip-file', `fileb://${zipPath}`, '--output', 'json'], { env });
    const fn = JSON.parse(stdout);
    assert.equal(fn.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn');
    assert.equal(fn.State, 'Active');
    const got = JSON.parse((await run('aws', ['lambda', 'get-function', '--function-name', 'cli-fn', '--output', 'json'], { env })).stdout);
    assert.equal(got.Configuration.CodeSha256, fn.CodeSha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
