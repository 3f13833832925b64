/**
 * Deployments and stages through the genuine SDK: what a deployment freezes, how deploying to a
 * stage creates or moves it, what blocks a deployment's deletion, and every method setting path.
 * Expected values follow the API reference (https://docs.aws.amazon.com/apigateway/latest/api/)
 * and the answers AWS recorded (shared/reference/aws-recorded-responses); see the parity tests.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateDeploymentCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { apiKey, KIND } from '../../src/control/apigateway/records.js';
import type { DeploymentSnapshot } from '../../src/control/apigateway/deployment-snapshot.js';

const server = useGatehouse();

/** An API whose root answers GET through a MOCK integration. */
async function mockApi(): Promise<{ apiId: string; rootId: string }> {
  const { restApiId: apiId, rootId } = await createRestApi(server.client, 'deployments');
  await addMethod(apiId, rootId, 'GET');
  return { apiId, rootId };
}

async function addMethod(restApiId: string, resourceId: string, httpMethod: string, integrate = true): Promise<void> {
  await server.client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' }));
  if (integrate) await server.client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: 'MOCK' }));
}

/** The error an SDK call fails with, as [name, message]. */
async function refusal(call: Promise<unknown>): Promise<[string, string]> {
  const err = await call.then(
    () => assert.fail('expected a refusal, the call succeeded'),
    (e: Error) => e,
  );
  return [err.name, err.message];
}

const readSnapshot = (apiId: string, deploymentId: string) =>
  server.g.store.transaction({ account: '000000000000', region: 'us-east-1' }, (tx) => tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, apiKey(apiId, deploymentId)));

describe('CreateDeployment', () => {
  test('an API without methods, or with a method lacking an integration, is refused and nothing is created', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'empty' }));
    assert.deepEqual(await refusal(server.client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))), [
      'BadRequestException',
      "The REST API doesn't contain any methods",
    ]);
    await addMethod(api.id!, api.rootResourceId!, 'GET', false);
    assert.deepEqual(await refusal(server.client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))), [
      'BadRequestException',
      'No integration defined for method',
    ]);
    assert.deepEqual((await server.client.send(new GetDeploymentsCommand({ restApiId: api.id }))).items, []);
    assert.equal((await refusal(server.client.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }))))[0], 'NotFoundException');
  });

  test('the deployment keeps the API as it was: later changes show only in the next deployment', async () => {
    const { apiId, rootId } = await mockApi();
    const first = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'v1' }));
    const before = await readSnapshot(apiId, first.id!);
    assert.equal(before?.version, 1);
    assert.equal(before?.resources[0].path, '/');
    assert.equal(before?.resources[0].resourceMethods.GET.methodIntegration?.type, 'MOCK');
    assert.equal(before?.gatewayResponses.DEFAULT_4XX?.responseType, 'DEFAULT_4XX');

    const pets = await server.client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'pets' }));
    await addMethod(apiId, pets.id!, 'POST');
    await server.client.send(
      new UpdateMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }),
    );
    const second = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));

    assert.deepEqual(await readSnapshot(apiId, first.id!), before);
    const summary = (id: string) => server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: id, embed: ['apisummary'] }));
    assert.deepEqual((await summary(first.id!)).apiSummary, { '/': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } });
    assert.deepEqual((await summary(second.id!)).apiSummary, {
      '/': { GET: { authorizationType: 'NONE', apiKeyRequired: true } },
      '/pets': { POST: { authorizationType: 'NONE', apiKeyRequired: false } },
    });
    const plain = await server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first.id }));
    assert.equal(plain.apiSummary, undefined);
    assert.equal(plain.description, 'v1');
  });

  test('with a new stageName the stage is created with the stage settings given', async () => {
    const { apiId } = await mockApi();
    const d = await server.client.send(
      new CreateDeploymentCommand({
        restApiId: apiId,
        stageName: 'beta',
        stageDescription: 'beta stage',
        variables: { url: 'example.com/beta' },
        tracingEnabled: true,
        cacheClusterEnabled: true,
      }),
    );
    const stage = await server.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'beta' }));
    assert.equal(stage.deploymentId, d.id);
    assert.equal(stage.description, 'beta stage');
    assert.deepEqual(stage.variables, { url: 'example.com/beta' });
    assert.equal(stage.tracingEnabled, true);
    assert.equal(stage.cacheClusterEnabled, true);
    assert.equal(stage.cacheClusterSize, '0.5');
    assert.equal(stage.cacheClusterStatus, 'AVAILABLE');
  });

  test('with an existing stageName the stage moves to the new deployment and keeps its other settings', async () => {
    const { apiId } = await mockApi();
    const first = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', stageDescription: 'production' }));
    await server.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' }] }));
    const second = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    assert.notEqual(first.id, second.id);
    const stage = await server.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    assert.equal(stage.deploymentId, second.id);
    assert.equal(stage.description, 'production');
    assert.equal(stage.methodSettings?.['*/*']?.metricsEnabled, true);
  });

  test('a 200-resource API deploys in well under 50 ms', async () => {
    const api = await server.client.send(new CreateRestApiCommand({ name: 'big' }));
    for (let i = 0; i < 200; i++) {
      const r = await server.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: `r${i}` }));
      await addMethod(api.id!, r.id!, 'GET');
    }
    let best = Infinity;
    let deploymentId = '';
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      deploymentId = (await server.client.send(new CreateDeploymentCommand({ restApiId: api.id }))).id!;
      best = Math.min(best, performance.now() - start);
    }
    assert.ok(best < 50, `CreateDeployment of 200 resources took ${best.toFixed(1)} ms`);
    const snapshot = await readSnapshot(api.id!, deploymentId);
    assert.equal(snapshot?.resources.length, 201);
    assert.equal(snapshot?.resources.filter((r) => r.resourceMethods.GET?.methodIntegration).length, 200);
  });
});

