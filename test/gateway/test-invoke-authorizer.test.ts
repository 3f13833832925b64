/**
 * TestInvokeAuthorizer through the genuine API Gateway client: the authorizer of an API that was
 * never deployed runs against the simulated request (headers, pathWithQueryString, stage
 * variables, additionalContext) and answers clientStatus, principalId, policy, latency and AWS's
 * execution log. Functions are created from zips through the genuine Lambda client.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateAuthorizerCommand, TestInvokeAuthorizerCommand, UpdateAuthorizerCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { createInput, errorOf, lambdaClient, pythonZip } from '../control/lambda/helpers.js';

const server = useGatehouse();
const lambda = lambdaClient(server);

/** The seed's Python TOKEN authorizer: 'allow' is allowed, any other token denied. */
const SEED_AUTHORIZER = `def lambda_handler(event, context):
    effect = 'Allow' if event['authorizationToken'] == 'allow' else 'Deny'
    return {'principalId': 'user', 'policyDocument': {'Version': '2012-10-17', 'Statement': [{'Action': 'execute-api:Invoke', 'Effect': effect, 'Resource': event['methodArn']}]}}
`;

/** A REQUEST authorizer answering, as its context, what it was given. */
const REQUEST_AUTHORIZER = `export const handler = async (event) => ({
  principalId: 'user-' + event.headers['X-User'],
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
  context: { methodArn: event.methodArn, team: event.queryStringParameters.team, stage: event.stageVariables.color, path: event.path, ctxStage: event.requestContext.stage },
});
`;

