/**
 * What survives and what stays apart: everything built before a restart is there after it (same
 * data directory), and each (account, region) is its own world, as on AWS: an API created in one
 * is invisible and NotFound in every other, the message naming the caller's account
 * ("Invalid API identifier specified 111111111111:api_id", recorded from AWS).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateModelCommand,
  CreateRestApiCommand,
  GetDeploymentCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  UpdateStageCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { ACCESS_LOG_ARN, ACCESS_LOGS, buildDemoApi, CACHE_GET_POSTS, deployDemoApi, POSTS_RESPONSE_TEMPLATES, PROD_VARIABLES, THROTTLE_ALL_METHODS } from './demo-api.js';

async function listNames(client: APIGatewayClient): Promise<string[]> {
  const apis = await client.send(new GetRestApisCommand({ limit: 500 }));
  return (apis.items ?? []).map((a) => a.name!).sort();
}

async function notFoundMessage(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected NotFoundException, the call succeeded'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NotFoundException, `expected NotFoundException, got ${(err as Error).name}: ${(err as Error).message}`);
  assert.equal(err.$metadata.httpStatusCode, 404);
  return err.message;
}

describe('a restart keeps everything', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-restart-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('an API with its deployment and configured stage reads back the same after Gatehouse restarts on the same data dir', async () => {
    const first = await startTestGatehouse({ dataDir });
    const c1 = first.apigateway();
    const built = await (async () => {
      const demo = await buildDemoApi(c1);
      const { deploymentId } = await deployDemoApi(c1, demo.restApiId);
      await c1.send(
        new UpdateStageCommand({ restApiId: demo.restApiId, stageName: 'prod', patchOperations: [...THROTTLE_ALL_METHODS, ...CACHE_GET_POSTS, ...ACCESS_LOGS] }),
      );
      return {
        demo,
        deploymentId,
        stage: await c1.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' })),
        resources: await c1.send(new GetResourcesCommand({ restApiId: demo.restApiId, embed: ['methods'], limit: 500 })),
        method: await c1.send(new GetMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postsId, httpMethod: 'GET' })),
        deployment: await c1.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId, embed: ['apisummary'] })),
      };
    })().finally(async () => {
      c1.destroy();
      await first.stop({ keepData: true });
    });
    const { demo, deploymentId } = built;

    const second = await startTestGatehouse({ dataDir });
    const c2 = second.apigateway();
    try {
      const api = await c2.send(new GetRestApiCommand({ restApiId: demo.restApiId }));
      assert.equal(api.name, 'MyDemoAPI');
      assert.equal(api.rootResourceId, demo.rootId);

      const resources = await c2.send(new GetResourcesCommand({ restApiId: demo.restApiId, embed: ['methods'], limit: 500 }));
      assert.equal(resources.items?.length, 4);
      assert.deepEqual(resources.items, built.resources.items);
      const method = await c2.send(new GetMethodCommand({ restApiId: demo.restApiId, resourceId: demo.postsId, httpMethod: 'GET' }));
      assert.deepEqual(method.methodIntegration, built.method.methodIntegration);
      assert.deepEqual(method.methodResponses, built.method.methodResponses);
      const ir = await c2.send(new GetIntegrationResponseCommand({ restApiId: demo.restApiId, resourceId: demo.postsId, httpMethod: 'GET', statusCode: '200' }));
      assert.deepEqual(ir.responseTemplates, POSTS_RESPONSE_TEMPLATES);

      const summary = await c2.send(new GetDeploymentCommand({ restApiId: demo.restApiId, deploymentId, embed: ['apisummary'] }));
      assert.equal(summary.id, deploymentId);
      assert.deepEqual(Object.keys(summary.apiSummary ?? {}).sort(), ['/posts', '/posts/{id}', '/{proxy+}']);
      assert.deepEqual(summary.apiSummary, built.deployment.apiSummary);

      const stage = await c2.send(new GetStageCommand({ restApiId: demo.restApiId, stageName: 'prod' }));
      assert.equal(stage.deploymentId, deploymentId);
      assert.deepEqual(stage.variables, PROD_VARIABLES);
      assert.deepEqual(Object.keys(stage.methodSettings ?? {}).sort(), ['*/*', 'posts/GET']);
      assert.deepEqual(stage.methodSettings, built.stage.methodSettings);
      assert.equal(stage.accessLogSettings?.destinationArn, ACCESS_LOG_ARN);
      assert.deepEqual(stage.createdDate, built.stage.createdDate);
      const stages = await c2.send(new GetStagesCommand({ restApiId: demo.restApiId }));
      assert.deepEqual(stages.item?.map((s) => s.stageName).sort(), ['prod', 'v1']);
    } finally {
      c2.destroy();
      await second.stop();
    }
  });
});

