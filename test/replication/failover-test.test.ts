/**
 * Failover test (seed mode): the point is materialised in the target under an isolated, clearly
 * named environment (`gatehouse-dr-test-<id>` prefixes names, tags mark every resource), answers
 * like the source, verifies equal, and `cleanup` leaves the target exactly as it was before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateApiKeyCommand,
  CreateRestApiCommand,
  GetAccountCommand,
  GetApiKeysCommand,
  GetClientCertificatesCommand,
  GetDomainNamesCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
  GetVpcLinksCommand,
  UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { buildEstate, clientsFor, drConfig, MAPPING, SOURCE, TARGET, type Estate } from './estate.js';

async function targetState(g: TestGatehouse) {
  const { apigateway: c, lambda } = clientsFor(g, TARGET);
  try {
    return {
      restApis: (await c.send(new GetRestApisCommand({}))).items?.map((a) => [a.id, a.name, a.tags]),
      apiKeys: (await c.send(new GetApiKeysCommand({ includeValues: true }))).items?.map((k) => [k.id, k.name, k.value]),
      usagePlans: (await c.send(new GetUsagePlansCommand({}))).items?.map((p) => [p.id, p.name]),
      domainNames: (await c.send(new GetDomainNamesCommand({}))).items?.map((d) => d.domainName),
      clientCertificates: (await c.send(new GetClientCertificatesCommand({}))).items?.map((x) => x.clientCertificateId),
      vpcLinks: (await c.send(new GetVpcLinksCommand({}))).items?.map((x) => x.id),
      account: (await c.send(new GetAccountCommand({}))).cloudwatchRoleArn,
      functions: (await lambda.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName),
    };
  } finally {
    c.destroy();
    lambda.destroy();
  }
}

describe('failover test and cleanup', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let estate: Estate;
  let dir: string;
  let dr: DisasterRecovery;
  let before_: Awaited<ReturnType<typeof targetState>>;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstate(g, echo.url);
    const source = clientsFor(g, SOURCE).apigateway;
    await source.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::111111111111:role/apigw-logs' }] }));
    source.destroy();
    // The recovery account already runs something of its own.
    const { apigateway } = clientsFor(g, TARGET);
    await apigateway.send(new CreateRestApiCommand({ name: 'local-api' }));
    await apigateway.send(new CreateApiKeyCommand({ name: 'local-key', enabled: true }));
    apigateway.destroy();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
    before_ = await targetState(g);
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the test environment is named and tagged apart, and answers like the source', async () => {
    const run = await dr.failover({ test: 'drill' });
    assert.equal(run.environment, 'test-drill');
    const state = await targetState(g);
    const recovered = state.restApis!.find((a) => a[1] === 'gatehouse-dr-test-drill-shop')!;
    assert.ok(recovered, JSON.stringify(state.restApis));
    assert.equal((recovered[2] as Record<string, string>)['gatehouse-dr:environment'], 'test-drill');
    assert.ok(state.domainNames!.includes('gatehouse-dr-test-drill.shop.example.com'), 'state.domainNames!.includes(\'gatehouse-dr-test-drill.shop.example.com\')');
    assert.ok(state.functions!.includes('gatehouse-dr-test-drill-shop-hello'), 'state.functions!.includes(\'gatehouse-dr-test-drill-shop-hello\')');
    // Key values are unique in a region and account: the test's key holds a prefixed value.
    assert.deepEqual(state.apiKeys!.filter((k) => k[1] === 'gatehouse-dr-test-drill-shop-customer').map((k) => k[2]), [`gatehouse-dr-test-drill-${estate.apiKeyValue}`]);
    // Account-wide settings are not a test's to change.
    assert.equal(state.account, before_.account);

    const id = recovered[0] as string;
    const items = await http(g.url, { path: `/_aws/execute-api/${id}/prod/items` });
    assert.deepEqual(items.json(), { items: ['a', 'b'], stage: 'prod' });
    const hello = await http(g.url, { path: `/_aws/execute-api/${id}/dev/hello?name=bob`, headers: { authorization: 'allow' } });
    assert.equal(hello.status, 200, hello.text);
    assert.deepEqual(hello.json(), { hello: 'bob', user: 'alice', path: '/hello' });
    const viaDomain = await http(g.url, { host: 'gatehouse-dr-test-drill.shop.example.com', path: '/shop/items' });
    assert.deepEqual(viaDomain.json(), { items: ['a', 'b'], stage: 'prod' });
  });

  test('verify compares the test environment with the point', async () => {
    const v = await dr.verify({ test: 'drill', smoke: true });
    assert.deepEqual([v.missing, v.different, v.extra], [[], [], []]);
    assert.ok(v.smoke?.length, 'v.smoke?.length');
    assert.equal(v.equal, true);
  });

  test('cleanup leaves the target as it was before the test', async () => {
    const [cleaned] = await dr.cleanup('drill');
    assert.equal(cleaned!.environment, 'test-drill');
    assert.ok(cleaned!.deleted.length >= 6, 'cleaned!.deleted.length >= 6');
    assert.deepEqual(await targetState(g), before_);
    assert.deepEqual(dr.testEnvironments(), []);
    assert.deepEqual(await dr.cleanup(), []);
  });
});
