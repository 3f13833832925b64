/**
 * Recovery points (standby mode): immutable, versioned, region-neutral captures under the data
 * directory, with a content hash and a time; capturing creates nothing in the target.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { CreateResourceCommand, GetRestApisCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { DisasterRecovery, UntranslatedError } from '../../src/replication/index.js';
import { pointsDir } from '../../src/replication/points.js';
import { canonical } from '../../src/replication/canonical.js';
import { buildEstate, clientsFor, drConfig, ROLE, SOURCE, SOURCE_CERT, SOURCE_NLB, TARGET, type Estate } from './estate.js';

describe('recovery points', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let estate: Estate;
  let dir: string;
  let dr: DisasterRecovery;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstate(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-'));
    dr = new DisasterRecovery(drConfig(g, dir));
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a capture is stored under <dataDir>/dr/points with a time, a sequence and the SHA-256 of its content', async () => {
    const p = await dr.capture();
    assert.equal(p.sequence, 1);
    assert.ok(Date.parse(p.createdAt) <= Date.now(), 'Date.parse(p.createdAt) <= Date.now()');
    const { id: _id, hash, ...content } = p;
    assert.equal(hash, createHash('sha256').update(canonical(content)).digest('hex'));
    assert.deepEqual(readdirSync(pointsDir(dir)), [`${p.id}.json`]);
    assert.ok(p.id.endsWith(hash.slice(0, 12)), 'p.id.endsWith(hash.slice(0, 12))');
    // The whole API, its stages' exports, keys with values, and the functions' code are in it.
    const types = new Set(p.nodes.map((n) => n.type));
    for (const t of ['apigateway:RestApi', 'apigateway:Method', 'apigateway:Stage', 'apigateway:Deployment', 'apigateway:ApiKey', 'apigateway:UsagePlan', 'apigateway:DomainName', 'lambda:Function']) {
      assert.ok(types.has(t), t);
    }
    assert.equal(p.nodes.find((n) => n.type === 'apigateway:ApiKey')?.props.value, estate.apiKeyValue);
    // Each stage's deployment with its export; the canary's (which GetExport cannot reach) with a warning.
    const deployments = p.nodes.filter((n) => n.type === 'apigateway:Deployment');
    assert.deepEqual(deployments.map((n) => Boolean(n.payload?.export)).sort(), [false, true, true]);
    assert.ok(p.warnings.some((w) => /serves only a canary/.test(w)), p.warnings.join('\n'));
    assert.ok(p.nodes.filter((n) => n.type === 'lambda:Function').every((n) => typeof n.payload?.zipBase64 === 'string'), 'p.nodes.filter((n) => n.type === \'lambda:Function\').every((n) => typeof n.payload?.zipBase64 === \'string\')');
  });

  test('the capture is region-neutral: the source region and account appear only in its header', async () => {
    const p = await dr.point();
    const text = JSON.stringify(p.nodes.map((n) => [n.props, n.payload]));
    assert.doesNotMatch(text, new RegExp(`${SOURCE.region}|${SOURCE.account}`));
    // The API's id appears only in references (keys name the source's resources; the target's come from the journal).
    assert.ok(text.includes(`{{gh:ref:apigateway:RestApi:${estate.restApiId}}}`), 'text.includes(`{{gh:ref:apigateway:RestApi:${estate.restApiId}}}`)');
    assert.ok(!text.replace(/\{\{gh:ref:[^}]+\}\}/g, '').includes(estate.restApiId), 'the API id outside a reference');
    assert.deepEqual(p.source, { region: SOURCE.region, account: SOURCE.account, endpoint: g.url });
  });

  test('standby creates nothing in the target', async () => {
    const { apigateway } = clientsFor(g, TARGET);
    const apis = await apigateway.send(new GetRestApisCommand({}));
    apigateway.destroy();
    assert.deepEqual(apis.items, []);
  });

  test('points are versioned and listed in order; a point file is read-only', async () => {
    const second = await dr.capture();
    assert.equal(second.sequence, 2);
    const list = await dr.points();
    assert.deepEqual(list.map((p) => p.sequence), [1, 2]);
    assert.equal(list[1]!.id, second.id);
    assert.equal((await dr.point()).id, second.id);
    assert.equal(statSync(join(pointsDir(dir), `${second.id}.json`)).mode & 0o777, 0o400);
  });

  test('a point whose content was changed is refused', async () => {
    const [first] = await dr.points();
    const file = join(pointsDir(dir), `${first!.id}.json`);
    chmodSync(file, 0o600);
    writeFileSync(file, readFileSync(file, 'utf8').replace(estate.apiKeyValue, 'stolen-key-value-000000'));
    await assert.rejects(dr.point(first!.id), /does not match its hash/);
    rmSync(file);
  });

  test('a failover with a reference nothing translates is refused, naming it', async () => {
    await assert.rejects(dr.failover(), (err: unknown) => {
      assert.ok(err instanceof UntranslatedError, 'err instanceof UntranslatedError');
      assert.deepEqual(err.entries.map((e) => [e.rule, e.from]).sort(), [
        ['Certificate ARN', SOURCE_CERT],
        ['VPC link target NLB ARN', SOURCE_NLB],
      ]);
      assert.match(err.message, /give them in the mapping file/);
      return true;
    });
    const { apigateway } = clientsFor(g, TARGET);
    const apis = await apigateway.send(new GetRestApisCommand({}));
    apigateway.destroy();
    assert.deepEqual(apis.items, []);
  });

  test('a function whose code cannot be downloaded is reported, not recreated', async () => {
    const { apigateway, lambda } = clientsFor(g, SOURCE);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'live-dir', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'hot-reload', S3Key: dir } }));
    const api = (await apigateway.send(new GetRestApisCommand({}))).items![0]!;
    const r = await apigateway.send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'live' }));
    await apigateway.send(new PutMethodCommand({ restApiId: api.id!, resourceId: r.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apigateway.send(
      new PutIntegrationCommand({
        restApiId: api.id!,
        resourceId: r.id!,
        httpMethod: 'GET',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:live-dir/invocations',
      }),
    );
    apigateway.destroy();
    lambda.destroy();
    const p = await dr.capture();
    assert.ok(p.warnings.some((w) => w.startsWith('function live-dir:') && w.includes('not recreated')), p.warnings.join('\n'));
    const plan = await dr.plan();
    assert.deepEqual(plan.skipped.map((s) => s.key), ['lambda:Function:live-dir']);
    // Its ARN still gets the recovery region and account, for the function the user deploys there.
    const uri = plan.translations.find((e) => e.from.includes('function:live-dir') && e.from.startsWith('arn:aws:lambda'));
    assert.equal(uri?.to, 'arn:aws:lambda:us-west-2:222222222222:function:live-dir');
  });
});
