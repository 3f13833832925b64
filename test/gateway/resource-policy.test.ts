/**
 * REST API resource policies over real HTTP: the policy set with CreateRestApi or UpdateRestApi
 * takes effect with the next deployment; IP conditions, explicit Deny over Allow, stage / method /
 * path wildcards, and AWS's 403 body {"Message":"User: anonymous is not authorized to perform:
 * execute-api:Invoke on resource: ..."} (the account masked to its last four digits).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAuthorizerCommand, CreateDeploymentCommand, GetResourcesCommand, PutGatewayResponseCommand, UpdateMethodCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { useGatehouse } from '../helpers/gatehouse.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import { deployApi, type DeployedApi, type MethodSpec } from '../helpers/deployed-api.js';
import type { HttpAnswer } from '../helpers/http.js';

const server = useGatehouse({ inMemory: true });
const lambda = lambdaClient(server);

const mock = (path: string, httpMethod = 'GET'): MethodSpec => ({
  path,
  httpMethod,
  integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } }],
});

const statement = (Effect: 'Allow' | 'Deny', Resource: string | string[], Condition?: object) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource, Condition });
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** Deploys the methods with the policy (set by UpdateRestApi, then deployed). */
async function withPolicy(policy: object, methods: MethodSpec[] = [mock('/pets')]): Promise<DeployedApi> {
  const api = await deployApi(server, { methods });
  await setPolicy(api, policy);
  return api;
}

async function setPolicy(api: DeployedApi, policy: object, deploy = true): Promise<void> {
  await server.client.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
  if (deploy) await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
}

const resourceArn = (api: DeployedApi, method: string, path: string) => `arn:aws:execute-api:us-east-1:********0000:${api.restApiId}/${api.stage}/${method}/${path}`;

function assertDenied(res: HttpAnswer, api: DeployedApi, method: string, path: string, explicit: boolean): void {
  assert.equal(res.status, 403, res.text);
  assert.equal(res.headers['x-amzn-errortype'], 'AccessDeniedException');
  assert.equal(res.headers['content-type'], 'application/json');
  const message = `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resourceArn(api, method, path)}${explicit ? ' with an explicit deny' : ''}`;
  assert.equal(res.text, JSON.stringify({ Message: message }));
}