const uri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`;

async function nodeFunction(name: string, source: string): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await lambda().send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
}

/** A new API (never deployed) with one authorizer. */
async function authorizerOn(input: { type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS'; fn?: string; identitySource?: string; providerARNs?: string[] }) {
  const { restApiId } = await createRestApi(server.client, `test-authorizer-${input.fn ?? 'cognito'}`);
  const created = await server.client.send(
    new CreateAuthorizerCommand({
      restApiId,
      name: 'auth',
      type: input.type,
      authorizerUri: input.fn ? uri(input.fn) : undefined,
      identitySource: input.identitySource,
      providerARNs: input.providerARNs,
    }),
  );
  return { restApiId, authorizerId: created.id! };
}

/** The log's events without their date prefix. */
const events = (log: string | undefined) => (log ?? '').split('\n').filter(Boolean).slice(1).map((l) => l.replace(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : /, ''));

describe('TestInvokeAuthorizer', () => {
  test("the seed's TOKEN authorizer: Allow and Deny both succeed with the policy; the log is AWS's", async () => {
    await lambda().send(new CreateFunctionCommand(createInput('seed-authorizer', { Code: { ZipFile: pythonZip(SEED_AUTHORIZER) } })));
    const { restApiId, authorizerId } = await authorizerOn({ type: 'TOKEN', fn: 'seed-authorizer', identitySource: 'method.request.header.Authorization' });
    const methodArn = `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/ESTestInvoke-stage/GET/`;

    const allowed = await server.client.send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId, headers: { Authorization: 'allow' } }));
    assert.equal(allowed.clientStatus, 0);
    assert.equal(allowed.principalId, 'user');
    assert.deepEqual(JSON.parse(allowed.policy!), { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: methodArn }] });
    assert.equal(typeof allowed.latency, 'number');
    const requestId = /^Execution log for request (\S+)$/.exec(allowed.log!.split('\n')[0])?.[1];
    assert.ok(requestId, allowed.log ?? "");
    const lines = events(allowed.log);
    const lambdaUri = 'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:seed-authorizer/invocations';
    assert.equal(lines[0], `Starting authorizer: ${authorizerId} for request: ${requestId}`);
    assert.equal(lines[1], 'Incoming identity: ***ow');
    assert.equal(lines[2], `Endpoint request URI: ${lambdaUri}`);
    assert.match(lines[3], new RegExp(`^Endpoint request headers: \\{x-amzn-lambda-integration-tag=${requestId}, .*X-Amz-Source-Arn=arn:aws:execute-api:us-east-1:000000000000:${restApiId}/authorizers/${authorizerId}`));
    assert.equal(lines[4], `Endpoint request body after transformations: ${JSON.stringify({ type: 'TOKEN', authorizationToken: 'allow', methodArn })}`);
    assert.equal(lines[5], `Sending request to ${lambdaUri}`);
    assert.match(lines[6], /^Authorizer result body before parsing: \{"principalId": "user", /);
    assert.deepEqual(lines.slice(7), ['Using valid authorizer policy for principal: **er', 'Successfully completed authorizer execution']);
    assert.ok(allowed.log!.endsWith('\n'));

    // Outside the test a Deny is 403; the test itself succeeds and shows the policy.
    const denied = await server.client.send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId, headers: { Authorization: 'deny' } }));
    assert.equal(denied.clientStatus, 0);
    assert.equal((JSON.parse(denied.policy!) as { Statement: { Effect: string }[] }).Statement[0].Effect, 'Deny');
  });

  test('a missing token is 401 without calling the function', async () => {
    await nodeFunction('never-called', `export const handler = async () => { throw new Error('called'); };\n`);
    const { restApiId, authorizerId } = await authorizerOn({ type: 'TOKEN', fn: 'never-called', identitySource: 'method.request.header.Authorization' });
    const res = await server.client.send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId, headers: { Other: 'x' } }));
    assert.equal(res.clientStatus, 401);
    assert.equal(res.principalId, undefined);
    assert.equal(res.policy, undefined);
    const lines = events(res.log);
    assert.match(lines.at(-2)!, /^Unauthorized request: \S+$/);
    assert.equal(lines.at(-1), 'Unauthorized');
    assert.ok(!lines.some((l) => l.startsWith("Sending request")), res.log ?? "");
  });

  test('a REQUEST authorizer reads headers, the query of pathWithQueryString, stage variables and additionalContext', async () => {
    await nodeFunction('request-authorizer', REQUEST_AUTHORIZER);
    const { restApiId, authorizerId } = await authorizerOn({
      type: 'REQUEST',
      fn: 'request-authorizer',
      identitySource: 'method.request.header.X-User, method.request.querystring.team, stageVariables.color, context.tenant',
    });
    const res = await server.client.send(
      new TestInvokeAuthorizerCommand({
        restApiId,
        authorizerId,
        multiValueHeaders: { 'X-User': ['ann'] },
        pathWithQueryString: '/pets/1?team=blue',
        stageVariables: { color: 'green' },
        additionalContext: { tenant: 'acme-corporation' },
      }),
    );
    assert.equal(res.clientStatus, 0, res.log ?? "");
    assert.equal(res.principalId, 'user-ann');
    const lines = events(res.log);
    assert.equal(lines[1], 'Incoming identity: {method.request.header.X-User=*nn, method.request.querystring.team=**ue, stageVariables.color=***en, context.tenant=**********ration}');
    const body = JSON.parse(lines.find((l) => l.startsWith('Endpoint request body'))!.replace('Endpoint request body after transformations: ', '')) as Record<string, any>;
    assert.equal(body.type, 'REQUEST');
    assert.equal(body.methodArn, `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/ESTestInvoke-stage/GET/pets/1`);
    assert.deepEqual(body.queryStringParameters, { team: 'blue' });
    assert.deepEqual(body.stageVariables, { color: 'green' });
    assert.equal(body.requestContext.stage, 'test-invoke-stage');
    assert.equal(body.path, '/pets/1');
    assert.deepEqual(body.headers, { 'X-User': 'ann' });
  });

  test('a function error is 500 AuthorizerConfigurationException; raising "Unauthorized" is 401', async () => {
    await nodeFunction('raises-other', `export const handler = async () => { throw new Error('boom'); };\n`);
    await nodeFunction('raises-unauthorized', `export const handler = async () => { throw new Error('Unauthorized'); };\n`);
    await nodeFunction('answers-nonsense', `export const handler = async () => ({ principalId: 'x', policyDocument: 'allow everything' });\n`);
    const token = { type: 'TOKEN' as const, identitySource: 'method.request.header.Authorization' };

    const broken = await authorizerOn({ ...token, fn: 'raises-other' });
    const failed = await server.client.send(new TestInvokeAuthorizerCommand({ ...broken, headers: { Authorization: 't' } }));
    assert.equal(failed.clientStatus, 500);
    assert.deepEqual(events(failed.log).slice(-3), [
      `Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: ${/request (\S+)/.exec(failed.log!)![1]}`,
      'Execution failed due to configuration error: Authorizer error',
      'AuthorizerConfigurationException',
    ]);

    const nonsense = await authorizerOn({ ...token, fn: 'answers-nonsense' });
    const unparsed = await server.client.send(new TestInvokeAuthorizerCommand({ ...nonsense, headers: { Authorization: 't' } }));
    assert.equal(unparsed.clientStatus, 500);
    assert.deepEqual(events(unparsed.log).slice(-2), ['Execution failed due to configuration error: Could not parse policy', 'AuthorizerConfigurationException']);

    const refusing = await authorizerOn({ ...token, fn: 'raises-unauthorized' });
    const refused = await server.client.send(new TestInvokeAuthorizerCommand({ ...refusing, headers: { Authorization: 't' } }));
    assert.equal(refused.clientStatus, 401);
    assert.equal(events(refused.log).at(-1), 'Unauthorized');
  });

  test('an authorizer whose function does not exist is 500, and an edit to the authorizer is seen at once', async () => {
    await nodeFunction('exists-now', `export const handler = async () => ({ principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [] } });\n`);
    const ids = await authorizerOn({ type: 'TOKEN', fn: 'no-such-function', identitySource: 'method.request.header.Authorization' });
    const missing = await server.client.send(new TestInvokeAuthorizerCommand({ ...ids, headers: { Authorization: 't' } }));
    assert.equal(missing.clientStatus, 500);
    assert.deepEqual(events(missing.log).slice(-3), [
      'Execution failed due to configuration error: Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function',
      'Execution failed due to configuration error: Authorizer error',
      'AuthorizerConfigurationException',
    ]);
    await server.client.send(new UpdateAuthorizerCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/authorizerUri', value: uri('exists-now') }] }));
    const found = await server.client.send(new TestInvokeAuthorizerCommand({ ...ids, headers: { Authorization: 't' } }));
    assert.equal(found.clientStatus, 0, found.log ?? "");
    assert.equal(found.principalId, 'p');
  });

  test('an unknown authorizer or API is NotFound; a Cognito authorizer is tested (cognito-authorizer.test.ts has its tokens)', async () => {
    const { restApiId } = await createRestApi(server.client, 'no-authorizers');
    for (const ids of [{ restApiId, authorizerId: 'nope12' }, { restApiId: 'nosuchapi1', authorizerId: 'nope12' }]) {
      const err = await errorOf(server.client.send(new TestInvokeAuthorizerCommand(ids)));
      assert.equal(err.name, 'NotFoundException');
      assert.equal(err.message, 'Invalid Authorizer identifier specified');
    }
    const cognito = await authorizerOn({ type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc'] });
    // A token that is no JWT: what the client would get, 401.
    const garbage = await server.client.send(new TestInvokeAuthorizerCommand({ ...cognito, headers: { Authorization: 't' } }));
    assert.equal(garbage.clientStatus, 401);
    assert.equal(garbage.claims, undefined);
  });
});
