/**
 * Routing rules of custom domain names through the genuine SDK: create, get, list by priority
 * with pages, put, delete; AWS's limits on conditions, actions and priorities; rules go with
 * their domain name.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDomainNameCommand,
  CreateRoutingRuleCommand,
  DeleteDomainNameCommand,
  DeleteRoutingRuleCommand,
  GetRoutingRuleCommand,
  ListRoutingRulesCommand,
  PutRoutingRuleCommand,
  type CreateRoutingRuleCommandInput,
} from '@aws-sdk/client-apigatewayv2';
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { rejects, useV2Gatehouse } from './helpers.js';

const server = useV2Gatehouse();
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/1111-2222';

/** A REST API with a deployed `prod` stage: what a routing rule invokes. */
async function restApiStage(): Promise<string> {
  const v1 = new APIGatewayClient({ ...server.g.clientConfig(), maxAttempts: 1 });
  try {
    const api = await v1.send(new CreateRestApiCommand({ name: 'users' }));
    const root = (await v1.send(new GetResourcesCommand({ restApiId: api.id }))).items![0];
    await v1.send(new PutMethodCommand({ restApiId: api.id, resourceId: root.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    await v1.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: root.id, httpMethod: 'GET', type: 'MOCK' }));
    await v1.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    return api.id!;
  } finally {
    v1.destroy();
  }
}

async function domain(name: string): Promise<string> {
  await server.client.send(new CreateDomainNameCommand({ DomainName: name, DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }] }));
  return name;
}

const rule = (DomainName: string, ApiId: string, Priority: number, extra: Partial<CreateRoutingRuleCommandInput> = {}): CreateRoutingRuleCommandInput => ({
  DomainName,
  Priority,
  Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'x-version', ValueGlob: 'beta*' }] } }, { MatchBasePaths: { AnyOf: ['users'] } }],
  Actions: [{ InvokeApi: { ApiId, Stage: 'prod', StripBasePath: true } }],
  ...extra,
});

test('create, get, list by priority, put and delete', async () => {
  const apiId = await restApiStage();
  const name = await domain('rules.example.com');
  const created = await server.client.send(new CreateRoutingRuleCommand(rule(name, apiId, 50)));
  assert.equal(created.$metadata.httpStatusCode, 201);
  assert.match(created.RoutingRuleId!, /^[a-z0-9]{6}$/);
  assert.equal(created.RoutingRuleArn, `arn:aws:apigateway:us-east-1::/domainnames/${name}/routingrules/${created.RoutingRuleId}`);
  assert.equal(created.Priority, 50);
  assert.deepEqual(created.Conditions, rule(name, apiId, 50).Conditions);
  assert.deepEqual(created.Actions, [{ InvokeApi: { ApiId: apiId, Stage: 'prod', StripBasePath: true } }]);

  const got = await server.client.send(new GetRoutingRuleCommand({ DomainName: name, RoutingRuleId: created.RoutingRuleId }));
  assert.deepEqual({ ...got, $metadata: undefined }, { ...created, $metadata: undefined });

  // A rule without conditions is a catch-all; StripBasePath defaults to false.
  const catchAll = await server.client.send(new CreateRoutingRuleCommand({ DomainName: name, Priority: 1000, Conditions: [], Actions: [{ InvokeApi: { ApiId: apiId, Stage: 'prod' } }] }));
  assert.deepEqual(catchAll.Actions, [{ InvokeApi: { ApiId: apiId, Stage: 'prod', StripBasePath: false } }]);
  const first = await server.client.send(new CreateRoutingRuleCommand(rule(name, apiId, 10, { Conditions: [{ MatchBasePaths: { AnyOf: ['orders/v2'] } }] })));

  const all = await server.client.send(new ListRoutingRulesCommand({ DomainName: name }));
  assert.deepEqual(all.RoutingRules!.map((r) => r.Priority), [10, 50, 1000]);
  const page1 = await server.client.send(new ListRoutingRulesCommand({ DomainName: name, MaxResults: 2 }));
  assert.deepEqual(page1.RoutingRules!.map((r) => r.RoutingRuleId), [first.RoutingRuleId, created.RoutingRuleId]);
  const page2 = await server.client.send(new ListRoutingRulesCommand({ DomainName: name, MaxResults: 2, NextToken: page1.NextToken }));
  assert.deepEqual(page2.RoutingRules!.map((r) => r.RoutingRuleId), [catchAll.RoutingRuleId]);
  assert.equal(page2.NextToken, undefined);

  const put = await server.client.send(new PutRoutingRuleCommand({ ...rule(name, apiId, 5), RoutingRuleId: created.RoutingRuleId }));
  assert.equal(put.$metadata.httpStatusCode, 200);
  assert.equal(put.Priority, 5);
  assert.equal(put.RoutingRuleId, created.RoutingRuleId);
  assert.deepEqual((await server.client.send(new ListRoutingRulesCommand({ DomainName: name }))).RoutingRules!.map((r) => r.Priority), [5, 10, 1000]);

  const del = await server.client.send(new DeleteRoutingRuleCommand({ DomainName: name, RoutingRuleId: created.RoutingRuleId }));
  assert.equal(del.$metadata.httpStatusCode, 204);
  await rejects(server.client.send(new GetRoutingRuleCommand({ DomainName: name, RoutingRuleId: created.RoutingRuleId })), 'NotFoundException', 404, 'The routing rule resource specified in the request was not found.');
  await rejects(server.client.send(new DeleteRoutingRuleCommand({ DomainName: name, RoutingRuleId: created.RoutingRuleId })), 'NotFoundException', 404, /routing rule/);
});

