/**
 * The seed's API key and usage plan flow through the other clients people point at Gatehouse:
 * boto3 and the AWS CLI (the seed's Terraform resources aws_api_gateway_api_key,
 * aws_api_gateway_usage_plan with quota {1000, 2, WEEK} and throttle {20, 40}, and
 * aws_api_gateway_usage_plan_key, as calls). Each test skips, saying why, when its client is not
 * installed. The clients run as child processes while Gatehouse answers in this process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateDeploymentCommand,
  CreateStageCommand,
  GetApiKeyCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeysCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';

const run = promisify(execFile);

function missing(command: string, args: string[], what: string): string | undefined {
  const probe = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${what} is not installed (${command}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status !== 0) return `${what} is not usable: ${command} ${args.join(' ')} exited ${probe.status}`;
  return undefined;
}

const noBoto3 = missing('python3', ['-c', 'import boto3'], 'boto3 (python3 -c "import boto3")');
const noAwsCli = missing('aws', ['--version'], 'the AWS CLI (aws)');

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

/** The seed's Terraform, as boto3 calls: API, GET /example, deployment v1, stage prod, key, plan, plan key. */
const SEED_FLOW = `
import sys, json, boto3
c = boto3.client('apigateway', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id=sys.argv[2], aws_secret_access_key='test')
api = c.create_rest_api(name='MyDemoAPI', description='This is my API for demonstration purposes')
res = c.create_resource(restApiId=api['id'], parentId=api['rootResourceId'], pathPart='example')
c.put_method(restApiId=api['id'], resourceId=res['id'], httpMethod='GET', authorizationType='NONE')
c.put_integration(restApiId=api['id'], resourceId=res['id'], httpMethod='GET', type='MOCK')
dep = c.create_deployment(restApiId=api['id'], stageName='v1')
c.create_stage(restApiId=api['id'], stageName='prod', deploymentId=dep['id'])
key = c.create_api_key(name='APIAccessKey')
plan = c.create_usage_plan(name='APIUsagePlan', description='Plan to manage API usage',
    apiStages=[{'apiId': api['id'], 'stage': 'prod'}],
    quota={'limit': 1000, 'offset': 2, 'period': 'WEEK'},
    throttle={'burstLimit': 20, 'rateLimit': 40})
upk = c.create_usage_plan_key(usagePlanId=plan['id'], keyId=key['id'], keyType='API_KEY')
usage = c.get_usage(usagePlanId=plan['id'], startDate=sys.argv[3], endDate=sys.argv[3])
print(json.dumps({'api': api['id'], 'key': key['id'], 'value': key['value'], 'plan': plan['id'],
    'quota': plan['quota'], 'throttle': plan['throttle'], 'stages': plan['apiStages'],
    'planKey': {k: upk[k] for k in ('id', 'name', 'type', 'value')},
    'usage': usage['items'], 'status': plan['ResponseMetadata']['HTTPStatusCode']}))
`;

describe('the seed key and plan flow through boto3 and the AWS CLI', () => {
  let g: TestGatehouse;
  let dir: string;
  before(async () => {
    g = await startTestGatehouse();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  });
  after(async () => {
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('boto3 creates the key, the plan with quota and throttle, and the plan key; the JS SDK reads them back', { skip: noBoto3 }, async () => {
    const account = '600000000001';
    const today = new Date().toISOString().slice(0, 10);
    const { stdout } = await run('python3', ['-c', SEED_FLOW, g.url, account, today], { env: clientEnv(account), timeout: 60_000 });
    const made = JSON.parse(stdout);
    assert.equal(made.status, 201);
    assert.deepEqual(made.quota, { limit: 1000, offset: 2, period: 'WEEK' });
    assert.deepEqual(made.throttle, { burstLimit: 20, rateLimit: 40.0 });
    assert.deepEqual(made.stages, [{ apiId: made.api, stage: 'prod' }]);
    assert.deepEqual(made.planKey, { id: made.key, name: 'APIAccessKey', type: 'API_KEY', value: made.value });
    assert.deepEqual(made.usage, { [made.key]: [[0, 1000]] });

    const client = g.apigateway({ accessKeyId: account });
    const plan = await client.send(new GetUsagePlanCommand({ usagePlanId: made.plan }));
    assert.equal(plan.name, 'APIUsagePlan');
    const keys = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: made.plan }));
    assert.deepEqual(keys.items?.map((k) => k.id), [made.key]);
    client.destroy();
  });

  test('the AWS CLI creates a key and the plan, adds the key, patches the plan and imports keys from a CSV file', { skip: noAwsCli }, async () => {
    const account = '600000000002';
    const client = g.apigateway({ accessKeyId: account });
    const { restApiId, rootId } = await createRestApi(client, 'MyDemoAPI');
    await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'v1' }));
    await client.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id }));

    const aws = async (...args: string[]) => {
      const { stdout } = await run('aws', ['apigateway', ...args, '--endpoint-url', g.url, '--output', 'json'], { env: clientEnv(account), timeout: 60_000 });
      return stdout.trim() ? JSON.parse(stdout) : undefined;
    };
    const key = await aws('create-api-key', '--name', 'APIAccessKey', '--enabled');
    assert.equal(key.enabled, true);
    assert.equal(key.value.length, 40);
    const plan = await aws(
      'create-usage-plan', '--name', 'APIUsagePlan', '--description', 'Plan to manage API usage',
      '--api-stages', `apiId=${restApiId},stage=prod`,
      '--quota', 'limit=1000,offset=2,period=WEEK',
      '--throttle', 'burstLimit=20,rateLimit=40',
    );
    assert.deepEqual(plan.quota, { limit: 1000, offset: 2, period: 'WEEK' });
    assert.deepEqual(plan.throttle, { burstLimit: 20, rateLimit: 40 });
    const planKey = await aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY');
    assert.equal(planKey.name, 'APIAccessKey');

    const patched = await aws('update-usage-plan', '--usage-plan-id', plan.id, '--patch-operations', 'op=replace,path=/quota/period,value=MONTH', 'op=replace,path=/throttle/rateLimit,value=10');
    assert.deepEqual(patched.quota, { limit: 1000, offset: 2, period: 'MONTH' });
    assert.equal(patched.throttle.rateLimit, 10);

    const file = join(dir, 'keys.csv');
    writeFileSync(file, `Name,Key,UsagePlanIds\nimported,apikey1234abcdefghij0123456789,${plan.id}\n`);
    const imported = await aws('import-api-keys', '--format', 'csv', '--body', `fileb://${file}`);
    assert.equal(imported.ids.length, 1);
    const read = await client.send(new GetApiKeyCommand({ apiKey: imported.ids[0], includeValue: true }));
    assert.equal(read.value, 'apikey1234abcdefghij0123456789');
    const inPlan = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }));
    assert.deepEqual(inPlan.items?.map((k) => k.name), ['imported', 'APIAccessKey']);
    client.destroy();
  });
});
