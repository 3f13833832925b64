/**
 * HTTP API authorizers end to end. JWT: a local OpenID issuer started here on 127.0.0.1 (discovery
 * document and JWKS), real RS256 tokens signed with jose, and every kind of bad token (wrong
 * algorithm, `none`, expired, not yet valid, wrong audience, wrong issuer, another key, garbage,
 * none at all) refused with 401 {"message":"Unauthorized"}; a missing scope is 403
 * {"message":"Forbidden"}; the claims reach the integration. Lambda REQUEST authorizers: simple
 * responses, IAM policies over the routeArn, payload 1.0, identity sources missing -> 401, and the
 * TTL cache keyed by the identity sources, emptied by ResetAuthorizersCache. AWS_IAM: SigV4 verified as for REST APIs (permissive
 * mode: any well-formed signature for execute-api), the signer in requestContext.authorizer.iam.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, ResetAuthorizersCacheCommand } from '@aws-sdk/client-apigatewayv2';
import { signedHttp } from '../../helpers/sigv4.js';
import { callApi, ECHO_EVENT, invocationUri, nodeFunction, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
type Dict = Record<string, any>;

/** An API whose routes all go to the echo function; answers its id and its integration's. */
async function echoApi(name: string): Promise<{ apiId: string; integrationId: string }> {
  const api = await server.v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }));
  const integration = await server.v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri('auth-echo'), PayloadFormatVersion: '2.0' }));
  return { apiId: api.ApiId!, integrationId: integration.IntegrationId! };
}

/** The echo function, made once by whichever describe block runs first (root-level hooks run before useHttpApiGatehouse's). */
let echoMade: Promise<unknown> | undefined;
const makeEcho = () => (echoMade ??= nodeFunction(server, 'auth-echo', ECHO_EVENT));