describe('deployment lifecycle', () => {
  test('a deployment a stage or its canary serves cannot be deleted; once free it can, and is gone', async () => {
    const { apiId } = await mockApi();
    const base = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    const canary = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', canarySettings: { percentTraffic: 10 } }));
    const inUse = ['BadRequestException', 'Active stages pointing to this deployment must be moved or deleted'];
    assert.deepEqual(await refusal(server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: base.id }))), inUse);
    assert.deepEqual(await refusal(server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: canary.id }))), inUse);

    await server.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'prod' }));
    await server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: canary.id }));
    assert.deepEqual(await refusal(server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: canary.id }))), [
      'NotFoundException',
      'Invalid Deployment identifier specified',
    ]);
    assert.equal(await readSnapshot(apiId, canary.id!), undefined);
    assert.deepEqual((await server.client.send(new GetDeploymentsCommand({ restApiId: apiId }))).items?.map((d) => d.id), [base.id]);
  });

  test('UpdateDeployment replaces the description and refuses any other path', async () => {
    const { apiId } = await mockApi();
    const d = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, description: 'old' }));
    const updated = await server.client.send(
      new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: d.id, patchOperations: [{ op: 'replace', path: '/description', value: 'new' }] }),
    );
    assert.equal(updated.description, 'new');
    assert.deepEqual(
      await refusal(server.client.send(new UpdateDeploymentCommand({ restApiId: apiId, deploymentId: d.id, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] }))),
      ['BadRequestException', "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]"],
    );
  });
});

describe('CreateStage', () => {
  test('needs an existing deployment and a free, valid name; tags come back from GetStage', async () => {
    const { apiId } = await mockApi();
    const d = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    assert.deepEqual(await refusal(server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: 'nope00' }))), [
      'NotFoundException',
      'Invalid Deployment identifier specified',
    ]);
    assert.equal((await refusal(server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev stage', deploymentId: d.id }))))[0], 'BadRequestException');
    await server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: d.id, tags: { team: 'api' } }));
    assert.deepEqual(await refusal(server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: d.id }))), [
      'ConflictException',
      'Stage already exists',
    ]);
    assert.deepEqual((await server.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))).tags, { team: 'api' });
  });
});

