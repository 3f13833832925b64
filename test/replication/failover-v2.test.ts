/**
 * Failover of HTTP and WebSocket APIs (apigatewayv2) from one Gatehouse scope (us-east-1,
 * 111111111111) into another (us-west-2, 222222222222) through the SDK clients only. The
 * recovered HTTP API answers the same requests with the same results over HTTP: the Lambda
 * proxy route, the HTTP_PROXY route with its parameter mapping, the JWT authorizer (tokens of
 * the local Cognito issuer: the source pool's at the source, the mapped pool's at the target),
 * the Lambda REQUEST authorizer, the `$default` autoDeploy stage and the named stage serving its
 * older deployment, and the custom domain's API mapping; the quick-create API comes back with
 * its managed resources; the VPC link comes back with the mapped subnet and security group and
 * the SQS integration names the recovery queue; the WebSocket API's definition equals the
 * translated source, and a connection to the recovered stage (ws) answers the same messages as
 * the source's. A rerun changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteDomainNameCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetDomainNameCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetVpcLinksCommand,
  CreateRouteCommand,
  DeleteRouteCommand,
  UpdateIntegrationCommand,
  UpdateStageCommand,
  type Api,
} from '@aws-sdk/client-apigatewayv2';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { http } from '../helpers/http.js';
import { DisasterRecovery } from '../../src/replication/index.js';
import { drConfig, SOURCE, TARGET, TARGET_CERT } from './estate.js';
import { buildEstateV2, MAPPING_V2, SOURCE_CLIENT, SOURCE_POOL, TARGET_CLIENT, TARGET_LISTENER, TARGET_POOL, TARGET_SG, TARGET_SUBNET, v2ClientFor, type EstateV2 } from './estate-v2.js';

type Dict = Record<string, any>;

describe('failover of HTTP and WebSocket APIs into another region and account', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let estate: EstateV2;
  let dir: string;
  let dr: DisasterRecovery;
  let recovered: Map<string, Api>;
  const ids = { http: '', quick: '', ws: '' };

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstateV2(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-v2-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING_V2));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
    await dr.failover();
    const c = v2ClientFor(g, TARGET);
    recovered = new Map(((await c.send(new GetApisCommand({}))).Items ?? []).map((a) => [a.Name!, a]));
    c.destroy();
    ids.http = recovered.get('orders')!.ApiId!;
    ids.quick = recovered.get('orders-quick')!.ApiId!;
    ids.ws = recovered.get('orders-chat')!.ApiId!;
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (apiId: string, path: string, headers: Record<string, string> = {}) => http(g.url, { path, host: `${apiId}.execute-api.localhost`, headers });

  /** The same request to the source API and the recovered one answers the same. */
  async function same(path: string, headers: { source?: Record<string, string>; target?: Record<string, string> } = {}, apis = { source: estate.httpApiId, target: ids.http }) {
    const a = await call(apis.source, path, headers.source);
    const b = await call(apis.target, path, headers.target ?? headers.source);
    assert.equal(b.status, a.status, `${path}: ${b.text}`);
    assert.equal(b.text.split(apis.target).join('<id>'), a.text.split(apis.source).join('<id>'), path);
    return b;
  }

  const mint = async (pool: string, claims: Dict) => {
    const res = await fetch(`${g.url}/_gatehouse/cognito/${pool}/token`, { method: 'POST', body: JSON.stringify(claims) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { token: string }).token;
  };

  test('the three APIs are recovered, and nothing was left untranslated', async () => {
    assert.deepEqual([...recovered.keys()].sort(), ['orders', 'orders-chat', 'orders-quick']);
    assert.equal(recovered.get('orders-chat')!.ProtocolType, 'WEBSOCKET');
    assert.deepEqual(recovered.get('orders')!.Tags?.team, 'web');
    assert.deepEqual(recovered.get('orders')!.CorsConfiguration?.AllowOrigins, ['https://shop.example.com']);
  });

  test('the Lambda proxy route answers as the source does, on the $default stage', async () => {
    const answer = await same('/hello?name=ada');
    assert.deepEqual(answer.json(), { hello: 'ada', route: 'GET /hello', user: null, stage: '$default', body: null });
  });

  test('the HTTP_PROXY route reaches the backend with the same parameter mapping', async () => {
    const answer = await call(ids.http, '/echo?x=1');
    assert.equal(answer.status, 200, answer.text);
    const echoed = answer.json<{ path: string; args: Record<string, string>; headers: Record<string, string> }>();
    assert.equal(echoed.path, '/echo');
    assert.equal(echoed.headers['x-recovered-from'], 'orders');
    assert.equal(echoed.args.stage, '$default');
  });

  test('the JWT authorizer accepts tokens of the mapped user pool and client, and refuses the rest', async () => {
    const sourceToken = await mint(SOURCE_POOL, { aud: SOURCE_CLIENT, email: 'c@example.com' });
    const targetToken = await mint(TARGET_POOL, { aud: TARGET_CLIENT, email: 'c@example.com' });
    const ok = await same('/me', { source: { authorization: `Bearer ${sourceToken}` }, target: { authorization: `Bearer ${targetToken}` } });
    assert.equal(ok.json<Dict>().user, 'c@example.com');
    // The source pool's token is not the recovery pool's.
    assert.equal((await call(ids.http, '/me', { authorization: `Bearer ${sourceToken}` })).status, 401);
    assert.equal((await same('/me')).status, 401);
  });

  test('the Lambda REQUEST authorizer allows and denies as the source does', async () => {
    const allowed = await same('/private', { source: { authorization: 'allow' } });
    assert.equal(allowed.json<Dict>().user, 'bob');
    assert.equal((await same('/private', { source: { authorization: 'deny' } })).status, 403);
  });

  test('the named stage serves its older deployment (no GET /new), $default the working state', async () => {
    const v1 = await same('/v1/hello?name=v1');
    assert.equal(v1.json<Dict>().stage, 'v1');
    assert.equal((await same('/v1/new')).status, 404);
    assert.equal((await same('/new')).status, 200);
    const c = v2ClientFor(g, TARGET);
    const stage = await c.send(new GetStageCommand({ ApiId: ids.http, StageName: 'v1' }));
    const auto = await c.send(new GetStageCommand({ ApiId: ids.http, StageName: '$default' }));
    c.destroy();
    const s = v2ClientFor(g, SOURCE);
    const sourceStage = await s.send(new GetStageCommand({ ApiId: estate.httpApiId, StageName: 'v1' }));
    s.destroy();
    assert.deepEqual(stage.StageVariables, { color: 'blue' });
    assert.equal(stage.RouteSettings?.['GET /hello']?.ThrottlingBurstLimit, 50);
    assert.deepEqual(stage.RouteSettings, sourceStage.RouteSettings);
    assert.equal(stage.Tags?.stage, 'v1');
    assert.equal(auto.AutoDeploy, true);
    assert.equal(auto.AccessLogSettings?.DestinationArn, 'arn:aws:logs:us-west-2:222222222222:log-group:shop-access');
    assert.equal(auto.DefaultRouteSettings?.ThrottlingRateLimit, 1000);
  });

  test('the authorizers and integrations name the recovery region, account, pool and client', async () => {
    const c = v2ClientFor(g, TARGET);
    const authorizers = (await c.send(new GetAuthorizersCommand({ ApiId: ids.http }))).Items ?? [];
    const integrations = (await c.send(new GetIntegrationsCommand({ ApiId: ids.http }))).Items ?? [];
    c.destroy();
    const jwt = authorizers.find((a) => a.Name === 'cognito')!;
    assert.deepEqual(jwt.JwtConfiguration, { Issuer: `https://cognito-idp.us-west-2.amazonaws.com/${TARGET_POOL}`, Audience: [TARGET_CLIENT] });
    const lambda = authorizers.find((a) => a.Name === 'lambda')!;
    assert.equal(lambda.AuthorizerUri, `arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:222222222222:function:${estate.functions[1]}/invocations`);
    assert.ok(integrations.some((i) => i.IntegrationUri?.includes(`arn:aws:lambda:us-west-2:222222222222:function:${estate.functions[0]}`)));
  });

  test('the VPC link comes back with the mapped subnet and security group, the private integration names it, the SQS integration the recovery queue', async () => {
    const c = v2ClientFor(g, TARGET);
    const links = (await c.send(new GetVpcLinksCommand({}))).Items ?? [];
    const integrations = (await c.send(new GetIntegrationsCommand({ ApiId: ids.http }))).Items ?? [];
    c.destroy();
    assert.deepEqual(links.map((l) => [l.Name, l.SubnetIds, l.SecurityGroupIds]), [['orders-link', [TARGET_SUBNET], [TARGET_SG]]]);
    const privateOne = integrations.find((i) => i.ConnectionType === 'VPC_LINK')!;
    assert.deepEqual([privateOne.ConnectionId, privateOne.IntegrationUri], [links[0]!.VpcLinkId, TARGET_LISTENER]);
    const sqs = integrations.find((i) => i.IntegrationSubtype === 'SQS-SendMessage')!;
    assert.deepEqual(sqs.RequestParameters, { QueueUrl: 'https://sqs.us-west-2.amazonaws.com/222222222222/orders', MessageBody: '$request.body' });
    assert.equal(sqs.CredentialsArn, 'arn:aws:iam::222222222222:role/orders-sqs');
  });

  test('the quick-create API comes back with its managed integration, route and stage', async () => {
    const c = v2ClientFor(g, TARGET);
    const integrations = (await c.send(new GetIntegrationsCommand({ ApiId: ids.quick }))).Items ?? [];
    const routes = (await c.send(new GetRoutesCommand({ ApiId: ids.quick }))).Items ?? [];
    const stage = await c.send(new GetStageCommand({ ApiId: ids.quick, StageName: '$default' }));
    c.destroy();
    assert.deepEqual(integrations.map((i) => [i.ApiGatewayManaged, i.IntegrationUri]), [[true, `arn:aws:lambda:us-west-2:222222222222:function:${estate.functions[0]}`]]);
    assert.deepEqual(routes.map((r) => [r.ApiGatewayManaged, r.RouteKey]), [[true, '$default']]);
    assert.equal(stage.ApiGatewayManaged, true);
    const answer = await same('/anything?name=q', {}, { source: estate.quickApiId, target: ids.quick });
    assert.equal(answer.json<Dict>().hello, 'q');
  });

  test("the WebSocket API's definition equals the translated source", async () => {
    const s = v2ClientFor(g, SOURCE);
    const t = v2ClientFor(g, TARGET);
    const shape = async (c: typeof s, apiId: string) => {
      const integrations = (await c.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
      const byId = new Map(integrations.map((i) => [i.IntegrationId, `${i.IntegrationType} ${i.IntegrationUri ?? ''}`]));
      const routes = (await c.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
      return routes.map((r) => [r.RouteKey, byId.get(r.Target?.slice('integrations/'.length)), r.RouteResponseSelectionExpression ?? null]).sort();
    };
    const source = (await shape(s, estate.wsApiId)).map((r) => JSON.parse(JSON.stringify(r).split('us-east-1').join('us-west-2').split('111111111111').join('222222222222')));
    const target = await shape(t, ids.ws);
    const stage = await t.send(new GetStageCommand({ ApiId: ids.ws, StageName: 'production' }));
    s.destroy();
    t.destroy();
    assert.deepEqual(target, source);
    assert.deepEqual(
      target.map((r) => r[0]),
      ['$connect', '$default', '$disconnect', 'send'],
    );
    assert.deepEqual(stage.StageVariables, { room: 'main' });
    assert.ok(stage.DeploymentId);
  });

  test("deps shows the seed's v2 inclusions: API mapping, authorizer, target integration, VPC link, Cognito pool and clients, subnets, stages", async () => {
    const { edges, tree } = await dr.deps();
    const api = `apigatewayv2:Api:${estate.httpApiId}`;
    const has = (from: (k: string) => boolean, to: (k: string) => boolean, why: string) =>
      assert.ok(edges.some((e) => from(e.from) && to(e.to) && e.why === why), `${why}: ${JSON.stringify(edges.filter((e) => e.why === why))}`);
    has((k) => k === api, (k) => k === `apigateway:DomainName:${estate.domainName}`, 'served by domain');
    has((k) => k.includes('apigatewayv2:Route:GET%20%2Fme'), (k) => k.startsWith(`${api}>apigatewayv2:Authorizer:`), 'uses Authorizer');
    has((k) => k.includes('apigatewayv2:Route:GET%20%2Fhello'), (k) => k.startsWith(`${api}>apigatewayv2:Integration:`), 'uses Integration');
    has((k) => k.startsWith(`${api}>apigatewayv2:Integration:`), (k) => k.startsWith('apigatewayv2:VpcLink:'), 'uses VpcLink');
    has((k) => k.startsWith(`${api}>apigatewayv2:Authorizer:`), (k) => k === `external:https://cognito-idp.us-east-1.amazonaws.com/${SOURCE_POOL}`, 'uses Cognito user pool');
    has((k) => k.startsWith(`${api}>apigatewayv2:Authorizer:`), (k) => k === `external:cognito-client:${SOURCE_CLIENT}`, 'uses Cognito user pool client');
    has((k) => k.startsWith('apigatewayv2:VpcLink:'), (k) => k === 'external:subnet-0aaa1111', 'uses subnet');
    has((k) => k.startsWith(`${api}>apigatewayv2:Integration:`), (k) => k === 'external:https://sqs.us-east-1.amazonaws.com/111111111111/orders', 'uses SQS queue');
    has((k) => k === `${api}>apigatewayv2:Stage:v1`, (k) => k === `${api}>apigatewayv2:Stage:%24default`, 'stage before');
    has((k) => k === `${api}>apigatewayv2:Stage:v1`, (k) => k === `${api}>apigatewayv2:Route:GET%20%2Fnew`, 'serves route');
    assert.match(tree, /apigatewayv2:Api orders\b|HTTP API orders/);
  });

  test('the recovered WebSocket API answers a message round trip as the source does (HTTP integration with its response, Lambda $default)', async () => {
    const roundTrip = async (apiId: string) => {
      const ws = new WebSocket(`${g.url.replace(/^http/, 'ws')}/_aws/execute-api/${apiId}/production`);
      const messages: string[] = [];
      const waiting: ((m: string) => void)[] = [];
      ws.on('message', (data: Buffer) => {
        const w = waiting.shift();
        if (w) w(data.toString('utf8'));
        else messages.push(data.toString('utf8'));
      });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const next = () => (messages.length ? Promise.resolve(messages.shift()!) : new Promise<string>((r) => waiting.push(r)));
      try {
        ws.send(JSON.stringify({ action: 'send', text: 'hi' }));
        const sent = await next();
        ws.send(JSON.stringify({ action: 'other', text: 'lambda' }));
        const other = await next();
        return [sent, other];
      } finally {
        await new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
        });
      }
    };
    const source = await roundTrip(estate.wsApiId);
    const target = await roundTrip(ids.ws);
    assert.deepEqual(JSON.parse(source[0]!), { sent: true });
    assert.equal(JSON.parse(source[1]!).route, '$default');
    assert.deepEqual(target, source);
  });

  test('verify finds the target equal to the translated point, and the smoke calls of the HTTP APIs agree', async () => {
    const v = await dr.verify({ smoke: true });
    assert.deepEqual([v.missing, v.different, v.extra], [[], [], []]);
    // GET routes without an authorizer or path parameters, on each stage ($default has no segment).
    assert.deepEqual(v.smoke!.map((c) => `${c.stage} ${c.path}`).sort(), ['$default /echo', '$default /hello', '$default /new', 'v1 /echo', 'v1 /hello', 'v1 /new']);
    for (const c of v.smoke!) assert.ok(c.same, `${c.stage}${c.path}: ${c.source.status} ${c.source.body} / ${c.target.status} ${c.target.body}`);
    assert.deepEqual(v.smoke!.filter((c) => c.path === '/new').map((c) => [c.stage, c.target.status]).sort(), [['$default', 200], ['v1', 404]]);
    assert.equal(v.equal, true);
  });

  test('rerunning the finished failover changes nothing', async () => {
    const rerun = await dr.failover();
    assert.deepEqual(rerun.actions, []);
    assert.equal(rerun.passes, 1);
  });

  test('changes in the source (an integration, a stage, routes added and removed) are carried by the next capture and failover', async () => {
    const s = v2ClientFor(g, SOURCE);
    try {
      const integrations = (await s.send(new GetIntegrationsCommand({ ApiId: estate.httpApiId }))).Items ?? [];
      const proxy = integrations.find((i) => i.IntegrationType === 'HTTP_PROXY' && i.ConnectionType !== 'VPC_LINK')!;
      await s.send(new UpdateIntegrationCommand({ ApiId: estate.httpApiId, IntegrationId: proxy.IntegrationId!, Description: 'moved', RequestParameters: { 'append:header.x-recovered-from': '' } }));
      await s.send(new UpdateStageCommand({ ApiId: estate.httpApiId, StageName: '$default', StageVariables: { color: 'red' } }));
      const routes = (await s.send(new GetRoutesCommand({ ApiId: estate.httpApiId }))).Items ?? [];
      await s.send(new DeleteRouteCommand({ ApiId: estate.httpApiId, RouteId: routes.find((r) => r.RouteKey === 'GET /new')!.RouteId! }));
      await s.send(new CreateRouteCommand({ ApiId: estate.httpApiId, RouteKey: 'GET /later', Target: routes.find((r) => r.RouteKey === 'GET /hello')!.Target }));
    } finally {
      s.destroy();
    }
    await dr.capture();
    const run = await dr.failover();
    assert.ok(run.actions.some((a) => a.kind === 'delete' && a.type === 'apigatewayv2:Route'), JSON.stringify(run.actions));
    assert.equal((await dr.verify()).equal, true);
    assert.deepEqual((await dr.failover()).actions, []);
    assert.equal((await same('/later?name=l')).json<Dict>().hello, 'l');
    assert.equal((await same('/new')).status, 404);
    const echoed = (await call(ids.http, '/echo')).json<{ headers: Record<string, string> }>();
    assert.equal(echoed.headers['x-recovered-from'], undefined);
    const t = v2ClientFor(g, TARGET);
    const stage = await t.send(new GetStageCommand({ ApiId: ids.http, StageName: '$default' }));
    t.destroy();
    assert.deepEqual(stage.StageVariables, { color: 'red' });
  });

  test('the API mapping answers on the custom domain in the target once the source one is gone', async () => {
    const t = v2ClientFor(g, TARGET);
    const domain = await t.send(new GetDomainNameCommand({ DomainName: estate.domainName }));
    const mappings = (await t.send(new GetApiMappingsCommand({ DomainName: estate.domainName }))).Items ?? [];
    t.destroy();
    assert.equal(domain.DomainNameConfigurations?.[0]?.CertificateArn, TARGET_CERT);
    assert.deepEqual(mappings.map((m) => [m.ApiMappingKey, m.ApiId, m.Stage]), [['orders', ids.http, 'v1']]);
    const s = v2ClientFor(g, SOURCE);
    await s.send(new DeleteDomainNameCommand({ DomainName: estate.domainName }));
    s.destroy();
    const answer = await http(g.url, { host: estate.domainName, path: '/orders/hello?name=dom' });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json<Dict>().stage, 'v1');
    assert.equal((await http(g.url, { host: estate.domainName, path: '/orders/new' })).status, 404);
  });
});

