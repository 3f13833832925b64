/**
 * Lambda authorizers on REST APIs (TOKEN and REQUEST), end to end: functions created from zips
 * through the genuine Lambda client, the authorizer and methods through the genuine API Gateway
 * client, calls over plain HTTP. Allow reaches the integration, a Deny is 403, no identity 401, a
 * broken authorizer 500; answers are cached per identity for the authorizer's TTL.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateAuthorizerCommand, CreateDeploymentCommand, GetResourcesCommand, UpdateMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type DeployedApi, type MethodSpec } from '../helpers/deployed-api.js';
import { createInput, lambdaClient, pythonZip } from '../control/lambda/helpers.js';
import { evaluatePolicy, parseAuthorizerAnswer } from '../../src/gateway/rest/authorizer-policy.js';

const server = useGatehouse();
const lambda = lambdaClient(server);

/**
 * The seed's Python TOKEN authorizer as the article gives it (its stray closing `}`, a typesetting
 * slip that is no Python, left out): 'allow' is allowed, any other token denied.
 */
const SEED_AUTHORIZER = `import json
def lambda_handler(event, context):
    token = event['authorizationToken']
    # Perform token validation here...
    if token == 'allow':
        return generate_policy('user', 'Allow', event['methodArn'])
    else:
        return generate_policy('user', 'Deny', event['methodArn'])
def generate_policy(principal_id, effect, resource):
    policy = {
        'principalId': principal_id,
        'policyDocument': {
            'Version': '2012-10-17',
            'Statement': [
                {
                    'Action': 'execute-api:Invoke',
                    'Effect': effect,
                    'Resource': resource
                }
            ]
        }
    }
    return policy
`;

const ECHO = `export const handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });\n`;

/** A REQUEST authorizer counting its invocations (a warm instance keeps `calls`) and passing context on. */
const REQUEST_AUTHORIZER = `let calls = 0;
export const handler = async (event) => {
  calls++;
  const stageArn = event.methodArn.split('/').slice(0, 2).join('/');
  return {
    principalId: 'user-' + event.headers['X-User'],
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageArn + '/GET/pets*' }] },
    context: { team: event.queryStringParameters.team, calls, admin: true, type: event.type },
  };
};
`;

