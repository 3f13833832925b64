/**
 * Documentation versions keep their own parts through a failover: a version a stage publishes is
 * captured from that stage's export (extensions=documentation) and rebuilt in the target from
 * those parts, not from the API's current ones; a version no stage publishes is recovered from
 * the current parts and the point says so; the working parts end as the source's; a failover that
 * stops part-way resumes; a rerun changes nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-quick-start-publishing.html
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDocumentationPartCommand,
  DeleteDocumentationVersionCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionsCommand,
  GetExportCommand,
  GetRestApisCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateDocumentationPartCommand,
  UpdateStageCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { DisasterRecovery, InjectedFailure } from '../../src/replication/index.js';
import { clientsFor, drConfig, SOURCE, TARGET } from './estate.js';

const props = (o: object) => JSON.stringify(o);

/**
 * One API, stages prod and dev on one deployment. Parts A, published as v1 on prod; parts B,
 * published as v2 on dev, and v3 on no stage; then parts C, the current ones.
 */
async function buildDocumentedApi(c: APIGatewayClient): Promise<string> {
  const api = await c.send(new CreateRestApiCommand({ name: 'docs' }));
  const restApiId = api.id!;
  const pets = (await c.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'pets' }))).id!;
  const ids = { restApiId, resourceId: pets, httpMethod: 'GET' };
  await c.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await c.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await c.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await c.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '[]' } }));
  const deployment = await c.send(new CreateDeploymentCommand({ restApiId }));
  for (const stageName of ['prod', 'dev']) await c.send(new CreateStageCommand({ restApiId, stageName, deploymentId: deployment.id! }));

  const apiPart = await c.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: props({ description: 'A' }) }));
  const methodPart = await c.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: props({ summary: 'list pets (A)' }) }));
  await c.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v1', description: 'first', stageName: 'prod' }));

  const setApi = (description: string) =>
    c.send(new UpdateDocumentationPartCommand({ restApiId, documentationPartId: apiPart.id!, patchOperations: [{ op: 'replace', path: '/properties', value: props({ description }) }] }));
  await setApi('B');
  await c.send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId: methodPart.id! }));
  await c.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESOURCE', path: '/pets' }, properties: props({ description: 'pets (B)' }) }));
  await c.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v2', description: 'second', stageName: 'dev' }));
  await c.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v3', description: 'unpublished' }));

  await setApi('C');
  await c.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESPONSE', path: '/pets', method: 'GET', statusCode: '200' }, properties: props({ description: 'ok (C)' }) }));
  return restApiId;
}

type Part = { location: Record<string, unknown>; properties: unknown };
const byLocation = (parts: Part[]) => [...parts].sort((a, b) => (JSON.stringify(a.location) < JSON.stringify(b.location) ? -1 : 1));

/** The parts a stage publishes (its documentation version's), as its export writes them. */
async function published(c: APIGatewayClient, restApiId: string, stageName: string): Promise<Part[]> {
  const out = await c.send(new GetExportCommand({ restApiId, stageName, exportType: 'oas30', parameters: { extensions: 'documentation' }, accepts: 'application/json' }));
  const doc = JSON.parse(Buffer.from(out.body!).toString('utf8'));
  return byLocation(doc['x-amazon-apigateway-documentation']?.documentationParts ?? []);
}

/** The working parts, properties parsed (the target may print them differently). */
async function current(c: APIGatewayClient, restApiId: string): Promise<Part[]> {
  const items = (await c.send(new GetDocumentationPartsCommand({ restApiId, limit: 500 }))).items ?? [];
  return byLocation(items.map((p) => ({ location: { ...p.location }, properties: JSON.parse(p.properties!) })));
}

const descriptions = (parts: Part[]) => parts.map((p) => Object.values(p.properties as object).join()).sort();

