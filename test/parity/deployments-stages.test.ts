/**
 * Parity with AWS for deployments and stages, scenario by scenario, every recorded entry of:
 *  - test_apigateway_api.snapshot.json      TestApiGatewayStage::*
 *  - test_apigateway_canary.snapshot.json   TestStageCrudCanary::* (the control-plane canary tests)
 *  - test_apigateway_common.snapshot.json   TestStages::*, TestDeployments::*
 * Inputs are rebuilt from LocalStack's tests/aws/services/apigateway/test_apigateway_{canary,common}.py.
 * The inputs of TestApiGatewayStage (and of TestStages::test_update_stage_remove_wildcard) are not
 * in the stored copy of LocalStack's test file; they are read off the recorded answers (entry names
 * such as "star-and-remove", the values each answer echoes), and said so at each test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDocumentationVersionCommand,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationResponseCommand,
  UpdateStageCommand,
  type CreateDeploymentCommandInput,
  type CreateStageCommandInput,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { deleteRestApisAfterEach, useGatehouse } from '../helpers/gatehouse.js';
import { Bindings, capture, matchRecorded, recorded, snapshotsAvailable } from './snapshot.js';

const skip = !snapshotsAvailable;
const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:000000000000:log-group:gatehouse-access-logs';

const server = useGatehouse();
deleteRestApisAfterEach(server);

/**
 * One recorded scenario: `check(name, call)` compares one answer, and `done()` asserts that every
 * recorded entry was compared, so no entry is silently left out.
 */
function scenario(file: string, testName: string) {
  const rec = recorded(file, testName);
  const b = new Bindings();
  const seen = new Set<string>();
  return {
    async check(name: string, call: () => Promise<unknown>, ignore: string[] = []) {
      assert.ok(rec[name], `${testName} has no recorded entry ${name}`);
      seen.add(name);
      const result = await capture(call);
      matchRecorded(rec[name], result, b, { ignore, path: name });
      return result;
    },
    done() {
      assert.deepEqual(Object.keys(rec).filter((k) => !seen.has(k)), [], `${testName}: recorded entries never compared`);
    },
  };
}

/** LocalStack's `create_api_for_deployment` fixture: GET / with a MOCK integration answering 200. */
async function mockApi(full = true): Promise<{ apiId: string; rootId: string }> {
  const api = await server.client.send(new CreateRestApiCommand({ name: `deploy-${Date.now()}` }));
  const apiId = api.id!;
  const rootId = api.rootResourceId!;
  const at = { restApiId: apiId, resourceId: rootId, httpMethod: 'GET' };
  await server.client.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
  if (full) await server.client.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
  await server.client.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: full ? { 'application/json': '{"statusCode": 200}' } : undefined }));
  if (full) {
    await server.client.send(
      new PutIntegrationResponseCommand({
        ...at,
        statusCode: '200',
        selectionPattern: '',
        responseTemplates: { 'application/json': JSON.stringify({ statusCode: 200, message: 'default deployment' }) },
      }),
    );
  }
  return { apiId, rootId };
}

const deploy = (input: CreateDeploymentCommandInput) => () => server.client.send(new CreateDeploymentCommand(input));
const createStage = (input: CreateStageCommandInput) => () => server.client.send(new CreateStageCommand(input));
const getStage = (restApiId: string, stageName: string) => () => server.client.send(new GetStageCommand({ restApiId, stageName }));
const getStages = (restApiId: string, deploymentId?: string) => () => server.client.send(new GetStagesCommand({ restApiId, deploymentId }));
const updateStage = (restApiId: string, stageName: string, patchOperations: PatchOperation[]) => () =>
  server.client.send(new UpdateStageCommand({ restApiId, stageName, patchOperations }));
const idOf = (answer: Record<string, unknown>) => answer.id as string;