describe('a failover test of HTTP and WebSocket APIs, and its cleanup', () => {
  let g: TestGatehouse;
  let echo: EchoBackend;
  let dir: string;
  let dr: DisasterRecovery;
  let estate: EstateV2;

  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
    echo = await startEchoBackend();
    estate = await buildEstateV2(g, echo.url);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-dr-v2-'));
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify(MAPPING_V2));
    dr = new DisasterRecovery(drConfig(g, dir, { mappingFile: join(dir, 'mapping.json') }));
    await dr.capture();
  });
  after(async () => {
    dr?.close();
    await echo?.close();
    await g?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('selecting the HTTP API by id captures it with its domain name and mapping, VPC link and functions, not the other APIs', async () => {
    const selected = new DisasterRecovery(drConfig(g, mkdtempSync(join(dir, 'selected-')), { selection: { restApiIds: [estate.httpApiId] } }));
    try {
      const point = await selected.capture();
      const tops = point.nodes.filter((n) => !n.key.includes('>')).map((n) => n.key).sort();
      assert.deepEqual(tops.filter((k) => k.startsWith('apigatewayv2:Api:')), [`apigatewayv2:Api:${estate.httpApiId}`]);
      assert.ok(tops.includes(`apigateway:DomainName:${estate.domainName}`), tops.join(', '));
      assert.ok(tops.some((k) => k.startsWith('apigatewayv2:VpcLink:')), tops.join(', '));
      assert.deepEqual(tops.filter((k) => k.startsWith('lambda:Function:')), estate.functions.map((f) => `lambda:Function:${f}`).sort());
      assert.ok(point.nodes.some((n) => n.type === 'apigatewayv2:ApiMapping'));
    } finally {
      selected.close();
    }
  });

  test('the test environment holds prefixed APIs and domain, answers, and cleanup removes it all', async () => {
    const run = await dr.failover({ test: 'drill' });
    assert.equal(run.environment, 'test-drill');
    const c = v2ClientFor(g, TARGET);
    try {
      const apis = (await c.send(new GetApisCommand({}))).Items ?? [];
      assert.deepEqual(apis.map((a) => a.Name).sort(), ['gatehouse-dr-test-drill-orders', 'gatehouse-dr-test-drill-orders-chat', 'gatehouse-dr-test-drill-orders-quick']);
      const orders = apis.find((a) => a.Name === 'gatehouse-dr-test-drill-orders')!;
      const answer = await http(g.url, { path: '/hello?name=drill', host: `${orders.ApiId}.execute-api.localhost` });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json<Dict>().hello, 'drill');
      const mappings = (await c.send(new GetApiMappingsCommand({ DomainName: 'gatehouse-dr-test-drill.orders.example.com' }))).Items ?? [];
      assert.deepEqual(mappings.map((m) => [m.ApiMappingKey, m.ApiId, m.Stage]), [['orders', orders.ApiId, 'v1']]);
      assert.equal((await dr.verify({ test: 'drill' })).equal, true);

      const cleaned = await dr.cleanup('drill');
      assert.equal(cleaned[0]!.environment, 'test-drill');
      assert.deepEqual((await c.send(new GetApisCommand({}))).Items ?? [], []);
      await assert.rejects(c.send(new GetDomainNameCommand({ DomainName: 'gatehouse-dr-test-drill.orders.example.com' })), { name: 'NotFoundException' });
    } finally {
      c.destroy();
    }
  });
});