describe('source IP conditions (the caller is 127.0.0.1)', () => {
  test('IpAddress allow of the caller\'s network passes; of another network is an implicit deny', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/*', { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } })));
    const ok = await api.call('/pets');
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json(), { ok: true });

    await setPolicy(api, doc(statement('Allow', 'execute-api:/*', { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } })));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', false);
  });

  test('an IP Deny beats the Allow for everyone', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/*'), statement('Deny', 'execute-api:/*', { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } })));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', true);
  });

  test('NotIpAddress Deny (allow only a list of networks)', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/*'), statement('Deny', 'execute-api:/*', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } })));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', true);
    await setPolicy(api, doc(statement('Allow', 'execute-api:/*'), statement('Deny', 'execute-api:/*', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '127.0.0.1'] } })));
    assert.equal((await api.call('/pets')).status, 200);
  });
});

describe('resources and wildcards', () => {
  test('stage, method and path wildcards; Deny beats Allow', async () => {
    const api = await withPolicy(
      doc(statement('Allow', ['execute-api:/test/GET/*', 'execute-api:/*/POST/pets']), statement('Deny', 'execute-api:/*/*/pets/secret*')),
      [mock('/pets'), mock('/pets', 'POST'), mock('/pets', 'PUT'), mock('/pets/{id}'), mock('/')],
    );
    assert.equal((await api.call('/pets')).status, 200);
    assert.equal((await api.call('/pets/1')).status, 200);
    assert.equal((await api.call('/')).status, 200, 'the root is test/GET/');
    assert.equal((await api.call('/pets', { method: 'POST' })).status, 200);
    assertDenied(await api.call('/pets', { method: 'PUT' }), api, 'PUT', 'pets', false);
    assertDenied(await api.call('/pets/secret-1'), api, 'GET', 'pets/secret-1', true);
  });

  test('a policy for another stage allows nothing here; full ARNs work like the shorthand', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/prod/*')));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', false);
    await setPolicy(api, doc(statement('Allow', `arn:aws:execute-api:us-east-1:000000000000:${api.restApiId}/test/GET/pets`)));
    assert.equal((await api.call('/pets')).status, 200);
    await setPolicy(api, doc(statement('Allow', `arn:aws:execute-api:*:*:${api.restApiId}/*/DELETE/*`)));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', false);
  });
});

describe('lifecycle and responses', () => {
  test('a changed policy takes effect with the next deployment, as AWS requires', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/*')));
    assert.equal((await api.call('/pets')).status, 200);
    await setPolicy(api, doc(statement('Deny', 'execute-api:/*')), false);
    assert.equal((await api.call('/pets')).status, 200, 'not deployed yet');
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', true);
    await server.client.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'remove', path: '/policy' }] }));
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    assert.equal((await api.call('/pets')).status, 200, 'no policy: open again');
  });

  test('private-API style: a Deny unless the call comes through a VPC endpoint refuses every call (Gatehouse has none)', async () => {
    const api = await withPolicy(doc(statement('Allow', 'execute-api:/*'), statement('Deny', 'execute-api:/*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })));
    assertDenied(await api.call('/pets'), api, 'GET', 'pets', true);
  });

  test('the API\'s ACCESS_DENIED gateway response renders the denial', async () => {
    const api = await withPolicy(doc(statement('Deny', 'execute-api:/*')));
    await server.client.send(
      new PutGatewayResponseCommand({
        restApiId: api.restApiId,
        responseType: 'ACCESS_DENIED',
        statusCode: '401',
        responseParameters: { 'gatewayresponse.header.x-denied': "'policy'" },
        responseTemplates: { 'application/json': '{"why":$context.error.messageString,"type":"$context.error.responseType"}' },
      }),
    );
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    const res = await api.call('/pets');
    assert.equal(res.status, 401);
    assert.equal(res.headers['x-denied'], 'policy');
    assert.deepEqual(res.json(), { why: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resourceArn(api, 'GET', 'pets')} with an explicit deny`, type: 'ACCESS_DENIED' });
  });

  test('an unknown path is still 403 Missing Authentication Token, before any policy', async () => {
    const api = await withPolicy(doc(statement('Deny', 'execute-api:/*')));
    const res = await api.call('/nothing-here');
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"message":"Missing Authentication Token"}');
  });
});

/** A TOKEN authorizer allowing GET /allowed only, counting its invocations (a warm instance keeps `calls`). */
const AUTHORIZER = `let calls = 0;
export const handler = async (event) => {
  calls++;
  const stageArn = event.methodArn.split('/').slice(0, 2).join('/');
  return {
    principalId: 'me',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageArn + '/GET/allowed' }] },
    context: { calls },
  };
};
`;

describe('with a Lambda authorizer (authorization-flow table A)', () => {
  test('the policy\'s Deny stops the request before the authorizer; its Allow admits what the authorizer is silent about', async () => {
    await lambda().send(new CreateFunctionCommand(createInput('policy-authorizer', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.mjs': strToU8(AUTHORIZER) }) } })));
    const counted = (path: string): MethodSpec => ({
      ...mock(path),
      responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"calls":$context.authorizer.calls}' } }],
    });
    const api = await deployApi(server, { methods: ['/allowed', '/silent', '/other', '/blocked'].map(counted) });
    const c = server.client;
    const authorizer = await c.send(
      new CreateAuthorizerCommand({
        restApiId: api.restApiId,
        name: 'token',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 0,
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:policy-authorizer/invocations',
      }),
    );
    const resources = await c.send(new GetResourcesCommand({ restApiId: api.restApiId }));
    for (const r of resources.items!.filter((r) => r.path !== '/')) {
      await c.send(
        new UpdateMethodCommand({
          restApiId: api.restApiId,
          resourceId: r.id!,
          httpMethod: 'GET',
          patchOperations: [
            { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
            { op: 'replace', path: '/authorizerId', value: authorizer.id },
          ],
        }),
      );
    }
    await setPolicy(api, doc(statement('Allow', 'execute-api:/*/GET/silent'), statement('Deny', 'execute-api:/*/GET/blocked')));
    const call = (path: string) => api.call(path, { headers: { Authorization: 'token' } });

    const allowed = await call('/allowed');
    assert.equal(allowed.status, 200, allowed.text);
    assert.deepEqual(allowed.json(), { calls: 1 });
    const silent = await call('/silent');
    assert.equal(silent.status, 200, silent.text);
    assert.deepEqual(silent.json(), { calls: 2 });
    const other = await call('/other');
    assert.equal(other.status, 403);
    assert.deepEqual(other.json(), { Message: 'User is not authorized to access this resource' });
    assertDenied(await call('/blocked'), api, 'GET', 'blocked', true);
    // The denied request never reached the authorizer: the next one is its 4th invocation, not its 5th.
    assert.deepEqual((await call('/allowed')).json(), { calls: 4 });
  });
});