describe('JWT authorizer', () => {
  let issuerServer: Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  let apiId: string;
  let discoveries = 0;

  before(async () => {
    await makeEcho();
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuerServer = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') {
        discoveries++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
      } else if (req.url === '/keys') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;

    const api = await echoApi('jwt');
    apiId = api.apiId;
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({
        ApiId: apiId,
        Name: 'oidc',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: issuer, Audience: ['my-api', 'other-client'] },
      }),
    );
    const target = `integrations/${api.integrationId}`;
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /open', Target: target }));
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /me', Target: target, AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId }));
    await server.v2.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /admin', Target: target, AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId, AuthorizationScopes: ['admin', 'root'] }),
    );
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
  });

  after(async () => {
    // Gatehouse keeps its keep-alive connection to the issuer: close it too.
    issuerServer?.closeAllConnections();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  const sign = (claims: Dict, options: { key?: CryptoKey; alg?: string; exp?: string | number; iss?: string; nbf?: string | number } = {}) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setIssuer(options.iss ?? issuer)
      .setExpirationTime(options.exp ?? '5m');
    if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
    return jwt.sign(options.key ?? privateKey);
  };
  const get = (path: string, token?: string) => callApi(server, apiId, path, { headers: token === undefined ? {} : { authorization: token } });

  test('a valid token (with or without Bearer) passes; its claims reach the integration', async () => {
    const token = await sign({ sub: 'user-1', aud: 'my-api', email: 'a@example.com', groups: ['a', 'b'], scope: 'read write' });
    for (const header of [token, `Bearer ${token}`]) {
      const res = await get('/me', header);
      assert.equal(res.status, 200, res.text);
      const jwt = res.json<Dict>().requestContext.authorizer.jwt;
      assert.equal(jwt.claims.sub, 'user-1');
      assert.equal(jwt.claims.email, 'a@example.com');
      assert.equal(jwt.claims.aud, 'my-api');
      assert.equal(jwt.claims.groups, '[a b]');
      assert.equal(typeof jwt.claims.exp, 'string');
      assert.deepEqual(jwt.scopes, ['read', 'write']);
    }
    // client_id stands in for aud (Cognito access tokens).
    assert.equal((await get('/me', await sign({ client_id: 'other-client' }))).status, 200);
    // The discovery document is read once, then cached.
    assert.equal(discoveries, 1);
    // A route without authorization needs no token.
    assert.equal((await get('/open')).status, 200);
  });

  test('every kind of bad token: 401 Unauthorized', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hsKey = new TextEncoder().encode('a-shared-secret-of-32-bytes-long!!');
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      empty: '',
      garbage: 'not-a-jwt',
      'garbage with three parts': 'aaa.bbb.ccc',
      'alg none': new UnsecuredJWT({ aud: 'my-api' }).setIssuer(issuer).setExpirationTime('5m').encode(),
      'wrong alg (HS256)': await new SignJWT({ aud: 'my-api' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(issuer).setExpirationTime('5m').sign(hsKey),
      expired: await sign({ aud: 'my-api' }, { exp: now - 60 }),
      'not yet valid': await sign({ aud: 'my-api' }, { nbf: now + 600 }),
      'wrong audience': await sign({ aud: 'someone-else' }),
      'no audience': await sign({}),
      'wrong issuer': await sign({ aud: 'my-api' }, { iss: 'https://issuer.example' }),
      'signed with another key': await sign({ aud: 'my-api' }, { key: otherKey }),
      'tampered payload': (await sign({ aud: 'my-api', sub: 'a' })).replace(/\.([^.]+)\./, (_, p: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'b' })).toString('base64url')}.`),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await get('/me', token);
      assert.equal(res.status, 401, name);
      assert.equal(res.text, '{"message":"Unauthorized"}', name);
    }
  });

  test('route scopes: one of them in scope/scp passes, none is 403 Forbidden', async () => {
    assert.equal((await get('/admin', await sign({ aud: 'my-api', scope: 'read root' }))).status, 200);
    assert.equal((await get('/admin', await sign({ aud: 'my-api', scp: ['admin'] }))).status, 200);
    const res = await get('/admin', await sign({ aud: 'my-api', scope: 'read write' }));
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"message":"Forbidden"}');
    assert.equal((await get('/admin', await sign({ aud: 'my-api' }))).status, 403);
  });
});

describe('JWT authorizer with a Cognito user pool issuer', () => {
  test("tokens minted by Gatehouse's local Cognito issuer verify without network", async () => {
    await makeEcho();
    const pool = 'us-east-1_HttpApiPool1';
    const { apiId, integrationId } = await echoApi('cognito-jwt');
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({
        ApiId: apiId,
        Name: 'cognito',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: `https://cognito-idp.us-east-1.amazonaws.com/${pool}`, Audience: ['app-client'] },
      }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /me', Target: `integrations/${integrationId}`, AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId }));
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    const mint = async (claims: Dict, expiresIn?: number) => {
      const res = await fetch(`${server.g.url}/_gatehouse/cognito/${pool}/token${expiresIn === undefined ? '' : `?expiresIn=${expiresIn}`}`, { method: 'POST', body: JSON.stringify(claims) });
      assert.equal(res.status, 200);
      return ((await res.json()) as { token: string }).token;
    };
    const ok = await callApi(server, apiId, '/me', { headers: { authorization: `Bearer ${await mint({ aud: 'app-client', email: 'c@example.com' })}` } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json<Dict>().requestContext.authorizer.jwt.claims.email, 'c@example.com');
    assert.equal((await callApi(server, apiId, '/me', { headers: { authorization: await mint({ aud: 'other' }) } })).status, 401);
    assert.equal((await callApi(server, apiId, '/me', { headers: { authorization: await mint({ aud: 'app-client' }, -60) } })).status, 401);
  });
});