test("AWS's limits on priorities, conditions and actions; a refused rule is not stored", async () => {
  const apiId = await restApiStage();
  const name = await domain('limits.example.com');
  await server.client.send(new CreateRoutingRuleCommand(rule(name, apiId, 100)));
  const refused: [string, CreateRoutingRuleCommandInput, string, number, RegExp][] = [
    ['priority 0', rule(name, apiId, 0), 'BadRequestException', 400, /Priority/],
    ['priority above 1000000', rule(name, apiId, 1_000_001), 'BadRequestException', 400, /Priority/],
    ['a priority another rule has', rule(name, apiId, 100), 'ConflictException', 409, /priority 100/],
    ['three header conditions', rule(name, apiId, 1, { Conditions: ['a', 'b', 'c'].map((h) => ({ MatchHeaders: { AnyOf: [{ Header: h, ValueGlob: 'v' }] } })) }), 'BadRequestException', 400, /at most two MatchHeaders/],
    ['two base path conditions', rule(name, apiId, 1, { Conditions: [{ MatchBasePaths: { AnyOf: ['a'] } }, { MatchBasePaths: { AnyOf: ['b'] } }] }), 'BadRequestException', 400, /at most one MatchBasePaths/],
    ['a condition with both', rule(name, apiId, 1, { Conditions: [{ MatchBasePaths: { AnyOf: ['a'] }, MatchHeaders: { AnyOf: [{ Header: 'h', ValueGlob: 'v' }] } }] }), 'BadRequestException', 400, /exactly one of/],
    ['a wildcard in the middle', rule(name, apiId, 1, { Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'x-version', ValueGlob: 'a*b' }] } }] }), 'BadRequestException', 400, /wildcard/],
    ['a header name with a space', rule(name, apiId, 1, { Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'x version', ValueGlob: 'a' }] } }] }), 'BadRequestException', 400, /header name/],
    ['a base path with a space', rule(name, apiId, 1, { Conditions: [{ MatchBasePaths: { AnyOf: ['a b'] } }] }), 'BadRequestException', 400, /base path/],
    ['two actions', rule(name, apiId, 1, { Actions: [{ InvokeApi: { ApiId: apiId, Stage: 'prod' } }, { InvokeApi: { ApiId: apiId, Stage: 'prod' } }] }), 'BadRequestException', 400, /exactly one action/],
    ['an API that does not exist', rule(name, 'nope123456', 1), 'NotFoundException', 404, /Invalid API identifier/],
    ['a stage that does not exist', rule(name, apiId, 1, { Actions: [{ InvokeApi: { ApiId: apiId, Stage: 'beta' } }] }), 'NotFoundException', 404, /Invalid stage identifier specified beta/],
    ['a domain name that does not exist', rule('nowhere.example.com', apiId, 1), 'NotFoundException', 404, /domain name resource/],
  ];
  for (const [why, input, name_, status, message] of refused) {
    await rejects(server.client.send(new CreateRoutingRuleCommand(input)), name_, status, message).catch((err) => assert.fail(`${why}: ${err.message}`));
  }
  assert.equal((await server.client.send(new ListRoutingRulesCommand({ DomainName: name }))).RoutingRules!.length, 1);
});

test('rules go with their domain name', async () => {
  const apiId = await restApiStage();
  const name = await domain('gone.example.com');
  await server.client.send(new CreateRoutingRuleCommand(rule(name, apiId, 1)));
  await server.client.send(new DeleteDomainNameCommand({ DomainName: name }));
  await domain(name);
  assert.deepEqual((await server.client.send(new ListRoutingRulesCommand({ DomainName: name }))).RoutingRules, []);
});
