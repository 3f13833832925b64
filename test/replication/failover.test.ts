/**
 * Failover of a REST API estate from one Gatehouse scope (us-east-1, 111111111111) into another
 * (us-west-2, 222222222222) through the SDK clients only: the recovered stages answer the same
 * requests with the same results over HTTP (MOCK, HTTP_PROXY, Lambda proxy behind a Lambda
 * authorizer, API key + usage plan, custom domain), each stage serving its own deployment; the
 * target then equals the translated point, and a rerun changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteDomainNameCommand,
  GetClientCertificatesCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetVpcLinksCommand,
  GetApiKeysCommand, GetDomainNameCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { buildEstate, clientsFor, drConfig, MAPPING, SOURCE, TARGET, TARGET_CERT, TARGET_NLB, type Estate } from './estate.js';

describe('failover of a REST API estate into another region and account', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let estate: Estate;
  let dir: string;
  let dr: DisasterRecovery;
  let targetApiId: string;
  const target = () => clientsFor(g, TARGET);

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstate(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
    await dr.failover();
    const { apigateway } = target();
    const apis = await apigateway.send(new GetRestApisCommand({}));
    apigateway.destroy();
    assert.equal(apis.items?.length, 1);
    targetApiId = apis.items![0]!.id!;
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (apiId: string, stage: string, path: string, headers: Record<string, string> = {}) =>
    http(g.url, { path: `/_aws/execute-api/${apiId}/${stage}${path}`, headers });

  /** The same request to the source stage and the recovered one answers the same. */
  async function same(stage: string, path: string, headers: Record<string, string> = {}) {
    const a = await call(estate.restApiId, stage, path, headers);
    const b = await call(targetApiId, stage, path, headers);
    assert.equal(b.status, a.status, `${stage}${path}: ${b.text}`);
    assert.equal(b.text.split(targetApiId).join('<id>'), a.text.split(estate.restApiId).join('<id>'), `${stage}${path}`);
    return b;
  }

  test('each recovered stage serves its own deployment (MOCK): prod the older one, dev the newer', async () => {
    const prod = await same('prod', '/items');
    assert.deepEqual(prod.json(), { items: ['a', 'b'], stage: 'prod' });
    const dev = await same('dev', '/items');
    assert.deepEqual(dev.json(), { items: ['a', 'b', 'c'], stage: 'dev' });
  });

  test('the HTTP_PROXY integration reaches the same backend', async () => {
    const answer = await call(targetApiId, 'prod', '/echo?x=1');
    assert.equal(answer.status, 200);
    const echoed = answer.json<{ path: string; args: Record<string, string> }>();
    assert.equal(echoed.path, '/echo');
    assert.deepEqual(echoed.args, { x: '1' });
  });

  test('the Lambda proxy integration behind the Lambda authorizer answers as the source does', async () => {
    const allowed = await same('prod', '/hello?name=ada', { authorization: 'allow' });
    assert.deepEqual(allowed.json(), { hello: 'ada', user: 'alice', path: '/hello' });
    const denied = await same('prod', '/hello', { authorization: 'deny' });
    assert.equal(denied.status, 403);
    const anonymous = await same('prod', '/hello');
    assert.equal(anonymous.status, 401);
  });

  test('the API key and its usage plan are recovered with the key value', async () => {
    const withKey = await same('prod', '/keyed', { 'x-api-key': estate.apiKeyValue });
    assert.equal(withKey.status, 200);
    const without = await same('prod', '/keyed');
    assert.equal(without.status, 403);
    const { apigateway } = target();
    const keys = await apigateway.send(new GetApiKeysCommand({ includeValues: true }));
    const plans = await apigateway.send(new GetUsagePlansCommand({}));
    apigateway.destroy();
    assert.deepEqual(keys.items?.map((k) => [k.name, k.value, k.enabled]), [['shop-customer', estate.apiKeyValue, true]]);
    assert.deepEqual(plans.items?.map((p) => [p.name, p.apiStages, p.throttle, p.quota?.limit]), [['shop-basic', [{ apiId: targetApiId, stage: 'prod' }], { rateLimit: 100, burstLimit: 50 }, 1000]]);
  });

  test('the gateway response and the stage settings are recovered', async () => {
    const missing = await same('prod', '/nowhere');
    assert.equal(missing.status, 404);
    const { apigateway } = target();
    const stage = await apigateway.send(new GetStageCommand({ restApiId: targetApiId, stageName: 'prod' }));
    apigateway.destroy();
    assert.deepEqual(stage.variables, { color: 'blue' });
    assert.equal(stage.description, 'production');
    assert.equal(stage.methodSettings?.['*/*']?.metricsEnabled, true);
  });

  test('the canary, the client certificate, the VPC link and the functions\' permissions are recovered, naming recovered resources', async () => {
    const { apigateway, lambda } = target();
    try {
      const dev = await apigateway.send(new GetStageCommand({ restApiId: targetApiId, stageName: 'dev' }));
      assert.equal(dev.canarySettings?.percentTraffic, 10);
      assert.deepEqual(dev.canarySettings?.stageVariableOverrides, { color: 'green' });
      const deployments = (await apigateway.send(new GetDeploymentsCommand({ restApiId: targetApiId }))).items ?? [];
      assert.ok(deployments.some((d) => d.id === dev.canarySettings?.deploymentId && d.id !== dev.deploymentId), 'deployments.some((d) => d.id === dev.canarySettings?.deploymentId && d.id !== dev.deploymentId)');
      const prod = await apigateway.send(new GetStageCommand({ restApiId: targetApiId, stageName: 'prod' }));
      const certificates = (await apigateway.send(new GetClientCertificatesCommand({}))).items ?? [];
      assert.deepEqual(certificates.map((c) => [c.clientCertificateId, c.description]), [[prod.clientCertificateId, 'backend mTLS']]);
      const links = (await apigateway.send(new GetVpcLinksCommand({}))).items ?? [];
      assert.deepEqual(links.map((l) => l.targetArns), [[TARGET_NLB]]);
      const resources = (await apigateway.send(new GetResourcesCommand({ restApiId: targetApiId }))).items ?? [];
      const integration = await apigateway.send(new GetIntegrationCommand({ restApiId: targetApiId, resourceId: resources.find((r) => r.path === '/private')!.id!, httpMethod: 'GET' }));
      assert.equal(integration.connectionId, links[0]!.id);
      const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: estate.functions[0] }))).Policy!) as { Statement: { Condition: { ArnLike: Record<string, string> } }[] };
      assert.equal(policy.Statement[0]!.Condition.ArnLike['AWS:SourceArn'], `arn:aws:execute-api:us-west-2:222222222222:${targetApiId}/*`);
    } finally {
      apigateway.destroy();
      lambda.destroy();
    }
  });

  test('the custom domain name answers in the target once the source one is gone', async () => {
    const { apigateway } = target();
    const domain = await apigateway.send(new GetDomainNameCommand({ domainName: estate.domainName }));
    apigateway.destroy();
    assert.equal(domain.regionalCertificateArn, TARGET_CERT);
    // The region failed: the source's name no longer answers (one Gatehouse holds both here).
    const source = clientsFor(g, SOURCE).apigateway;
    await source.send(new DeleteDomainNameCommand({ domainName: estate.domainName }));
    source.destroy();
    const answer = await http(g.url, { host: estate.domainName, path: '/shop/items' });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json(), { items: ['a', 'b'], stage: 'prod' });
  });

  test('the Lambda functions are recreated from their code in the target', async () => {
    const { lambda } = target();
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: estate.functions[0] }));
    lambda.destroy();
    assert.equal(fn.Configuration?.FunctionArn, `arn:aws:lambda:us-west-2:222222222222:function:${estate.functions[0]}`);
    assert.equal(fn.Configuration?.Role, 'arn:aws:iam::222222222222:role/lambda-exec');
    assert.deepEqual(fn.Configuration?.Environment?.Variables, { GREETING: 'hi' });
  });

  test('verify finds the target equal to the translated point, and the smoke calls agree', async () => {
    const v = await dr.verify({ smoke: true });
    assert.deepEqual([v.missing, v.different, v.extra], [[], [], []]);
    // prod's GET methods without credentials (dev has a canary: its answers vary by design).
    assert.deepEqual(v.smoke!.map((c) => `${c.stage}${c.path}`).sort(), ['prod/echo', 'prod/items', 'prod/private']);
    for (const c of v.smoke!) assert.ok(c.same, `${c.stage}${c.path}: ${c.source.body} / ${c.target.body}`);
    assert.equal(v.equal, true);
  });

  test('rerunning the finished failover changes nothing', async () => {
    const rerun = await dr.failover();
    assert.deepEqual(rerun.actions, []);
    assert.equal(rerun.passes, 1);
    const { apigateway } = target();
    const api = await apigateway.send(new GetRestApiCommand({ restApiId: targetApiId }));
    apigateway.destroy();
    assert.equal(api.name, 'shop');
  });

  test('the API is recovered as REGIONAL, its policy naming the recovered API, region and account', async () => {
    const { apigateway } = target();
    const api = await apigateway.send(new GetRestApiCommand({ restApiId: targetApiId }));
    apigateway.destroy();
    assert.deepEqual(api.endpointConfiguration?.types, ['REGIONAL']);
    const policy = JSON.parse(api.policy!.replace(/\\"/g, '"')) as { Statement: { Resource: string }[] };
    assert.equal(policy.Statement[0]!.Resource, `arn:aws:execute-api:us-west-2:222222222222:${targetApiId}/*`);
    assert.deepEqual(api.tags?.team, 'web');
  });
});