describe('documentation versions in a failover', () => {
  let g: TestGatehouse;
  let dir: string;
  let dr: DisasterRecovery;
  let source: APIGatewayClient;
  let target: APIGatewayClient;
  let sourceApiId: string;

  beforeEach(async () => {
    g = await startTestGatehouse({ inMemory: true });
    source = clientsFor(g, SOURCE).apigateway;
    target = clientsFor(g, TARGET).apigateway;
    sourceApiId = await buildDocumentedApi(source);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-docs-'));
    dr = new DisasterRecovery(drConfig(g, dir));
  });
  afterEach(async () => {
    dr.close();
    source.destroy();
    target.destroy();
    await g.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const targetApiId = async () => {
    const apis = (await target.send(new GetRestApisCommand({}))).items ?? [];
    assert.equal(apis.length, 1);
    return apis[0]!.id!;
  };

  /** Every version with the parts it froze, and the current parts, as the source has them. */
  async function assertRecovered(): Promise<void> {
    const apiId = await targetApiId();
    const versions = (api: string, c: APIGatewayClient) => c.send(new GetDocumentationVersionsCommand({ restApiId: api })).then((r) => (r.items ?? []).map((v) => [v.version, v.description]).sort());
    assert.deepEqual(await versions(apiId, target), [['v1', 'first'], ['v2', 'second'], ['v3', 'unpublished']]);
    assert.deepEqual(await versions(apiId, target), await versions(sourceApiId, source));
    for (const stage of ['prod', 'dev']) {
      assert.equal((await target.send(new GetStageCommand({ restApiId: apiId, stageName: stage }))).documentationVersion, stage === 'prod' ? 'v1' : 'v2');
      assert.deepEqual(await published(target, apiId, stage), await published(source, sourceApiId, stage), `the parts ${stage} publishes`);
    }
    // Not vacuous: each version holds its own parts, none of them the current ones.
    assert.deepEqual(descriptions(await published(target, apiId, 'prod')), ['A', 'list pets (A)']);
    assert.deepEqual(descriptions(await published(target, apiId, 'dev')), ['B', 'pets (B)']);
    assert.deepEqual(await current(target, apiId), await current(source, sourceApiId));
    assert.deepEqual(descriptions(await current(target, apiId)), ['C', 'ok (C)', 'pets (B)']);
  }

  test('each published version is rebuilt from its own parts, the current parts last; a rerun changes nothing', async () => {
    const point = await dr.capture();
    const approximate = point.warnings.filter((w) => w.startsWith('documentation version'));
    assert.equal(approximate.length, 1, point.warnings.join('\n'));
    assert.match(approximate[0]!, /^documentation version v3 of API docs \(\w+\) is published by no stage.*current documentation parts, an approximation/);

    const first = await dr.failover();
    assert.ok(first.actions.some((a) => a.kind === 'create' && a.key.endsWith('DocumentationVersion:v1')), 'v1 is created');
    await assertRecovered();
    assert.equal((await dr.verify()).equal, true);
    assert.deepEqual((await dr.failover()).actions, []);
    await assertRecovered();

    // The reported approximation: the unpublished v3 holds the parts current at capture (C), not
    // those it froze (B). Published on a target stage to read it (this changes the target, so last).
    const apiId = await targetApiId();
    await target.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: 'v3' }] }));
    assert.deepEqual(descriptions(await published(target, apiId, 'dev')), ['C', 'ok (C)', 'pets (B)']);
  });

  test('a version the target already holds is left alone (versions are immutable)', async () => {
    await dr.capture();
    await dr.failover();
    const apiId = await targetApiId();
    // In the source, the current parts change and v3 is published again under its name with them.
    const apiPart = ((await source.send(new GetDocumentationPartsCommand({ restApiId: sourceApiId, type: 'API' }))).items ?? [])[0]!;
    await source.send(new UpdateDocumentationPartCommand({ restApiId: sourceApiId, documentationPartId: apiPart.id!, patchOperations: [{ op: 'replace', path: '/properties', value: props({ description: 'D' }) }] }));
    await source.send(new DeleteDocumentationVersionCommand({ restApiId: sourceApiId, documentationVersion: 'v3' }));
    await source.send(new CreateDocumentationVersionCommand({ restApiId: sourceApiId, documentationVersion: 'v3', description: 'unpublished' }));
    await dr.capture();
    const run = await dr.failover();
    assert.deepEqual(run.actions.map((a) => [a.kind, a.type]), [['update', 'apigateway:DocumentationPart']]);
    assert.deepEqual(await current(target, apiId), await current(source, sourceApiId));
    await target.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: 'v3' }] }));
    assert.deepEqual(descriptions(await published(target, apiId, 'dev')), ['C', 'ok (C)', 'pets (B)'], 'the target keeps the v3 it made');
  });

  for (const [stopBefore, made] of [['v2', 'v1'], ['v3', 'v2']] as const) {
    test(`a failover stopped right after ${made} was made resumes: every version once, with its own parts`, async () => {
      await dr.capture();
      // Stops the run as a crash would, when it is about to make the next version.
      const stop = (e: { action: { kind: string; key: string } }) => {
        if (e.action.kind === 'create' && e.action.key.endsWith(`DocumentationVersion:${stopBefore}`)) throw new InjectedFailure(`stopped before ${stopBefore}`);
      };
      await assert.rejects(dr.failover({ onProgress: stop }), InjectedFailure);
      // Stopped between a version and the current parts: the working parts are the version's.
      const apiId = await targetApiId();
      assert.deepEqual(descriptions(await current(target, apiId)), made === 'v1' ? ['A', 'list pets (A)'] : ['B', 'pets (B)']);
      const resumed = await dr.failover();
      assert.deepEqual(
        resumed.actions.filter((a) => a.type === 'apigateway:DocumentationVersion').map((a) => [a.kind, a.key.split(':').at(-1)]),
        made === 'v1' ? [['create', 'v2'], ['create', 'v3']] : [['create', 'v3']],
      );
      await assertRecovered();
      assert.deepEqual((await dr.failover()).actions, []);
    });
  }
});
