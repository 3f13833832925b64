/**
 * Stages, deployments and tags through the genuine SDK: what a deployment freezes, auto-deploy on
 * every change, route settings and access logs, and tagging APIs and stages by ARN.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-publish.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAccessLogSettingsCommand,
  DeleteDeploymentCommand,
  DeleteRouteCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  GetApiCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDeploymentCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { KIND, childKey, type DeploymentSnapshot } from '../../../src/definitions/apigatewayv2.js';
import { httpApi, proxyRoute, rejects, useV2Gatehouse, webSocketApi } from './helpers.js';

const server = useV2Gatehouse();
const scope = { account: '000000000000', region: 'us-east-1' };
const snapshot = (apiId: string, deploymentId: string) =>
  server.g.store.transaction(scope, (tx) => tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, childKey(apiId, deploymentId)));
const LOGS = 'arn:aws:logs:us-east-1:000000000000:log-group:http-api-access';

describe('deployments', () => {
  test('an API without routes cannot be deployed', async () => {
    const apiId = await httpApi(server.client);
    await rejects(server.client.send(new CreateDeploymentCommand({ ApiId: apiId })), 'BadRequestException', 400, 'Unable to deploy API because no routes exist in this API');
  });

  test('a deployment freezes the routes and integrations; later edits leave it unchanged', async () => {
    const apiId = await httpApi(server.client);
    const { routeId, integrationId } = await proxyRoute(server.client, apiId, 'GET /pets');
    const stage = await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }));
    assert.equal(stage.DeploymentId, undefined);
    const d = await server.client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod', Description: 'first' }));
    assert.match(d.DeploymentId!, /^[a-z0-9]{6}$/);
    assert.equal(d.DeploymentStatus, 'DEPLOYED');
    assert.equal(d.AutoDeployed, false);
    assert.ok(d.CreatedDate instanceof Date);
    const prod = await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }));
    assert.equal(prod.DeploymentId, d.DeploymentId);
    await server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, RouteKey: 'GET /cats' }));
    const frozen = (await snapshot(apiId, d.DeploymentId!))!;
    assert.equal(frozen.version, 1);
    assert.equal(frozen.api.ProtocolType, 'HTTP');
    assert.deepEqual(frozen.routes.map((r) => r.RouteKey), ['GET /pets']);
    assert.equal(frozen.integrations[integrationId].IntegrationUri, 'https://example.com/');
    await server.client.send(new UpdateDeploymentCommand({ ApiId: apiId, DeploymentId: d.DeploymentId, Description: 'renamed' }));
    assert.equal((await server.client.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: d.DeploymentId }))).Description, 'renamed');
    await rejects(server.client.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: d.DeploymentId })), 'BadRequestException', 400, 'Active stages pointing to this deployment must be moved or deleted');
    await server.client.send(new DeleteStageCommand({ ApiId: apiId, StageName: 'prod' }));
    await server.client.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: d.DeploymentId }));
    assert.equal(await snapshot(apiId, d.DeploymentId!), undefined);
    await rejects(server.client.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: d.DeploymentId })), 'NotFoundException', 404, `Invalid Deployment identifier specified ${d.DeploymentId}`);
  });

  test('an autoDeploy stage gets a new deployment on every change to the API, and refuses manual ones', async () => {
    const apiId = await httpApi(server.client);
    const empty = await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    assert.equal(empty.DeploymentId, undefined, 'nothing to deploy without routes');
    const { routeId } = await proxyRoute(server.client, apiId, 'GET /a');
    const first = await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    assert.ok(first.DeploymentId);
    assert.equal((await server.client.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: first.DeploymentId }))).AutoDeployed, true);
    await server.client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, RouteKey: 'GET /b' }));
    const second = await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    assert.notEqual(second.DeploymentId, first.DeploymentId);
    assert.deepEqual((await snapshot(apiId, second.DeploymentId!))!.routes.map((r) => r.RouteKey), ['GET /b']);
    assert.deepEqual((await snapshot(apiId, first.DeploymentId!))!.routes.map((r) => r.RouteKey), ['GET /a']);
    const deployments = (await server.client.send(new GetDeploymentsCommand({ ApiId: apiId }))).Items!;
    // The integration came before any route (nothing to deploy); the route and its update deployed.
    assert.deepEqual(deployments.map((d) => d.DeploymentId), [first.DeploymentId, second.DeploymentId]);
    await rejects(server.client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: '$default' })), 'BadRequestException', 400, /autoDeploy enabled/);
    await rejects(server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: '$default', DeploymentId: first.DeploymentId })), 'BadRequestException', 400, /autoDeploy enabled/);
    // Switching autoDeploy on deploys at once.
    await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta' }));
    const beta = await server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'beta', AutoDeploy: true }));
    assert.ok(beta.DeploymentId);
  });
});

describe('stages', () => {
  test('names, duplicates and unknown deployments', async () => {
    const apiId = await httpApi(server.client);
    await rejects(server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'bad name' })), 'BadRequestException', 400, /Stage name only allows/);
    await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', StageVariables: { backend: 'example.com' }, Tags: { env: 'dev' } }));
    await rejects(server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' })), 'ConflictException', 409, 'Stage dev already exists');
    await rejects(server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', DeploymentId: 'nope12' })), 'NotFoundException', 404, /Invalid Deployment identifier/);
    await rejects(server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x', StageVariables: { 'a-b': 'v' } })), 'BadRequestException', 400, /Invalid stage variable name/);
    await rejects(server.client.send(new GetStageCommand({ ApiId: apiId, StageName: 'nope' })), 'NotFoundException', 404, 'Invalid stage identifier specified nope');
    const ws = await webSocketApi(server.client);
    await rejects(server.client.send(new CreateStageCommand({ ApiId: ws, StageName: '$default' })), 'BadRequestException', 400, /\$default stage is supported only for HTTP APIs/);
    assert.deepEqual((await server.client.send(new GetStagesCommand({ ApiId: apiId }))).Items!.map((s) => s.StageName), ['dev']);
  });

  test('route settings name existing routes; throttling and metrics merge; execution logs are WebSocket-only', async () => {
    const apiId = await httpApi(server.client);
    await proxyRoute(server.client, apiId, 'GET /pets');
    const post = await server.client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /pets' }));
    const stage = await server.client.send(new CreateStageCommand({
      ApiId: apiId, StageName: 'prod',
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      RouteSettings: { 'GET /pets': { ThrottlingRateLimit: 5, DetailedMetricsEnabled: true } },
    }));
    assert.deepEqual(stage.DefaultRouteSettings, { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
    await rejects(
      server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { 'GET /some-route': { ThrottlingRateLimit: 1 } } })),
      'NotFoundException', 404, 'Unable to find Route by key GET /some-route within the provided RouteSettings',
    );
    await rejects(server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', DefaultRouteSettings: { LoggingLevel: 'INFO' } })), 'BadRequestException', 400, 'Execution logs are not supported on protocolType HTTP');
    await rejects(server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', DefaultRouteSettings: { ThrottlingRateLimit: -1 } })), 'BadRequestException', 400, /ThrottlingRateLimit/);
    const updated = await server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { 'GET /pets': { ThrottlingBurstLimit: 2 }, 'POST /pets': { ThrottlingRateLimit: 1 } } }));
    assert.deepEqual(updated.RouteSettings, { 'GET /pets': { ThrottlingRateLimit: 5, DetailedMetricsEnabled: true, ThrottlingBurstLimit: 2 }, 'POST /pets': { ThrottlingRateLimit: 1 } });
    await server.client.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: 'prod', RouteKey: 'GET /pets' }));
    assert.deepEqual((await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).RouteSettings, { 'POST /pets': { ThrottlingRateLimit: 1 } });
    await rejects(server.client.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: 'prod', RouteKey: 'GET /pets' })), 'NotFoundException', 404, /Unable to find Route by key GET \/pets/);
    // Settings of a route deleted since do not block other changes to the stage.
    await server.client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: post.RouteId }));
    const described = await server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', Description: 'after the route went' }));
    assert.deepEqual(described.RouteSettings, { 'POST /pets': { ThrottlingRateLimit: 1 } });
  });

  test('access log settings need a log group or Firehose stream and a format with the request id', async () => {
    const apiId = await httpApi(server.client);
    await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }));
    const format = '{"requestId":"$context.requestId","status":"$context.status"}';
    const s = await server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', AccessLogSettings: { DestinationArn: LOGS, Format: format } }));
    assert.deepEqual(s.AccessLogSettings, { DestinationArn: LOGS, Format: format });
    await rejects(server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', AccessLogSettings: { DestinationArn: 'arn:aws:s3:::bucket', Format: format } })), 'BadRequestException', 400, /Invalid ARN/);
    await rejects(server.client.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', AccessLogSettings: { DestinationArn: LOGS, Format: '$context.status' } })), 'BadRequestException', 400, /must contain \$context.requestId/);
    await server.client.send(new DeleteAccessLogSettingsCommand({ ApiId: apiId, StageName: 'prod' }));
    assert.equal((await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).AccessLogSettings, undefined);
  });
});

describe('tags', () => {
  test('APIs and stages are tagged, listed and untagged by ARN', async () => {
    const apiId = await httpApi(server.client);
    await server.client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }));
    const apiArn = `arn:aws:apigateway:us-east-1::/apis/${apiId}`;
    const stageArn = `${apiArn}/stages/prod`;
    await server.client.send(new TagResourceCommand({ ResourceArn: apiArn, Tags: { team: 'shop', env: 'prod' } }));
    await server.client.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { tier: 'gold' } }));
    assert.deepEqual((await server.client.send(new GetTagsCommand({ ResourceArn: apiArn }))).Tags, { team: 'shop', env: 'prod' });
    assert.deepEqual((await server.client.send(new GetApiCommand({ ApiId: apiId }))).Tags, { team: 'shop', env: 'prod' });
    assert.deepEqual((await server.client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).Tags, { tier: 'gold' });
    await server.client.send(new UntagResourceCommand({ ResourceArn: apiArn, TagKeys: ['env'] }));
    assert.deepEqual((await server.client.send(new GetTagsCommand({ ResourceArn: apiArn }))).Tags, { team: 'shop' });
    await rejects(server.client.send(new TagResourceCommand({ ResourceArn: apiArn, Tags: { 'aws:x': 'y' } })), 'BadRequestException', 400, /reserved/);
    await rejects(server.client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nope123456' })), 'NotFoundException', 404, /Invalid API identifier/);
    await rejects(server.client.send(new GetTagsCommand({ ResourceArn: `arn:aws:apigateway:eu-west-1::/apis/${apiId}` })), 'NotFoundException', 404, /Invalid API identifier/);
    await rejects(server.client.send(new GetTagsCommand({ ResourceArn: 'not-an-arn' })), 'BadRequestException', 400, /Invalid ARN/);
  });
});
