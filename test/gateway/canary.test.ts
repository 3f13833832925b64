/**
 * Canary releases on the data plane: `percentTraffic` percent of a stage's requests are answered
 * by the canary's deployment with the canary's stage-variable overrides, and promoting the canary
 * makes its deployment the stage's.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { stageTarget } from '../../src/gateway/rest/handlers/route.js';
import type { StageEntry } from '../../src/gateway/rest/deployments.js';
import type { CompiledApi } from '../../src/gateway/rest/compile.js';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';

describe('which deployment answers (the split itself)', () => {
  const stableApi = {} as CompiledApi;
  const canaryApi = {} as CompiledApi;
  const entry = (percentTraffic: number): StageEntry => ({
    scope: { account: '000000000000', region: 'us-east-1' },
    apiId: 'abc',
    stage: { stageName: 'dev', deploymentId: 'd1', variables: { v: 'stage' } } as unknown as StageEntry['stage'],
    api: stableApi,
    canary: { api: canaryApi, deploymentId: 'd2', percentTraffic, variables: { v: 'canary' } },
  });

  test('a draw below percentTraffic goes to the canary, with its variables and isCanary', () => {
    const t = stageTarget(entry(25), 0.2499);
    assert.equal(t.api, canaryApi);
    assert.deepEqual([t.deploymentId, t.variables, t.isCanary], ['d2', { v: 'canary' }, true]);
  });

  test('a draw at or above percentTraffic stays on the stage deployment', () => {
    const t = stageTarget(entry(25), 0.25);
    assert.equal(t.api, stableApi);
    assert.deepEqual([t.deploymentId, t.variables, t.isCanary], ['d1', { v: 'stage' }, false]);
  });

  test('0 % never and 100 % always reach the canary, over the whole range of draws', () => {
    for (const draw of [0, 0.5, 0.999999]) {
      assert.equal(stageTarget(entry(0), draw).isCanary, false, `0 % at ${draw}`);
      assert.equal(stageTarget(entry(100), draw).isCanary, true, `100 % at ${draw}`);
    }
  });

  test('a stage without a canary always answers from its deployment', () => {
    const { canary: _, ...noCanary } = entry(50);
    assert.equal(stageTarget(noCanary, 0).isCanary, false);
  });
});

describe('a stage with a canary, over HTTP', () => {
  const server = useGatehouse({ inMemory: true });
  const template = (message: string) =>
    JSON.stringify({ message, variable: '$stageVariables.testVar', nonOverridden: '$stageVariables.defaultVar', isCanary: '$context.isCanaryRequest' });

  /** GET / answering `template('stable')`, deployed to `dev`, then a canary deployment answering `template('canary')`. */
  async function canaryApi(percentTraffic: number) {
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, 'canary');
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
    await c.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': template('stable') } }));
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', variables: { testVar: 'default', defaultVar: 'default' } }));
    await c.send(
      new UpdateIntegrationResponseCommand({
        ...at,
        statusCode: '200',
        patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: template('canary') }],
      }),
    );
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev', canarySettings: { percentTraffic, stageVariableOverrides: { testVar: 'canary' } } }));
    return restApiId;
  }

  async function answers(restApiId: string, n: number): Promise<Record<string, string>[]> {
    const out: Record<string, string>[] = [];
    // In batches, so the run stays quick without opening hundreds of sockets at once.
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, () => http(server.g.url, { path: `/_aws/execute-api/${restApiId}/dev/` })),
      );
      for (const res of batch) {
        assert.equal(res.status, 200, res.text);
        out.push(res.json());
      }
    }
    return out;
  }

  const STABLE = { message: 'stable', variable: 'default', nonOverridden: 'default', isCanary: 'false' };
  const CANARY = { message: 'canary', variable: 'canary', nonOverridden: 'default', isCanary: 'true' };

  test('at 0 % every request is answered by the stage deployment', async () => {
    const restApiId = await canaryApi(0);
    for (const a of await answers(restApiId, 50)) assert.deepEqual(a, STABLE);
  });

  test('at 100 % every request is answered by the canary, with its variable overrides', async () => {
    const restApiId = await canaryApi(100);
    for (const a of await answers(restApiId, 50)) assert.deepEqual(a, CANARY);
  });

  test('at 50 % about half of 400 requests reach the canary, each answer whole', async () => {
    const restApiId = await canaryApi(50);
    const all = await answers(restApiId, 400);
    let canary = 0;
    for (const a of all) {
      if (a.message === 'canary') canary++;
      // A request never mixes the canary's deployment with the stage's variables or the reverse.
      assert.deepEqual(a, a.message === 'canary' ? CANARY : STABLE);
    }
    // Binomial(400, 0.5): mean 200, standard deviation 10; 140..260 is six deviations each side.
    assert.ok(canary >= 140 && canary <= 260, `${canary} of 400 reached the canary`);
  });

  test('a change of percentTraffic is live at once', async () => {
    const restApiId = await canaryApi(0);
    await server.client.send(
      new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '100.0' }] }),
    );
    for (const a of await answers(restApiId, 10)) assert.deepEqual(a, CANARY);
  });

  test('promoting the canary makes its deployment and variables the stage\'s; removing it leaves only that', async () => {
    const restApiId = await canaryApi(0);
    await server.client.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'dev',
        patchOperations: [
          { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
          { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
        ],
      }),
    );
    const promoted = { message: 'canary', variable: 'canary', nonOverridden: 'default', isCanary: 'false' };
    for (const a of await answers(restApiId, 10)) assert.deepEqual(a, promoted);
    await server.client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'remove', path: '/canarySettings' }] }));
    for (const a of await answers(restApiId, 10)) assert.deepEqual(a, promoted);
  });
});