describe('Stage parity (test_apigateway_api TestApiGatewayStage)', { skip }, () => {
  const FILE = 'test_apigateway_api.snapshot.json';

  test('GetStages lists every stage, and with deploymentId only the stages on that deployment', async () => {
    // Inputs read off the answers: two deployments, stage1 on the first, stage2 on the second.
    const s = scenario(FILE, 'TestApiGatewayStage::test_get_stages_filters_by_deployment_id');
    const { apiId } = await mockApi();
    const first = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    const second = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'stage1', deploymentId: first.id }));
    await server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'stage2', deploymentId: second.id }));
    await s.check('all-stages', getStages(apiId));
    await s.check('stages-deploy1', getStages(apiId, first.id));
    await s.check('stages-deploy2', getStages(apiId, second.id));
    s.done();
  });

  test('access log destination and format are added, replaced, and removed together', async () => {
    // Inputs read off the entry names and the values each answer echoes.
    const s = scenario(FILE, 'TestApiGatewayStage::test_stage_access_log_settings');
    const { apiId } = await mockApi();
    const deployment = await s.check('create-deployment', deploy({ restApiId: apiId }));
    await s.check('create-stage', createStage({ restApiId: apiId, stageName: 'dev', deploymentId: idOf(deployment), description: 'dev stage' }));
    await s.check('update-stage-access-log-dest-add', updateStage(apiId, 'dev', [{ op: 'add', path: '/accessLogSettings/destinationArn', value: LOG_GROUP_ARN }]));
    await s.check(
      'update-stage-access-log-dest-replace',
      updateStage(apiId, 'dev', [{ op: 'replace', path: '/accessLogSettings/destinationArn', value: `${LOG_GROUP_ARN}a` }]),
    );
    await s.check(
      'update-stage-access-log-format-add',
      updateStage(apiId, 'dev', [{ op: 'add', path: '/accessLogSettings/format', value: '$context.requestId $context.identity.sourceIp' }]),
    );
    await s.check('update-stage-access-log-remove-all', updateStage(apiId, 'dev', [{ op: 'remove', path: '/accessLogSettings' }]));
    s.done();
  });

  test('access log paths other than destinationArn and format, empty values and field removal are refused', async () => {
    const s = scenario(FILE, 'TestApiGatewayStage::test_stage_access_log_settings_validation');
    const { apiId } = await mockApi();
    const deployment = await s.check('create-deployment', deploy({ restApiId: apiId }));
    await s.check('create-stage', createStage({ restApiId: apiId, stageName: 'dev', deploymentId: idOf(deployment), description: 'dev stage' }));
    const op = (o: PatchOperation['op'], path: string) => updateStage(apiId, 'dev', [{ op: o, path, value: o === 'remove' ? undefined : 'x' }]);
    await s.check('invalid-path-add', op('add', '/accessLogSettings/randomValue'));
    await s.check('invalid-path-remove', op('remove', '/accessLogSettings/randomValue'));
    await s.check('invalid-path-replace', op('replace', '/accessLogSettings/randomValue'));
    await s.check('star-and-add', op('add', '/accessLogSettings/*'));
    await s.check('star-and-remove', op('remove', '/accessLogSettings/*'));
    await s.check('star-and-replace', op('replace', '/accessLogSettings/*'));
    await s.check('root-and-add', op('add', '/accessLogSettings'));
    await s.check('root-and-replace', op('replace', '/accessLogSettings'));
    await s.check('update-stage-access-log-dest-add', updateStage(apiId, 'dev', [{ op: 'add', path: '/accessLogSettings/destinationArn', value: LOG_GROUP_ARN }]));
    await s.check('update-stage-access-log-destinationArn-empty', updateStage(apiId, 'dev', [{ op: 'replace', path: '/accessLogSettings/destinationArn', value: '' }]));
    await s.check('update-stage-access-log-format-empty', updateStage(apiId, 'dev', [{ op: 'replace', path: '/accessLogSettings/format', value: '' }]));
    await s.check('update-stage-access-log-dest-remove', op('remove', '/accessLogSettings/destinationArn'));
    s.done();
  });
});

