/**
 * COGNITO_USER_POOLS authorizers with real signed tokens from Gatehouse's local issuer
 * (/_gatehouse/cognito/{poolId}/...): what a caller gets for a good, expired, foreign, forged,
 * unsigned or missing token, ID versus access tokens against authorizationScopes, the claims the
 * integration sees, TestInvokeAuthorizer, and keys that survive a restart.
 */
import { describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeAuthorizerCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, startTestGatehouse, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';

const POOL = 'us-east-1_Local1';
const OTHER_POOL = 'us-east-1_Other2';
const poolArn = (pool: string) => `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool}`;
const issuer = (pool: string) => `https://cognito-idp.us-east-1.amazonaws.com/${pool}`;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const CLAIMS_TEMPLATE = '{"sub": "$context.authorizer.claims.sub", "email": "$context.authorizer.claims.email", "role": "$context.authorizer.claims[\'custom:role\']", "exp": "$context.authorizer.claims.exp", "tokenUse": "$context.authorizer.claims.token_use"}';

describe('COGNITO_USER_POOLS authorizers', () => {
  const server = useGatehouse({ inMemory: true });
  const lambda = lambdaClient(server);
  const c = () => server.client;

  async function mint(pool: string, claims: Record<string, unknown> = {}, expiresIn?: number): Promise<string> {
    const res = await http(server.g.url, {
      method: 'POST',
      path: `/_gatehouse/cognito/${pool}/token${expiresIn === undefined ? '' : `?expiresIn=${expiresIn}`}`,
      body: JSON.stringify(claims),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200, res.text);
    return res.json<{ token: string }>().token;
  }

  /** GET /me (no scopes), GET /scoped (scope api/read), GET /aud (aud must be client-1), MOCK answering the claims. */
  async function api() {
    const { restApiId, rootId } = await createRestApi(c(), 'cognito');
    const pools = await c().send(
      new CreateAuthorizerCommand({ restApiId, name: 'pools', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn(POOL)], identitySource: 'method.request.header.Authorization' }),
    );
    const audience = await c().send(
      new CreateAuthorizerCommand({
        restApiId,
        name: 'audience',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [poolArn(POOL)],
        identitySource: 'method.request.header.X-Token',
        identityValidationExpression: 'client-1',
      }),
    );
    const method = async (pathPart: string, authorizerId: string, authorizationScopes?: string[]) => {
      const resourceId = (await c().send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }))).id!;
      const at = { restApiId, resourceId, httpMethod: 'GET' };
      await c().send(new PutMethodCommand({ ...at, authorizationType: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes }));
      await c().send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await c().send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
      await c().send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': CLAIMS_TEMPLATE } }));
    };
    await method('me', pools.id!);
    await method('scoped', pools.id!, ['api/read', 'api/admin']);
    await method('aud', audience.id!);
    await c().send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    return {
      restApiId,
      authorizerId: pools.id!,
      call: (path: string, headers: Record<string, string> = {}) => http(server.g.url, { path: `/_aws/execute-api/${restApiId}/test${path}`, headers }),
    };
  }

  const unauthorized = (res: { status: number; json(): unknown; headers: Record<string, unknown> }, what: string) => {
    assert.equal(res.status, 401, what);
    assert.deepEqual(res.json(), { message: 'Unauthorized' }, what);
    assert.equal(res.headers['x-amzn-errortype'], 'UnauthorizedException', what);
  };

  test('a valid ID token passes, raw or after "Bearer", and its claims reach the integration as strings', async () => {
    const a = await api();
    const token = await mint(POOL, { email: 'ana@example.com', 'custom:role': 'admin', exp: 1_900_000_000 });
    for (const value of [token, `Bearer ${token}`]) {
      const res = await a.call('/me', { Authorization: value });
      assert.equal(res.status, 200, res.text);
      const body = res.json<Record<string, string>>();
      assert.equal(body.email, 'ana@example.com');
      assert.equal(body.role, 'admin');
      assert.equal(body.tokenUse, 'id');
      assert.match(body.sub, /^[0-9a-f-]{36}$/);
      assert.equal(body.exp, 'Sun Mar 17 17:46:40 UTC 2030');
    }
  });

  test('an expired token is 401 "The incoming token has expired"', async () => {
    const a = await api();
    const res = await a.call('/me', { Authorization: await mint(POOL, {}, -60) });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { message: 'The incoming token has expired' });
  });

  test('a missing, garbage, foreign, forged or unsigned token is 401 Unauthorized', async () => {
    const a = await api();
    unauthorized(await a.call('/me'), 'no header');
    unauthorized(await a.call('/me', { Authorization: '' }), 'empty header');
    unauthorized(await a.call('/me', { Authorization: 'not-a-token' }), 'garbage');
    unauthorized(await a.call('/me', { Authorization: await mint(OTHER_POOL) }), 'a pool the authorizer does not name');
    // Signed by another pool's key while claiming this pool as its issuer.
    unauthorized(await a.call('/me', { Authorization: await mint(OTHER_POOL, { iss: issuer(POOL) }) }), 'wrong signing key');
    // A genuine token whose payload was changed after signing.
    const [header, payload, signature] = (await mint(POOL)).split('.');
    const changed = b64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), 'custom:role': 'admin' });
    unauthorized(await a.call('/me', { Authorization: `${header}.${changed}.${signature}` }), 'tampered payload');
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    unauthorized(await a.call('/me', { Authorization: unsigned }), 'alg none');
  });

  test("a pool Gatehouse does not issue for is checked against its real JWKS: unreachable or unknown, 401", async () => {
    const { restApiId, rootId } = await createRestApi(c(), 'cognito-remote');
    const remotePool = 'us-east-1_NotLocal9';
    const authorizer = await c().send(
      new CreateAuthorizerCommand({ restApiId, name: 'remote', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn(remotePool)], identitySource: 'method.request.header.Authorization' }),
    );
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await c().send(new PutMethodCommand({ ...at, authorizationType: 'COGNITO_USER_POOLS', authorizerId: authorizer.id }));
    await c().send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await c().send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    // Signed by a local pool's key, claiming the remote pool: its real JWKS (not reachable from a
    // test, or without this key) cannot verify it.
    const token = await mint(POOL, { iss: issuer(remotePool) });
    unauthorized(await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/test/`, headers: { Authorization: token } }), 'remote pool');
  });

  test('without scopes only ID tokens pass; with scopes only access tokens holding one of them', async () => {
    const a = await api();
    const id = await mint(POOL);
    const read = await mint(POOL, { token_use: 'access', scope: 'openid api/read', client_id: 'client-1' });
    const write = await mint(POOL, { token_use: 'access', scope: 'api/write' });
    unauthorized(await a.call('/me', { Authorization: read }), 'access token on a method without scopes');
    unauthorized(await a.call('/scoped', { Authorization: id }), 'ID token on a method with scopes');
    unauthorized(await a.call('/scoped', { Authorization: write }), 'access token without the scope');
    const ok = await a.call('/scoped', { Authorization: read });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json<Record<string, string>>().tokenUse, 'access');
  });

  test("identityValidationExpression matches an ID token's aud, from the authorizer's own header", async () => {
    const a = await api();
    const good = await a.call('/aud', { 'X-Token': await mint(POOL, { aud: 'client-1' }) });
    assert.equal(good.status, 200, good.text);
    unauthorized(await a.call('/aud', { 'X-Token': await mint(POOL, { aud: 'client-2' }) }), 'aud not matching');
    unauthorized(await a.call('/aud', { Authorization: await mint(POOL, { aud: 'client-1' }) }), 'token in another header');
  });

  test('the proxy event carries requestContext.authorizer.claims', async () => {
    const { restApiId, rootId } = await createRestApi(c(), 'cognito-proxy');
    const authorizer = await c().send(
      new CreateAuthorizerCommand({ restApiId, name: 'pools', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn(POOL)], identitySource: 'method.request.header.Authorization' }),
    );
    const echo = 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}\n';
    const fn = await lambda().send(new CreateFunctionCommand(createInput('cognito-echo', { Handler: 'echo.handler', Code: { ZipFile: zipSync({ 'echo.py': strToU8(echo) }) } })));
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await c().send(new PutMethodCommand({ ...at, authorizationType: 'COGNITO_USER_POOLS', authorizerId: authorizer.id }));
    const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    await c().send(new PutIntegrationCommand({ ...at, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
    await c().send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    const token = await mint(POOL, { email: 'ana@example.com', email_verified: true, auth_time: 1_469_814_773, iat: 1_469_814_773 });
    const res = await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/test/`, headers: { Authorization: token } });
    assert.equal(res.status, 200, res.text);
    const authorizerEvent = res.json<{ claims: Record<string, string> }>();
    assert.equal(authorizerEvent.claims.email, 'ana@example.com');
    assert.equal(authorizerEvent.claims.email_verified, 'true');
    assert.equal(authorizerEvent.claims.auth_time, '1469814773');
    assert.equal(authorizerEvent.claims.iat, 'Fri Jul 29 17:52:53 UTC 2016');
    assert.equal(authorizerEvent.claims.iss, issuer(POOL));
  });

  test('TestInvokeAuthorizer answers the claims of a valid ID token, 401 for an expired one', async () => {
    const a = await api();
    const ok = await c().send(
      new TestInvokeAuthorizerCommand({ restApiId: a.restApiId, authorizerId: a.authorizerId, headers: { Authorization: await mint(POOL, { email: 'ana@example.com' }) } }),
    );
    assert.equal(ok.clientStatus, 0);
    assert.equal(ok.claims?.email, 'ana@example.com');
    assert.equal(ok.claims?.token_use, 'id');
    assert.match(ok.log ?? '', /Successfully completed authorizer execution/);
    const expired = await c().send(
      new TestInvokeAuthorizerCommand({ restApiId: a.restApiId, authorizerId: a.authorizerId, headers: { Authorization: await mint(POOL, {}, -5) } }),
    );
    assert.equal(expired.clientStatus, 401);
    assert.equal(expired.claims, undefined);
    const none = await c().send(new TestInvokeAuthorizerCommand({ restApiId: a.restApiId, authorizerId: a.authorizerId, headers: {} }));
    assert.equal(none.clientStatus, 401);
  });

  test('the local issuer publishes its keys and discovery document; bad requests are refused', async () => {
    const token = await mint(POOL);
    const kid = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
    const jwks = await http(server.g.url, { path: `/_gatehouse/cognito/${POOL}/.well-known/jwks.json` });
    assert.equal(jwks.status, 200);
    const keys = jwks.json<{ keys: { kid: string; kty: string; alg: string; d?: string }[] }>().keys;
    assert.deepEqual(
      keys.map((k) => [k.kid, k.kty, k.alg, k.d]),
      [[kid, 'RSA', 'RS256', undefined]],
    );
    const discovery = await http(server.g.url, { path: `/_gatehouse/cognito/${POOL}/.well-known/openid-configuration` });
    assert.equal(discovery.json<{ issuer: string }>().issuer, issuer(POOL));
    assert.equal((await http(server.g.url, { path: '/_gatehouse/cognito/not-a-pool/token', method: 'POST', body: '{}' })).status, 400);
    assert.equal((await http(server.g.url, { path: `/_gatehouse/cognito/${POOL}/token`, method: 'POST', body: '[1]' })).status, 400);
    assert.equal((await http(server.g.url, { path: `/_gatehouse/cognito/${POOL}/token`, method: 'GET' })).status, 405);
  });
});

describe('the local issuer across a restart', () => {
  test('a token minted before a restart still passes after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cognito-'));
    let g = await startTestGatehouse({ dataDir });
    try {
      const token = (await http(g.url, { method: 'POST', path: `/_gatehouse/cognito/${POOL}/token`, body: '{}' })).json<{ token: string }>().token;
      const apigw = g.apigateway();
      const { restApiId, rootId } = await createRestApi(apigw, 'restart');
      const authorizer = await apigw.send(
        new CreateAuthorizerCommand({ restApiId, name: 'pools', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn(POOL)], identitySource: 'method.request.header.Authorization' }),
      );
      const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
      await apigw.send(new PutMethodCommand({ ...at, authorizationType: 'COGNITO_USER_POOLS', authorizerId: authorizer.id }));
      await apigw.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await apigw.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
      await apigw.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }));
      await apigw.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
      apigw.destroy();
      await g.stop();
      g = await startTestGatehouse({ dataDir });
      const res = await http(g.url, { path: `/_aws/execute-api/${restApiId}/test/`, headers: { Authorization: token } });
      assert.equal(res.status, 200, res.text);
    } finally {
      await g.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