const uri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`;

async function nodeFunction(name: string, source: string): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await lambda().send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
}

const proxyMethod = (path: string, fn: string): MethodSpec => ({
  path,
  httpMethod: 'GET',
  integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uri(fn) },
  responses: [],
});

/** Deploys the methods, then puts them behind a new authorizer and deploys again. */
async function protectedApi(
  methods: MethodSpec[],
  authorizer: { type: 'TOKEN' | 'REQUEST'; fn: string; identitySource: string; ttl?: number; identityValidationExpression?: string },
): Promise<DeployedApi> {
  const api = await deployApi(server, { methods });
  const c = server.client;
  const created = await c.send(
    new CreateAuthorizerCommand({
      restApiId: api.restApiId,
      name: 'auth',
      type: authorizer.type,
      authorizerUri: uri(authorizer.fn),
      identitySource: authorizer.identitySource,
      identityValidationExpression: authorizer.identityValidationExpression,
      authorizerResultTtlInSeconds: authorizer.ttl,
    }),
  );
  const resources = await c.send(new GetResourcesCommand({ restApiId: api.restApiId }));
  for (const m of methods) {
    const resourceId = resources.items!.find((r) => r.path === m.path)!.id!;
    await c.send(
      new UpdateMethodCommand({
        restApiId: api.restApiId,
        resourceId,
        httpMethod: m.httpMethod ?? 'GET',
        patchOperations: [
          { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
          { op: 'replace', path: '/authorizerId', value: created.id },
        ],
      }),
    );
  }
  await c.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
  return api;
}

describe('TOKEN authorizer (the seed\'s Python function)', () => {
  test('allow, deny, a token failing the validation expression, a missing header', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('seed-authorizer', { Code: { ZipFile: pythonZip(SEED_AUTHORIZER) } })));
    await nodeFunction('token-echo', ECHO);
    const api = await protectedApi([proxyMethod('/pets', 'token-echo')], {
      type: 'TOKEN',
      fn: 'seed-authorizer',
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: '[a-z]+',
    });

    const allowed = await api.call('/pets', { headers: { Authorization: 'allow' } });
    assert.equal(allowed.status, 200, allowed.text);
    const event = allowed.json<Record<string, any>>();
    assert.equal(event.requestContext.authorizer.principalId, 'user');
    assert.equal(typeof event.requestContext.authorizer.integrationLatency, 'number');

    const denied = await api.call('/pets', { headers: { Authorization: 'deny' } });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), { Message: 'User is not authorized to access this resource with an explicit deny' });
    assert.equal(denied.headers['x-amzn-errortype'], 'AccessDeniedException');

    const invalid = await api.call('/pets', { headers: { Authorization: 'Not-Valid!' } });
    assert.equal(invalid.status, 401);
    assert.deepEqual(invalid.json(), { message: 'Unauthorized' });

    const missing = await api.call('/pets');
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json(), { message: 'Unauthorized' });
    assert.equal(missing.headers['x-amzn-errortype'], 'UnauthorizedException');
  });
});

describe('REQUEST authorizer', () => {
  test('its context reaches the proxy event; a resource its policy does not allow is 403; a missing source 401', async () => {
    await nodeFunction('request-authorizer', REQUEST_AUTHORIZER);
    await nodeFunction('request-echo', ECHO);
    const api = await protectedApi([proxyMethod('/pets', 'request-echo'), proxyMethod('/owners', 'request-echo')], {
      type: 'REQUEST',
      fn: 'request-authorizer',
      identitySource: 'method.request.header.X-User, method.request.querystring.team',
    });
    const res = await api.call('/pets?team=blue', { headers: { 'X-User': 'ann' } });
    assert.equal(res.status, 200, res.text);
    const authorizer = res.json<Record<string, any>>().requestContext.authorizer;
    assert.equal(authorizer.principalId, 'user-ann');
    assert.equal(authorizer.team, 'blue');
    assert.equal(authorizer.admin, true);
    assert.equal(authorizer.type, 'REQUEST');
    assert.equal(typeof authorizer.integrationLatency, 'number');

    const other = await api.call('/owners?team=blue', { headers: { 'X-User': 'ann' } });
    assert.equal(other.status, 403);
    assert.deepEqual(other.json(), { Message: 'User is not authorized to access this resource' });

    const noTeam = await api.call('/pets', { headers: { 'X-User': 'ann' } });
    assert.equal(noTeam.status, 401);
    assert.deepEqual(noTeam.json(), { message: 'Unauthorized' });
  });

  test('caching: one invocation for two requests within the TTL, two with a TTL of 0', async () => {
    await nodeFunction('cached-authorizer', REQUEST_AUTHORIZER);
    await nodeFunction('uncached-authorizer', REQUEST_AUTHORIZER);
    await nodeFunction('cache-echo', ECHO);
    const source = 'method.request.header.X-User, method.request.querystring.team';
    const cached = await protectedApi([proxyMethod('/pets', 'cache-echo')], { type: 'REQUEST', fn: 'cached-authorizer', identitySource: source, ttl: 300 });
    const uncached = await protectedApi([proxyMethod('/pets', 'cache-echo')], { type: 'REQUEST', fn: 'uncached-authorizer', identitySource: source, ttl: 0 });
    const calls = async (api: DeployedApi) => {
      const res = await api.call('/pets?team=red', { headers: { 'X-User': 'bob' } });
      assert.equal(res.status, 200, res.text);
      return res.json<Record<string, any>>().requestContext.authorizer.calls;
    };
    assert.equal(await calls(cached), 1);
    assert.equal(await calls(cached), 1);
    assert.equal(await calls(uncached), 1);
    assert.equal(await calls(uncached), 2);
  });
});

describe('authorizer failures', () => {
  test('raising "Unauthorized" is 401; a function error or an answer that is no policy is 500', async () => {
    await nodeFunction('raises-unauthorized', `export const handler = async () => { throw new Error('Unauthorized'); };\n`);
    await nodeFunction('raises-other', `export const handler = async () => { throw new Error('boom'); };\n`);
    await nodeFunction('answers-nonsense', `export const handler = async () => ({ principalId: 'x', policyDocument: 'allow everything' });\n`);
    await nodeFunction('failure-echo', ECHO);
    const token = { type: 'TOKEN' as const, identitySource: 'method.request.header.Authorization', ttl: 0 };
    const unauthorized = await protectedApi([proxyMethod('/a', 'failure-echo')], { ...token, fn: 'raises-unauthorized' });
    const broken = await protectedApi([proxyMethod('/a', 'failure-echo')], { ...token, fn: 'raises-other' });
    const nonsense = await protectedApi([proxyMethod('/a', 'failure-echo')], { ...token, fn: 'answers-nonsense' });

    const res401 = await unauthorized.call('/a', { headers: { Authorization: 't' } });
    assert.equal(res401.status, 401);
    assert.deepEqual(res401.json(), { message: 'Unauthorized' });
    for (const api of [broken, nonsense]) {
      const res = await api.call('/a', { headers: { Authorization: 't' } });
      assert.equal(res.status, 500, res.text);
      assert.deepEqual(res.json(), { message: null });
      assert.equal(res.headers['x-amzn-errortype'], 'AuthorizerConfigurationException');
    }
  });
});

describe('policy evaluation', () => {
  const arn = 'arn:aws:execute-api:us-east-1:000000000000:abc123/test/GET/pets/7';
  const answer = (statements: unknown) => parseAuthorizerAnswer(Buffer.from(JSON.stringify({ principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: statements } })))!;

  test('wildcards `*` and `?` in resources; execute-api:Invoke, execute-api:* or * as the action', () => {
    for (const [action, resource, expected] of [
      ['execute-api:Invoke', arn, 'allow'],
      ['execute-api:*', 'arn:aws:execute-api:us-east-1:*:abc123/*', 'allow'],
      ['*', 'arn:aws:execute-api:us-east-1:000000000000:abc123/test/GET/pets/?', 'allow'],
      ['execute-api:Invoke', 'arn:aws:execute-api:us-east-1:000000000000:abc123/test/GET/pets/??', 'none'],
      ['execute-api:Invoke', 'arn:aws:execute-api:us-east-1:000000000000:abc123/test/POST/*', 'none'],
      ['execute-api:ManageConnections', arn, 'none'],
    ] as const) {
      assert.equal(evaluatePolicy(answer([{ Action: action, Effect: 'Allow', Resource: resource }]), arn), expected, `${action} ${resource}`);
    }
  });

  test('an explicit Deny wins over an Allow; lists of actions and resources; a single Statement object', () => {
    const both = answer([
      { Action: ['execute-api:Invoke'], Effect: 'Allow', Resource: ['*'] },
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: ['arn:aws:execute-api:*:*:*/test/GET/pets/*'] },
    ]);
    assert.equal(evaluatePolicy(both, arn), 'deny');
    assert.equal(evaluatePolicy(answer({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }), arn), 'allow');
  });

  test('answers that are no policy', () => {
    for (const bad of ['"x"', '{}', '{"policyDocument":{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}}', '{"policyDocument":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"context":{"nested":{"a":1}}}', 'not json']) {
      assert.equal(parseAuthorizerAnswer(Buffer.from(bad)), undefined, bad);
    }
  });
});