describe('Canary stage parity (test_apigateway_canary TestStageCrudCanary)', { skip }, () => {
  const FILE = 'test_apigateway_canary.snapshot.json';
  const overrides = (testVar: string) => ({ stageVariableOverrides: { testVar } });

  test('a stage created with canary settings; overrides replaced; canary removed', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_create_update_stages');
    const { apiId, rootId } = await mockApi();
    const first = await s.check('create-deployment-1', deploy({ restApiId: apiId }));
    await server.client.send(
      new UpdateIntegrationResponseCommand({
        restApiId: apiId,
        resourceId: rootId,
        httpMethod: 'GET',
        statusCode: '200',
        patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: JSON.stringify({ statusCode: 200, message: 'second deployment' }) }],
      }),
    );
    const second = await s.check('create-deployment-2', deploy({ restApiId: apiId }));
    await s.check(
      'create-stage',
      createStage({
        restApiId: apiId,
        stageName: 'dev',
        deploymentId: idOf(first),
        description: 'dev stage',
        variables: { testVar: 'default' },
        canarySettings: { deploymentId: idOf(second), percentTraffic: 50, ...overrides('canary') },
      }),
    );
    await s.check('get-stage', getStage(apiId, 'dev'));
    await s.check(
      'update-stage-canary-settings-overrides',
      updateStage(apiId, 'dev', [{ op: 'replace', path: '/canarySettings/stageVariableOverrides/testVar', value: 'updated' }]),
    );
    await s.check('update-stage-remove-canary-settings', updateStage(apiId, 'dev', [{ op: 'remove', path: '/canarySettings' }]));
    await s.check('get-stage-after-remove', getStage(apiId, 'dev'));
    s.done();
  });

  test('a canary deployment to an existing stage becomes its canary, the stage keeps its deployment', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_create_canary_deployment_with_stage');
    const { apiId } = await mockApi();
    const deployment = await s.check('create-deployment', deploy({ restApiId: apiId }));
    await s.check(
      'create-stage',
      createStage({ restApiId: apiId, stageName: 'dev', deploymentId: idOf(deployment), description: 'dev stage', variables: { testVar: 'default' } }),
    );
    await s.check('create-canary-deployment', deploy({ restApiId: apiId, stageName: 'dev', canarySettings: { percentTraffic: 50, ...overrides('canary') } }));
    await s.check('get-stage', getStage(apiId, 'dev'));
    s.done();
  });

  test('a canary deployment replaces the canary a stage was created with; an unknown canary deployment is refused', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_create_canary_deployment');
    const { apiId } = await mockApi();
    const deploymentId = idOf(await s.check('create-deployment', deploy({ restApiId: apiId })));
    const base = { restApiId: apiId, deploymentId, description: 'dev stage', variables: { testVar: 'default' } };
    await s.check('create-stage', createStage({ ...base, stageName: 'dev1', canarySettings: { deploymentId, percentTraffic: 40, ...overrides('canary1') } }));
    const canary = await s.check(
      'create-canary-deployment',
      deploy({ restApiId: apiId, stageName: 'dev1', canarySettings: { percentTraffic: 50, ...overrides('canary2') } }),
    );
    await s.check('get-stage-1', getStage(apiId, 'dev1'));
    await s.check(
      'create-stage-2',
      createStage({ ...base, stageName: 'dev2', canarySettings: { deploymentId: idOf(canary), percentTraffic: 60, ...overrides('canary-overridden') } }),
    );
    await s.check(
      'bad-canary-deployment-id',
      createStage({ restApiId: apiId, stageName: 'dev3', deploymentId, description: 'dev stage', canarySettings: { deploymentId: 'deploy' } }),
    );
    s.done();
  });

  test('UpdateStage creates a canary from one canary field, removes it, and creates it again', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_create_canary_deployment_by_stage_update');
    const { apiId } = await mockApi();
    const first = await s.check('create-deployment', deploy({ restApiId: apiId }));
    const second = await s.check('create-deployment-2', deploy({ restApiId: apiId }));
    await s.check(
      'create-stage',
      createStage({ restApiId: apiId, stageName: 'dev', deploymentId: idOf(first), description: 'dev stage', variables: { testVar: 'default' } }),
    );
    await s.check('update-stage-with-deployment', updateStage(apiId, 'dev', [{ op: 'replace', path: '/canarySettings/deploymentId', value: idOf(second) }]));
    await s.check('remove-stage-canary', updateStage(apiId, 'dev', [{ op: 'remove', path: '/canarySettings' }]));
    await s.check('update-stage-with-percent', updateStage(apiId, 'dev', [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }]));
    await s.check('get-stage', getStage(apiId, 'dev'));
    s.done();
  });

  test('a canary deployment needs the name of an existing stage', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_create_canary_deployment_validation');
    const { apiId } = await mockApi();
    const canarySettings = { percentTraffic: 50, ...overrides('canary') };
    await s.check('create-canary-deployment-no-stage', deploy({ restApiId: apiId, canarySettings }));
    await s.check('create-canary-deployment-empty-stage', deploy({ restApiId: apiId, stageName: '', canarySettings }));
    await s.check('create-canary-deployment-non-existing-stage', deploy({ restApiId: apiId, stageName: 'non-existing', canarySettings }));
    s.done();
    const deployments = await server.client.send(new GetDeploymentsCommand({ restApiId: apiId }));
    assert.deepEqual(deployments.items, [], 'a refused deployment leaves nothing behind');
  });

  test('canary paths: removal of fields, unknown paths, add, and unknown deployments are refused', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_update_stage_canary_deployment_validation');
    const { apiId } = await mockApi();
    await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    await s.check('get-stage', getStage(apiId, 'dev'));
    await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', canarySettings: { percentTraffic: 50, ...overrides('canary') } }));
    await s.check('update-stage-canary-settings-remove-overrides', updateStage(apiId, 'dev', [{ op: 'remove', path: '/canarySettings/stageVariableOverrides' }]));
    await s.check('update-stage-canary-settings-bad-path', updateStage(apiId, 'dev', [{ op: 'remove', path: '/canarySettings/badPath' }]));
    await s.check('update-stage-canary-settings-bad-path-2', updateStage(apiId, 'dev', [{ op: 'replace', path: '/canarySettings', value: 'test' }]));
    await s.check(
      'update-stage-canary-settings-replace-bad-path',
      updateStage(apiId, 'dev', [{ op: 'replace', path: '/canarySettings/badPath', value: 'badPath' }]),
    );
    const second = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev2' }));
    await s.check('update-stage-add-deployment', updateStage(apiId, 'dev2', [{ op: 'add', path: '/canarySettings/deploymentId', value: second.id }]));
    await s.check('update-stage-no-deployment', updateStage(apiId, 'dev2', [{ op: 'replace', path: '/canarySettings/deploymentId', value: 'deploy' }]));
    s.done();
  });

  test('copy promotes a canary: only from the canary, only when there is one, variables merged', async () => {
    const s = scenario(FILE, 'TestStageCrudCanary::test_update_stage_with_copy_ops');
    const { apiId } = await mockApi();
    await s.check('deployment-1', deploy({ restApiId: apiId, stageName: 'dev', variables: { testVar: 'test', testVar2: 'test2' } }));
    await s.check(
      'copy-with-bad-statement',
      updateStage(apiId, 'dev', [
        { op: 'copy', path: '/canarySettings/stageVariableOverrides', from: '/variables' },
        { op: 'copy', path: '/canarySettings/deploymentId', from: '/deploymentId' },
      ]),
    );
    const promote: PatchOperation[] = [
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
    ];
    await s.check('copy-with-no-replace', updateStage(apiId, 'dev', promote));
    const promoteWithReset: PatchOperation[] = [{ op: 'replace', value: '0.0', path: '/canarySettings/percentTraffic' }, promote[1], promote[0]];
    await s.check('update-stage-with-copy', updateStage(apiId, 'dev', promoteWithReset));
    await s.check('deployment-canary', deploy({ restApiId: apiId, stageName: 'dev', canarySettings: { percentTraffic: 50, ...overrides('override') } }));
    await s.check('get-stage', getStage(apiId, 'dev'));
    await s.check('update-stage-with-copy-2', updateStage(apiId, 'dev', promoteWithReset));
    s.done();
  });
});

