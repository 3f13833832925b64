/**
 * Lambda versions and aliases (seed: "Lambda functions, versions, or aliases that are used as
 * authorizers or in a method integration"): an AWS_PROXY integration on an alias to version 1
 * (while $LATEST runs other code) and one on a version number; after failover the recovered
 * stage answers with the versions' code. The source's versions are 1 and 3 (2 was deleted), so
 * the target numbers them 1 and 2: the URI naming version 3 and an alias's routing weights are
 * translated through the journal's mapping. A version and an alias no URI names are left out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { clientsFor, drConfig, ROLE, SOURCE, TARGET } from './estate.js';

const code = (answer: string) =>
  zipSync({ 'index.mjs': strToU8(`export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ answer: '${answer}' }) });\n`) });
const fnArn = (qualified: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:${qualified}/invocations`;

describe('failover of Lambda versions and aliases', () => {
  let g: TestGatehouse;
  let dir: string;
  let dr: DisasterRecovery;
  let sourceApiId: string;
  let targetApiId: string;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    const { apigateway: c, lambda } = clientsFor(g, SOURCE);
    const FunctionName = 'versioned';
    await lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: code('one') } }));
    await lambda.send(new PublishVersionCommand({ FunctionName, Description: 'first' }));
    for (const answer of ['two', 'three']) {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code(answer) }));
      await lambda.send(new PublishVersionCommand({ FunctionName }));
    }
    await lambda.send(new DeleteFunctionCommand({ FunctionName, Qualifier: '2' }));
    // Version 4 and the alias on it are named by no URI: not replicated.
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code('four') }));
    await lambda.send(new PublishVersionCommand({ FunctionName }));
    await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'unused', FunctionVersion: '4' }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code('latest') }));
    await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '1' }));
    await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'blend', FunctionVersion: '3', RoutingConfig: { AdditionalVersionWeights: { '1': 0.25 } } }));

    const api = await c.send(new CreateRestApiCommand({ name: 'versions' }));
    sourceApiId = api.id!;
    for (const [pathPart, qualified] of [['live', `${FunctionName}:live`], ['three', `${FunctionName}:3`], ['latest', FunctionName], ['blend', `${FunctionName}:blend`]] as const) {
      const resourceId = (await c.send(new CreateResourceCommand({ restApiId: sourceApiId, parentId: api.rootResourceId!, pathPart }))).id!;
      await c.send(new PutMethodCommand({ restApiId: sourceApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await c.send(new PutIntegrationCommand({ restApiId: sourceApiId, resourceId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: fnArn(qualified) }));
    }
    const deployment = await c.send(new CreateDeploymentCommand({ restApiId: sourceApiId }));
    await c.send(new CreateStageCommand({ restApiId: sourceApiId, stageName: 'prod', deploymentId: deployment.id! }));
    c.destroy();
    lambda.destroy();

    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-versions-'));
    dr = new DisasterRecovery(drConfig(g, dir));
    await dr.capture();
    await dr.failover();
    const t = clientsFor(g, TARGET);
    targetApiId = (await t.apigateway.send(new GetRestApisCommand({}))).items![0]!.id!;
    t.apigateway.destroy();
    t.lambda.destroy();
  });
  after(async () => {
    dr?.close();
    await g?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const answer = async (apiId: string, path: string) => {
    const r = await http(g.url, { path: `/_aws/execute-api/${apiId}/prod${path}` });
    assert.equal(r.status, 200, `${apiId}${path}: ${r.text}`);
    return r.json<{ answer: string }>().answer;
  };

  test('the recovered stage answers with the alias\'s version, the numbered version and $LATEST, as the source does', async () => {
    for (const [path, want] of [['/live', 'one'], ['/three', 'three'], ['/latest', 'latest']] as const) {
      assert.equal(await answer(sourceApiId, path), want, `source ${path}`);
      assert.equal(await answer(targetApiId, path), want, `target ${path}`);
    }
  });

  test('the target numbers the versions itself: the URI and the alias weights name the mapped numbers', async () => {
    const { apigateway, lambda } = clientsFor(g, TARGET);
    try {
      const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned' }));
      assert.deepEqual(versions.Versions?.map((v) => [v.Version, v.Description ?? '']), [['$LATEST', ''], ['1', 'first'], ['2', '']], 'versions 1 and 3 as 1 and 2; not 4');
      const resources = await apigateway.send(new GetResourcesCommand({ restApiId: targetApiId }));
      const three = resources.items!.find((r) => r.path === '/three')!;
      const integration = await apigateway.send(new GetIntegrationCommand({ restApiId: targetApiId, resourceId: three.id!, httpMethod: 'GET' }));
      assert.equal(integration.uri, 'arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:222222222222:function:versioned:2/invocations');
      const live = await lambda.send(new GetAliasCommand({ FunctionName: 'versioned', Name: 'live' }));
      assert.equal(live.FunctionVersion, '1');
      const blend = await lambda.send(new GetAliasCommand({ FunctionName: 'versioned', Name: 'blend' }));
      assert.equal(blend.FunctionVersion, '2');
      assert.deepEqual(blend.RoutingConfig?.AdditionalVersionWeights, { '1': 0.25 });
      const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: 'versioned' }));
      assert.deepEqual(aliases.Aliases?.map((a) => a.Name).sort(), ['blend', 'live'], 'the alias no URI names is not replicated');
      // $LATEST is the source's $LATEST again once the versions are published.
      const [src, tgt] = await Promise.all(
        [SOURCE, TARGET].map(async (s) => {
          const c = clientsFor(g, s);
          const out = await c.lambda.send(new GetFunctionCommand({ FunctionName: 'versioned' }));
          c.lambda.destroy();
          c.apigateway.destroy();
          return out.Configuration?.CodeSha256;
        }),
      );
      assert.equal(tgt, src);
    } finally {
      apigateway.destroy();
      lambda.destroy();
    }
  });

  test('the target equals the point, and a rerun changes nothing', async () => {
    assert.equal((await dr.verify()).equal, true);
    assert.deepEqual((await dr.failover()).actions, []);
  });
});
