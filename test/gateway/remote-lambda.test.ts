/**
 * Remote functions: an integration whose function this Gatehouse does not hold is invoked at the
 * configured Lambda endpoint through @aws-sdk/client-lambda. A second Gatehouse plays the remote
 * (AWS Lambda itself answers the same Invoke). A function held locally always runs locally; an
 * unreachable remote is AWS's 500 "Internal server error", and Gatehouse keeps serving.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateAuthorizerCommand, CreateDeploymentCommand, GetResourcesCommand, UpdateMethodCommand } from '@aws-sdk/client-api-gateway';
import { startTestGatehouse, type Server, type TestGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type MethodSpec } from '../helpers/deployed-api.js';
import { createInput } from '../control/lambda/helpers.js';

const uri = (fnArn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
const arn = (name: string, account = '000000000000', region = 'us-east-1') => `arn:aws:lambda:${region}:${account}:function:${name}`;

const proxy = (path: string, fnArn: string, timeoutInMillis?: number): MethodSpec => ({
  path,
  httpMethod: 'GET',
  integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uri(fnArn), timeoutInMillis },
  responses: [],
});

const answering = (text: string) =>
  `export const handler = async (event) => ({ statusCode: 200, body: ${JSON.stringify(text)} + ' ' + event.path + ' ' + process.env.AWS_REGION });\n`;

async function createNodeFunction(lambda: LambdaClient, name: string, source: string): Promise<void> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await lambda.send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
}

/** A 127.0.0.1 port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Two Gatehouses: `front` serves the APIs, `remote` holds functions; each with its Lambda client. */
function useTwoGatehouses(frontConfig: (remoteUrl: string) => Record<string, string>) {
  const s = {} as { front: Server; remote: TestGatehouse; frontLambda: LambdaClient; remoteLambda: LambdaClient };
  before(async () => {
    s.remote = await startTestGatehouse();
    const front = await startTestGatehouse(frontConfig(s.remote.url));
    s.front = { g: front, client: front.apigateway() };
    s.frontLambda = new LambdaClient({ ...front.clientConfig(), maxAttempts: 1 });
    s.remoteLambda = new LambdaClient({ ...s.remote.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    s.frontLambda?.destroy();
    s.remoteLambda?.destroy();
    s.front?.client.destroy();
    await s.front?.g.stop();
    await s.remote?.stop();
  });
  return s;
}

describe('--lambda-endpoint: another Gatehouse as the remote Lambda', () => {
  const s = useTwoGatehouses((url) => ({ lambdaEndpoint: url }));

  test('an AWS_PROXY integration runs the function the remote holds', async () => {
    await createNodeFunction(s.remoteLambda, 'remote-hello', answering('hello from the remote'));
    const api = await deployApi(s.front, { methods: [proxy('/hello', arn('remote-hello'))] });
    const res = await api.call('/hello');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.text, 'hello from the remote /hello us-east-1');
  });

  test("the remote function's error is the proxy integration's 502, as a local one's", async () => {
    await createNodeFunction(s.remoteLambda, 'remote-throws', `export const handler = async () => { throw new Error('boom'); };\n`);
    const api = await deployApi(s.front, { methods: [proxy('/boom', arn('remote-throws'))] });
    const res = await api.call('/boom');
    assert.equal(res.status, 502);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
  });

  test('a non-proxy (AWS) integration selects its response by the remote errorMessage', async () => {
    await createNodeFunction(s.remoteLambda, 'remote-not-found', `export const handler = async () => { throw new Error('NotFound: no such pet'); };\n`);
    const api = await deployApi(s.front, {
      methods: [
        {
          path: '/pets',
          httpMethod: 'GET',
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: uri(arn('remote-not-found')) },
          responses: [
            { statusCode: '200' },
            { statusCode: '404', selectionPattern: 'NotFound:.*', responseTemplates: { 'application/json': '{"error": "$input.path(\'$.errorMessage\')"}' } },
          ],
        },
      ],
    });
    const res = await api.call('/pets');
    assert.equal(res.status, 404, res.text);
    assert.deepEqual(res.json(), { error: 'NotFound: no such pet' });
  });

  test('a function this Gatehouse holds runs here, also when the remote has one of that name', async () => {
    await createNodeFunction(s.remoteLambda, 'both-places', answering('remote'));
    const api = await deployApi(s.front, { methods: [proxy('/both', arn('both-places'))] });
    assert.equal((await api.call('/both')).text, 'remote /both us-east-1');
    // Created here afterwards: the next request runs the local one.
    await createNodeFunction(s.frontLambda, 'both-places', answering('local'));
    assert.equal((await api.call('/both')).text, 'local /both us-east-1');
    // Deleted here: the remote one again.
    await s.frontLambda.send(new DeleteFunctionCommand({ FunctionName: 'both-places' }));
    assert.equal((await api.call('/both')).text, 'remote /both us-east-1');
  });

  test('a function neither holds is 500 Internal server error', async () => {
    const api = await deployApi(s.front, { methods: [proxy('/nowhere', arn('nowhere'))] });
    const res = await api.call('/nowhere');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: 'Internal server error' });
  });

  test('a TOKEN authorizer whose function the remote holds: allow and deny', async () => {
    const authorizer = `export const handler = async (event) => ({
  principalId: 'remote-user',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.authorizationToken === 'allow' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
});\n`;
    await createNodeFunction(s.remoteLambda, 'remote-authorizer', authorizer);
    await createNodeFunction(s.remoteLambda, 'remote-guarded', answering('guarded'));
    const api = await deployApi(s.front, { methods: [proxy('/guarded', arn('remote-guarded'))] });
    const c = s.front.client;
    const created = await c.send(
      new CreateAuthorizerCommand({ restApiId: api.restApiId, name: 'remote', type: 'TOKEN', authorizerUri: uri(arn('remote-authorizer')), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }),
    );
    const resources = await c.send(new GetResourcesCommand({ restApiId: api.restApiId }));
    await c.send(
      new UpdateMethodCommand({
        restApiId: api.restApiId,
        resourceId: resources.items!.find((r) => r.path === '/guarded')!.id!,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
          { op: 'replace', path: '/authorizerId', value: created.id },
        ],
      }),
    );
    await c.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    const allowed = await api.call('/guarded', { headers: { Authorization: 'allow' } });
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal(allowed.text, 'guarded /guarded us-east-1');
    const denied = await api.call('/guarded', { headers: { Authorization: 'deny' } });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), { Message: 'User is not authorized to access this resource with an explicit deny' });
  });

  test("the integration's timeoutInMillis applies to the remote call: 504", async () => {
    await createNodeFunction(s.remoteLambda, 'remote-slow', `export const handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return { statusCode: 200, body: 'late' }; };\n`);
    const api = await deployApi(s.front, { methods: [proxy('/slow', arn('remote-slow'), 300)] });
    const res = await api.call('/slow');
    assert.equal(res.status, 504);
    assert.deepEqual(res.json(), { message: 'Endpoint request timed out' });
  });
});