describe('regions and accounts are isolated', () => {
  let g: TestGatehouse | undefined;
  after(async () => {
    await g?.stop();
  });
  const gatehouse = async () => (g ??= await startTestGatehouse());

  test('an API created in us-east-1 is not listed in eu-west-1 and is NotFound there, with the same access key', async () => {
    const gh = await gatehouse();
    const east = gh.apigateway({ region: 'us-east-1', accessKeyId: 'AKIAREGIONTEST' });
    const west = gh.apigateway({ region: 'eu-west-1', accessKeyId: 'AKIAREGIONTEST' });
    const eastApi = await east.send(new CreateRestApiCommand({ name: 'only-in-us-east-1' }));
    const westApi = await west.send(new CreateRestApiCommand({ name: 'only-in-eu-west-1' }));

    assert.ok((await listNames(east)).includes('only-in-us-east-1'));
    assert.ok(!(await listNames(east)).includes('only-in-eu-west-1'));
    assert.ok((await listNames(west)).includes('only-in-eu-west-1'));
    assert.ok(!(await listNames(west)).includes('only-in-us-east-1'));

    // A key that is not 12 digits lands in the default account 000000000000.
    const message = await notFoundMessage(west.send(new GetRestApiCommand({ restApiId: eastApi.id! })));
    assert.equal(message, `Invalid API identifier specified 000000000000:${eastApi.id}`);
    await notFoundMessage(east.send(new GetRestApiCommand({ restApiId: westApi.id! })));
    east.destroy();
    west.destroy();
  });

  test('accounts 111111111111 and 222222222222 each see only their own APIs; the other\'s id is NotFound naming the caller\'s account', async () => {
    const gh = await gatehouse();
    const one = gh.apigateway({ accessKeyId: '111111111111' });
    const two = gh.apigateway({ accessKeyId: '222222222222' });
    const apiOne = await one.send(new CreateRestApiCommand({ name: 'account-one-api' }));
    const apiTwo = await two.send(new CreateRestApiCommand({ name: 'account-two-api' }));

    assert.deepEqual(await listNames(one), ['account-one-api']);
    assert.deepEqual(await listNames(two), ['account-two-api']);

    assert.equal(await notFoundMessage(two.send(new GetRestApiCommand({ restApiId: apiOne.id! }))), `Invalid API identifier specified 222222222222:${apiOne.id}`);
    assert.equal(await notFoundMessage(one.send(new GetRestApiCommand({ restApiId: apiTwo.id! }))), `Invalid API identifier specified 111111111111:${apiTwo.id}`);
    one.destroy();
    two.destroy();
  });

  test('writing into another account\'s API is NotFound and changes nothing there', async () => {
    const gh = await gatehouse();
    const owner = gh.apigateway({ accessKeyId: '333333333333' });
    const intruder = gh.apigateway({ accessKeyId: '444444444444' });
    const api = await owner.send(new CreateRestApiCommand({ name: 'owned-api' }));

    // CreateModel on an unknown API id is NotFound (recorded: test_model_validation create-model-wrong-id).
    const message = await notFoundMessage(
      intruder.send(new CreateModelCommand({ restApiId: api.id!, name: 'Intrusion', contentType: 'application/json', schema: '{}' })),
    );
    assert.equal(message, `Invalid API identifier specified 444444444444:${api.id}`);
    const models = await owner.send(new GetModelsCommand({ restApiId: api.id! }));
    assert.deepEqual(models.items?.map((m) => m.name).sort(), ['Empty', 'Error']);
    owner.destroy();
    intruder.destroy();
  });
});