describe('Lambda authorizers', () => {
  before(async () => {
    await makeEcho();
    await nodeFunction(
      server,
      'simple-auth',
      `export const handler = async (event) => ({ isAuthorized: event.headers.authorization === 'secretToken', context: { user: 'ann', n: 1, list: ['a'], stamp: Date.now() + Math.random(), seen: event.identitySource, type: event.type, version: event.version, routeArn: event.routeArn } });\n`,
    );
    await nodeFunction(
      server,
      'policy-auth',
      `export const handler = async (event) => ({ principalId: 'p1', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: (event.headers?.authorization ?? event.identitySource) === 'allow' ? 'Allow' : 'Deny', Resource: event.routeArn ?? event.methodArn }] }, context: { kind: event.version, token: event.authorizationToken ?? null } });\n`,
    );
  });

  async function apiWithAuthorizer(fn: string, options: { payload: '1.0' | '2.0'; simple?: boolean; ttl?: number; sources?: string[] }): Promise<string> {
    const { apiId, integrationId } = await echoApi(`lambda-auth-${fn}`);
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({
        ApiId: apiId,
        Name: fn,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: invocationUri(fn),
        AuthorizerPayloadFormatVersion: options.payload,
        EnableSimpleResponses: options.simple,
        IdentitySource: options.sources ?? ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: options.ttl ?? 0,
      }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /things/{id}', Target: `integrations/${integrationId}`, AuthorizationType: 'CUSTOM', AuthorizerId: authorizer.AuthorizerId }));
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    return apiId;
  }

  test('simple responses: allowed with its context in requestContext.authorizer.lambda; refused 403; no identity 401', async () => {
    const apiId = await apiWithAuthorizer('simple-auth', { payload: '2.0', simple: true });
    const res = await callApi(server, apiId, '/things/1', { headers: { authorization: 'secretToken' } });
    assert.equal(res.status, 200, res.text);
    const lambda = res.json<Dict>().requestContext.authorizer.lambda;
    assert.equal(lambda.user, 'ann');
    assert.equal(lambda.n, 1);
    assert.deepEqual(lambda.list, ['a']);
    assert.deepEqual(lambda.seen, ['secretToken']);
    assert.equal(lambda.type, 'REQUEST');
    assert.equal(lambda.version, '2.0');
    assert.equal(lambda.routeArn, `arn:aws:execute-api:us-east-1:000000000000:${apiId}/$default/GET/things/1`);
    const denied = await callApi(server, apiId, '/things/1', { headers: { authorization: 'wrong' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.text, '{"message":"Forbidden"}');
    const none = await callApi(server, apiId, '/things/1');
    assert.equal(none.status, 401);
    assert.equal(none.text, '{"message":"Unauthorized"}');
  });

  test('IAM policy answers (payload 2.0 and 1.0) over the routeArn / methodArn', async () => {
    for (const payload of ['2.0', '1.0'] as const) {
      const apiId = await apiWithAuthorizer('policy-auth', { payload });
      const ok = await callApi(server, apiId, '/things/2', { headers: { authorization: 'allow' } });
      assert.equal(ok.status, 200, `${payload}: ${ok.text}`);
      const lambda = ok.json<Dict>().requestContext.authorizer.lambda;
      assert.equal(lambda.kind, payload);
      if (payload === '1.0') assert.equal(lambda.token, 'allow');
      const denied = await callApi(server, apiId, '/things/2', { headers: { authorization: 'deny' } });
      assert.equal(denied.status, 403, payload);
    }
  });

  test('authorizerResultTtlInSeconds: cached by the identity sources; other values call again; query and context sources', async () => {
    const apiId = await apiWithAuthorizer('simple-auth', { payload: '2.0', simple: true, ttl: 300, sources: ['$request.header.Authorization', '$request.querystring.tenant', '$context.routeKey'] });
    const stamp = async (tenant: string) => {
      const res = await callApi(server, apiId, `/things/3?tenant=${tenant}`, { headers: { authorization: 'secretToken' } });
      assert.equal(res.status, 200, res.text);
      const lambda = res.json<Dict>().requestContext.authorizer.lambda;
      assert.deepEqual(lambda.seen, ['secretToken', tenant, 'GET /things/{id}']);
      return lambda.stamp as number;
    };
    const first = await stamp('t1');
    assert.equal(await stamp('t1'), first);
    assert.notEqual(await stamp('t2'), first);
    // A missing identity source is 401 before any call.
    assert.equal((await callApi(server, apiId, '/things/3', { headers: { authorization: 'secretToken' } })).status, 401);
  });

  test("ResetAuthorizersCache: the stage's cached answers go, the next request calls the authorizer again", async () => {
    const apiId = await apiWithAuthorizer('simple-auth', { payload: '2.0', simple: true, ttl: 300 });
    const stamp = async () => {
      const res = await callApi(server, apiId, '/things/4', { headers: { authorization: 'secretToken' } });
      assert.equal(res.status, 200, res.text);
      return res.json<Dict>().requestContext.authorizer.lambda.stamp as number;
    };
    const first = await stamp();
    assert.equal(await stamp(), first);
    const reset = await server.v2.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: '$default' }));
    assert.equal(reset.$metadata.httpStatusCode, 204);
    const second = await stamp();
    assert.notEqual(second, first);
    assert.equal(await stamp(), second);
  });
});

describe('AWS_IAM routes', () => {
  test('an unsigned request is 403 Forbidden; a signed one passes with the signer in authorizer.iam', async () => {
    await makeEcho();
    const { apiId, integrationId } = await echoApi('iam');
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /secure', Target: `integrations/${integrationId}`, AuthorizationType: 'AWS_IAM' }));
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    const path = `/_aws/execute-api/${apiId}/secure`;
    const unsigned = await callApi(server, apiId, '/secure');
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.text, '{"message":"Forbidden"}');
    const signed = await signedHttp(server.g.url, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', path });
    assert.equal(signed.status, 200, signed.text);
    const iam = signed.json<Dict>().requestContext.authorizer.iam;
    assert.equal(iam.accessKey, 'AKIDEXAMPLE');
    // Signed for another service: refused.
    const wrong = await signedHttp(server.g.url, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', path, service: 's3' });
    assert.equal(wrong.status, 403);
  });
});