describe('--remote-lambda: one account is remote, the others are not', () => {
  // The URL carries the credentials: a permissive Gatehouse takes a 12-digit key as the account.
  const s = useTwoGatehouses((url) => ({ remoteLambda: `111111111111:*=${url.replace('http://', 'http://111111111111:secret@')}` }));

  test("a function of the remote account runs at the remote; one of another account is not looked for there", async () => {
    const remoteAccount = new LambdaClient({ ...s.remote.clientConfig({ accessKeyId: '111111111111' }), maxAttempts: 1 });
    try {
      await createNodeFunction(remoteAccount, 'in-111', answering('account 111111111111'));
      await createNodeFunction(s.remoteLambda, 'in-default', answering('default account'));
    } finally {
      remoteAccount.destroy();
    }
    const api = await deployApi(s.front, { methods: [proxy('/a', arn('in-111', '111111111111')), proxy('/b', arn('in-default'))] });
    const a = await api.call('/a');
    assert.equal(a.status, 200, a.text);
    assert.equal(a.text, 'account 111111111111 /a us-east-1');
    // 000000000000 has no remote: its unknown function is the usual 500.
    const b = await api.call('/b');
    assert.equal(b.status, 500);
  });
});

describe('an unreachable remote Lambda', () => {
  let front: Server;
  let lambda: LambdaClient;
  before(async () => {
    const g = await startTestGatehouse({ lambdaEndpoint: `http://127.0.0.1:${await closedPort()}` });
    front = { g, client: g.apigateway() };
    lambda = new LambdaClient({ ...g.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    lambda?.destroy();
    front?.client.destroy();
    await front?.g.stop();
  });

  test('is 500 Internal server error, and Gatehouse keeps serving its own functions', async () => {
    await createNodeFunction(lambda, 'here', answering('still here'));
    const api = await deployApi(front, { methods: [proxy('/away', arn('away')), proxy('/here', arn('here'))] });
    const away = await api.call('/away');
    assert.equal(away.status, 500);
    assert.deepEqual(away.json(), { message: 'Internal server error' });
    assert.equal(away.headers['x-amzn-errortype'], 'InternalServerErrorException');
    const here = await api.call('/here');
    assert.equal(here.status, 200);
    assert.equal(here.text, 'still here /here us-east-1');
    assert.equal((await api.call('/away')).status, 500);
  });
});