describe('UpdateStage', () => {
  async function stageWith(patchOperations: PatchOperation[]) {
    const { apiId } = await mockApi();
    await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    const update = (ops: PatchOperation[]) => server.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: ops }));
    return { apiId, update, stage: await update(patchOperations) };
  }

  test('method setting paths key the setting as {resource path without leading slash}/{method}', async () => {
    const { stage } = await stageWith([
      { op: 'replace', path: '/~1posts/GET/caching/enabled', value: 'true' },
      { op: 'replace', path: '/pets/{id}/DELETE/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/~1/GET/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '12.5' },
    ]);
    assert.deepEqual(Object.keys(stage.methodSettings ?? {}).sort(), ['*/*', '/GET', 'pets/{id}/DELETE', 'posts/GET']);
    assert.equal(stage.methodSettings?.['*/*']?.throttlingRateLimit, 12.5);
    assert.equal(stage.methodSettings?.['/GET']?.loggingLevel, 'INFO');
  });

  test('every method setting field path sets its field', async () => {
    const fields: [string, string, string, unknown][] = [
      ['metrics/enabled', 'true', 'metricsEnabled', true],
      ['logging/dataTrace', 'true', 'dataTraceEnabled', true],
      ['logging/loglevel', 'ERROR', 'loggingLevel', 'ERROR'],
      ['throttling/burstLimit', '42', 'throttlingBurstLimit', 42],
      ['throttling/rateLimit', '7', 'throttlingRateLimit', 7],
      ['caching/enabled', 'true', 'cachingEnabled', true],
      ['caching/ttlInSeconds', '60', 'cacheTtlInSeconds', 60],
      ['caching/dataEncrypted', 'true', 'cacheDataEncrypted', true],
      ['caching/requireAuthorizationForCacheControl', 'false', 'requireAuthorizationForCacheControl', false],
      ['caching/unauthorizedCacheControlHeaderStrategy', 'FAIL_WITH_403', 'unauthorizedCacheControlHeaderStrategy', 'FAIL_WITH_403'],
    ];
    const { stage } = await stageWith(fields.map(([path, value]) => ({ op: 'replace', path: `/~1items/POST/${path}`, value })));
    const setting = stage.methodSettings?.['items/POST'] as Record<string, unknown>;
    for (const [path, , field, expected] of fields) assert.equal(setting[field], expected, path);
  });

  test('removing a method setting by its path; bad values and unknown settings are refused without change', async () => {
    const { update, stage } = await stageWith([{ op: 'replace', path: '/~1posts/GET/caching/enabled', value: 'true' }]);
    assert.ok(stage.methodSettings?.['posts/GET']);
    const bad: [PatchOperation, string][] = [
      [{ op: 'replace', path: '/~1posts/GET/caching/ttlInSeconds', value: 'soon' }, 'BadRequestException'],
      [{ op: 'replace', path: '/~1posts/GET/logging/loglevel', value: 'LOUD' }, 'BadRequestException'],
      [{ op: 'replace', path: '/~1posts/GET/caching/colour', value: 'red' }, 'BadRequestException'],
    ];
    for (const [op, name] of bad) {
      const [errName, message] = await refusal(update([{ op: 'replace', path: '/description', value: 'changed' }, op]));
      assert.equal(errName, name, String(op.path));
      if (op.path!.endsWith('colour')) assert.match(message, /^Invalid method setting path: \/~1posts\/GET\/caching\/colour\. Must be one of: \[/);
    }
    const removed = await update([{ op: 'remove', path: '/~1posts/GET' }]);
    assert.deepEqual(removed.methodSettings, {});
    assert.equal(removed.description, undefined, 'the refused updates changed nothing');
  });

  test('variables, cache cluster, and deployment pointer', async () => {
    const { apiId, update } = await stageWith([{ op: 'add', path: '/variables/color', value: 'blue' }]);
    const other = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    const stage = await update([
      { op: 'remove', path: '/variables/color' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/deploymentId', value: other.id },
    ]);
    assert.equal(stage.variables, undefined);
    assert.equal(stage.cacheClusterStatus, 'AVAILABLE');
    assert.equal(stage.cacheClusterSize, '1.6');
    assert.equal(stage.deploymentId, other.id);
    assert.deepEqual(await refusal(update([{ op: 'replace', path: '/deploymentId', value: 'nope00' }])), ['BadRequestException', 'Deployment id does not exist']);
    const off = await update([{ op: 'replace', path: '/cacheClusterEnabled', value: 'false' }]);
    assert.equal(off.cacheClusterStatus, 'NOT_AVAILABLE');
  });

  test('an unknown stage is not found', async () => {
    const { apiId } = await mockApi();
    assert.deepEqual(await refusal(server.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'ghost', patchOperations: [] }))), [
      'NotFoundException',
      'Invalid Stage identifier specified',
    ]);
    assert.deepEqual(await refusal(server.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'ghost' }))), [
      'NotFoundException',
      'Invalid Stage identifier specified',
    ]);
  });
});
