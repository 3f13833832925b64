/**
 * The apply journal: a failover that stops part-way (a crash injected after N creates, a create
 * whose journal line was lost, a target-side error) is resumed by running it again, and the
 * target ends with every resource once.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainNameCommand,
  DeleteDomainNameCommand,
  GetApiKeysCommand,
  GetAuthorizersCommand,
  GetDeploymentsCommand,
  GetDomainNamesCommand,
  GetRequestValidatorsCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { ApplyError, DisasterRecovery, InjectedFailure } from '../../src/replication/index.js';
import { journalsDir } from '../../src/replication/journal.js';
import { buildEstate, clientsFor, drConfig, MAPPING, TARGET, TARGET_CERT } from './estate.js';

/** How many of each resource the target holds. */
async function census(g: TestGatehouse) {
  const { apigateway: c, lambda } = clientsFor(g, TARGET);
  try {
    const apis = (await c.send(new GetRestApisCommand({}))).items ?? [];
    const per = async (f: (id: string) => Promise<number>) => (await Promise.all(apis.map((a) => f(a.id!)))).reduce((a, b) => a + b, 0);
    return {
      restApis: apis.length,
      authorizers: await per(async (restApiId) => (await c.send(new GetAuthorizersCommand({ restApiId }))).items?.length ?? 0),
      validators: await per(async (restApiId) => (await c.send(new GetRequestValidatorsCommand({ restApiId }))).items?.length ?? 0),
      deployments: await per(async (restApiId) => (await c.send(new GetDeploymentsCommand({ restApiId }))).items?.length ?? 0),
      stages: await per(async (restApiId) => (await c.send(new GetStagesCommand({ restApiId }))).item?.length ?? 0),
      apiKeys: (await c.send(new GetApiKeysCommand({}))).items?.length ?? 0,
      usagePlans: (await c.send(new GetUsagePlansCommand({}))).items?.length ?? 0,
      domainNames: (await c.send(new GetDomainNamesCommand({}))).items?.length ?? 0,
      functions: (await lambda.send(new ListFunctionsCommand({}))).Functions?.length ?? 0,
    };
  } finally {
    c.destroy();
    lambda.destroy();
  }
}

// Three deployments: prod's, dev's and dev's canary.
const ONCE = { restApis: 1, authorizers: 1, validators: 1, deployments: 3, stages: 2, apiKeys: 1, usagePlans: 1, domainNames: 1, functions: 2 };

describe('journaled apply', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let dir: string;
  let dr: DisasterRecovery;

  beforeEach(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    await buildEstate(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
  });
  afterEach(async () => {
    dr.close();
    await echo.close();
    await g.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const n of [1, 3, 7, 12, 15]) {
    test(`a failure after ${n} creates, then a rerun: every resource once, the target equal to the point`, async () => {
      await assert.rejects(dr.failover({ failAfterCreates: n }), InjectedFailure);
      const status = await dr.status();
      assert.deepEqual(status.environments.map((e) => [e.name, e.resumable]), [['failover', true]]);
      const done = await dr.failover();
      assert.ok(done.actions.length > 0, 'done.actions.length > 0');
      assert.deepEqual(await census(g), ONCE);
      assert.equal((await dr.verify()).equal, true);
      assert.deepEqual((await dr.failover()).actions, []);
    });
  }

  test('a create whose journal line was lost (killed between the answer and the write) is adopted, not made again', async () => {
    // Two functions, the client certificate, the VPC link, then the REST API: the fifth create.
    await assert.rejects(dr.failover({ failAfterCreates: 5 }), InjectedFailure);
    const journal = readdirSync(journalsDir(dir, 'failover')).sort().at(-1)!;
    const file = join(journalsDir(dir, 'failover'), journal);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const lost = lines.findIndex((l) => l.includes('"created"') && l.includes('"key":"apigateway:RestApi:'));
    assert.equal(lost, lines.length - 1, 'the REST API was the last create');
    writeFileSync(file, `${lines.filter((_, i) => i !== lost).join('\n')}\n`);
    const done = await dr.failover();
    assert.ok(done.actions.some((a) => a.kind === 'adopt' && a.type === 'apigateway:RestApi'), 'done.actions.some((a) => a.kind === \'adopt\' && a.type === \'apigateway:RestApi\')');
    assert.deepEqual(await census(g), ONCE);
  });

  test('a target-side error names the resource and the AWS error; the rerun completes', async () => {
    const { apigateway } = clientsFor(g, TARGET);
    // Someone else's domain name already holds the name in the target.
    await apigateway.send(new CreateDomainNameCommand({ domainName: 'shop.example.com', regionalCertificateArn: TARGET_CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    const err = await dr.failover().then(
      () => assert.fail('the failover should stop'),
      (e: unknown) => e as ApplyError,
    );
    assert.ok(err instanceof ApplyError, 'err instanceof ApplyError');
    assert.equal(err.resource, 'apigateway:DomainName:shop.example.com');
    assert.equal(err.awsError, 'ConflictException');
    assert.match(err.message, /create domain shop\.example\.com .* failed in the target: ConflictException: The domain name you provided already exists\./);
    assert.equal((await dr.status()).environments[0]!.resumable, true);
    await apigateway.send(new DeleteDomainNameCommand({ domainName: 'shop.example.com' }));
    apigateway.destroy();
    await dr.failover();
    assert.deepEqual(await census(g), ONCE);
  });
});