describe('Stage and deployment parity (test_apigateway_common TestStages, TestDeployments)', { skip }, () => {
  const FILE = 'test_apigateway_common.snapshot.json';

  test('stage updates: unknown paths refused; description, variables, tracing and method settings set', async () => {
    // As the recorded test, documentation version v123 exists first (a stage may only name one that does).
    const s = scenario(FILE, 'TestStages::test_create_update_stages');
    const { apiId } = await mockApi(false);
    await server.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: 'v123' }));
    const deployment = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await s.check('create-stage', createStage({ restApiId: apiId, stageName: 's1', deploymentId: deployment.id, description: 'my stage', documentationVersion: 'v123' }));
    await s.check('error-update-doc-version', updateStage(apiId, 's1', [{ op: 'replace', path: '/documentation_version', value: '123' }]));
    await s.check('error-update-tags', updateStage(apiId, 's1', [{ op: 'replace', path: '/tags/tag1', value: 'value1' }]));
    await s.check(
      'update-stage',
      updateStage(apiId, 's1', [
        { op: 'replace', path: '/description', value: 'stage new' },
        { op: 'replace', path: '/variables/var1', value: 'test' },
        { op: 'replace', path: '/variables/var2', value: 'test2' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' },
        { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
        { op: 'replace', path: '/tracingEnabled', value: 'true' },
        { op: 'replace', path: '/test/GET/throttling/burstLimit', value: '124' },
      ]),
    );
    await s.check('get-stage', getStage(apiId, 's1'));
    await s.check('update-stage-override', updateStage(apiId, 's1', [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' }]));
    s.done();
  });

  test('removing the */* method setting: refused while unset, clears it once set', async () => {
    // Inputs read off the answers: remove /*/* (refused), set /*/*/caching/enabled, remove /*/*.
    const s = scenario(FILE, 'TestStages::test_update_stage_remove_wildcard');
    const { apiId } = await mockApi(false);
    await server.client.send(new CreateDocumentationVersionCommand({ restApiId: apiId, documentationVersion: 'v123' }));
    const deployment = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await s.check('create-stage', createStage({ restApiId: apiId, stageName: 's1', deploymentId: deployment.id, description: 'my stage', documentationVersion: 'v123' }));
    await s.check('get-stage', getStage(apiId, 's1'));
    await s.check('delete-error', updateStage(apiId, 's1', [{ op: 'remove', path: '/*/*' }]));
    await s.check('update-stage', updateStage(apiId, 's1', [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }]));
    await s.check('update-stage-reset', updateStage(apiId, 's1', [{ op: 'remove', path: '/*/*' }]));
    await s.check('get-stage-after-reset', getStage(apiId, 's1'));
    s.done();
  });

  for (const manual of [true, false]) {
    test(`a deployment in use by a stage cannot be deleted until the stage goes (stage ${manual ? 'created by CreateStage' : 'named in CreateDeployment'})`, async () => {
      const s = scenario(FILE, `TestDeployments::test_create_delete_deployments[${manual ? 'True' : 'False'}]`);
      const { apiId } = await mockApi(false);
      const create = async () => {
        const d = await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: manual ? undefined : 's1' }));
        if (manual) await server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 's1', deploymentId: d.id }));
        return d.id!;
      };
      let deploymentId = await create();
      await s.check('get-deployment', () => server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId })));
      await s.check('get-stages', getStages(apiId));
      for (let i = 0; i < 3; i++) {
        await s.check(`delete-deployment-error-${i}`, () => server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId })));
        await server.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 's1' }));
        await server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId }));
        deploymentId = await create();
        await s.check(`get-deployments-${i}`, () => server.client.send(new GetDeploymentsCommand({ restApiId: apiId })));
        await s.check(`get-stages-${i}`, getStages(apiId));
      }
      s.done();
    });
  }

  test('deploying to an existing stage moves it to the new deployment, freeing the old one', async () => {
    const s = scenario(FILE, 'TestDeployments::test_create_update_deployments');
    const { apiId } = await mockApi(false);
    const first = (await server.client.send(new CreateDeploymentCommand({ restApiId: apiId }))).id!;
    await server.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 's1', deploymentId: first }));
    await s.check('get-deployment-1', () => server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first })));
    await s.check('get-stages', getStages(apiId));
    await s.check('delete-deployment-error', () => server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: first })));
    const second = (await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 's1' }))).id!;
    await s.check('get-deployment-1-after-update', () => server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: first })));
    await s.check('get-deployment-2', () => server.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: second })));
    await s.check('get-stages-after-update', getStages(apiId));
    await s.check('delete-deployment-1', () => server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: first })));
    await s.check('delete-deployment-2-error', () => server.client.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: second })));
    s.done();
  });
});
