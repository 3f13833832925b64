/**
 * The other clients people point at Gatehouse: boto3 (the seed's `client.get_rest_apis()` snippet)
 * and the AWS CLI. Each test skips, saying why, when its client is not installed.
 * The clients run as child processes, asynchronously: Gatehouse runs in this process and must
 * keep answering while they wait.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateRestApiCommand, GetResourcesCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';

const run = promisify(execFile);

/** Why a client cannot run here, or undefined when it can. */
function missing(command: string, args: string[], what: string): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${what} is not installed (${command}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status !== 0) return `${what} is not usable: ${command} ${args.join(' ')} exited ${probe.status}: ${(probe.stderr || probe.stdout).trim().split('\n').pop()}`;
  return undefined;
}

const noBoto3 = missing('python3', ['-c', 'import boto3'], 'boto3 (python3 -c "import boto3")');
const noAwsCli = missing('aws', ['--version'], 'the AWS CLI (aws)');

/** Environment for a child client: the caller's account from a 12-digit key, no local AWS config. */
function clientEnv(accessKeyId: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** The seed's snippet, with the client pointed at Gatehouse. */
const SEED_SNIPPET = `
import sys, boto3
client = boto3.client('apigateway', endpoint_url=sys.argv[1], region_name='us-east-1',
                      aws_access_key_id=sys.argv[2], aws_secret_access_key='test')
response = client.get_rest_apis()
for item in response['items']:
    print(item['name'])
`;

const CREATE_SNIPPET = `
import sys, json, boto3
client = boto3.client('apigateway', endpoint_url=sys.argv[1], region_name='us-east-1',
                      aws_access_key_id=sys.argv[2], aws_secret_access_key='test')
api = client.create_rest_api(name='CreatedByBoto3', description='made in Python')
resource = client.create_resource(restApiId=api['id'], parentId=api['rootResourceId'], pathPart='posts')
print(json.dumps({'api': api['id'], 'root': api['rootResourceId'], 'resource': resource['id'],
                  'path': resource['path'], 'status': resource['ResponseMetadata']['HTTPStatusCode']}))
`;

describe('boto3 and the AWS CLI', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse();
  });
  after(async () => {
    await g?.stop();
  });

  test('boto3 runs the seed snippet get_rest_apis() and prints the API names', { skip: noBoto3 }, async () => {
    const account = '555555555555';
    const client = g.apigateway({ accessKeyId: account });
    await client.send(new CreateRestApiCommand({ name: 'MyDemoAPI' }));
    await client.send(new CreateRestApiCommand({ name: 'SecondAPI' }));
    client.destroy();
    const { stdout } = await run('python3', ['-c', SEED_SNIPPET, g.url, account], { env: clientEnv(account), timeout: 60_000 });
    assert.deepEqual(stdout.trim().split('\n').sort(), ['MyDemoAPI', 'SecondAPI']);
  });

  test('boto3 create_rest_api and create_resource build an API the JavaScript SDK reads back', { skip: noBoto3 }, async () => {
    const account = '666666666666';
    const { stdout } = await run('python3', ['-c', CREATE_SNIPPET, g.url, account], { env: clientEnv(account), timeout: 60_000 });
    const made = JSON.parse(stdout) as { api: string; root: string; resource: string; path: string; status: number };
    assert.equal(made.path, '/posts');
    assert.equal(made.status, 201);

    const client = g.apigateway({ accessKeyId: account });
    const api = await client.send(new GetRestApiCommand({ restApiId: made.api }));
    assert.equal(api.name, 'CreatedByBoto3');
    assert.equal(api.description, 'made in Python');
    const resources = await client.send(new GetResourcesCommand({ restApiId: made.api }));
    assert.deepEqual(resources.items?.map((r) => [r.id, r.path]).sort(), [
      [made.root, '/'],
      [made.resource, '/posts'],
    ].sort());
    client.destroy();
  });

  test('the AWS CLI lists the API with `aws apigateway get-rest-apis --endpoint-url`', { skip: noAwsCli }, async () => {
    const account = '777777777777';
    const client = g.apigateway({ accessKeyId: account });
    const created = await client.send(new CreateRestApiCommand({ name: 'MyDemoAPI', description: 'listed by the CLI' }));
    client.destroy();
    const { stdout } = await run('aws', ['apigateway', 'get-rest-apis', '--endpoint-url', g.url, '--output', 'json'], {
      env: clientEnv(account),
      timeout: 60_000,
    });
    const listed = JSON.parse(stdout) as { items: { id: string; name: string; description?: string; rootResourceId: string }[] };
    assert.equal(listed.items.length, 1);
    assert.equal(listed.items[0].id, created.id);
    assert.equal(listed.items[0].name, 'MyDemoAPI');
    assert.equal(listed.items[0].description, 'listed by the CLI');
    assert.equal(listed.items[0].rootResourceId, created.rootResourceId);
  });
});
