/**
 * Bad input to HTTP APIs (issue 7): malformed route keys and conflicting routes get AWS's
 * BadRequestException / ConflictException and change nothing, wherever a key comes in (CreateRoute,
 * UpdateRoute, quick create); invalid JWTs of every kind the other tests leave out get 401
 * {"message":"Unauthorized"}; malformed request paths and query strings are answered, never a
 * 500 or a crash. Complements routes.test.ts (control plane) and authorizers.test.ts (JWT).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSign, KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  GetApisCommand,
  GetRouteCommand,
  GetRoutesCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.js';
import { callApi, ECHO_EVENT, invocationUri, nodeFunction, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
type Dict = Record<string, any>;

/** The AWS error a rejected SDK call carries. */
async function awsError(call: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  assert.fail('the call succeeded');
}

const BAD_FORMAT = /not formatted properly for HTTP protocol/;

describe('malformed route keys', () => {
  let apiId: string;
  before(async () => {
    apiId = (await server.v2.send(new CreateApiCommand({ Name: 'bad-keys', ProtocolType: 'HTTP' }))).ApiId!;
  });

  test('CreateRoute: whitespace, empty and broken variables are BadRequestException; nothing is created', async () => {
    const empty = await awsError(server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '' })));
    assert.deepEqual([empty.name, empty.status, empty.message], ['BadRequestException', 400, 'Route key is required']);
    for (const key of [' ', 'GET  /pets', ' GET /pets', 'GET /pets ', 'GET\t/pets', 'ANY', '$DEFAULT', 'GET /{}', 'GET /{proxy++}', 'GET /{a b}', 'GET /pets/{id}x', 'GET /pets/{id']) {
      const e = await awsError(server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key })));
      assert.equal(e.name, 'BadRequestException', JSON.stringify(key));
      assert.equal(e.status, 400, JSON.stringify(key));
      assert.match(e.message, BAD_FORMAT, JSON.stringify(key));
    }
    assert.equal((await server.v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items!.length, 0);
  });

  test('UpdateRoute to a malformed or conflicting key is refused and the route keeps its key', async () => {
    const route = await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /orders/{orderId}' }));
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /carts/{cartId}' }));
    const malformed = await awsError(server.v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, RouteKey: 'GET orders' })));
    assert.equal(malformed.name, 'BadRequestException');
    assert.match(malformed.message, BAD_FORMAT);
    const conflicting = await awsError(server.v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, RouteKey: 'POST /carts/{id}' })));
    assert.equal(conflicting.name, 'ConflictException');
    assert.equal(conflicting.status, 409);
    assert.equal(conflicting.message, 'The provided route key "POST /carts/{id}" has a conflicting variable on the same hierarchical level as "GET /carts/{cartId}"');
    assert.equal((await server.v2.send(new GetRouteCommand({ ApiId: apiId, RouteId: route.RouteId }))).RouteKey, 'GET /orders/{orderId}');
  });

  test('quick create with a malformed RouteKey creates no API', async () => {
    const before = (await server.v2.send(new GetApisCommand({}))).Items!.length;
    const e = await awsError(server.v2.send(new CreateApiCommand({ Name: 'bad-quick', ProtocolType: 'HTTP', Target: 'https://example.com', RouteKey: 'GET pets' })));
    assert.equal(e.name, 'BadRequestException');
    assert.match(e.message, BAD_FORMAT);
    assert.equal((await server.v2.send(new GetApisCommand({}))).Items!.length, before);
  });
});

describe('routes that share a place in the path', () => {
  let backend: EchoBackend;
  before(async () => {
    backend = await startEchoBackend();
  });
  after(async () => {
    await backend?.close();
  });

  test('greedy variables named differently per method each get their own name', async () => {
    const apiId = (await server.v2.send(new CreateApiCommand({ Name: 'greedy-names', ProtocolType: 'HTTP' }))).ApiId!;
    // Each route's integration maps its own path variable to a header the echo backend shows.
    for (const [method, name] of [
      ['GET', 'path'],
      ['PUT', 'key'],
    ] as const) {
      const integration = await server.v2.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `${backend.url}/echo`,
          PayloadFormatVersion: '1.0',
          RequestParameters: { 'overwrite:header.x-variable': `$request.path.${name}` },
        }),
      );
      await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: `${method} /files/{${name}+}`, Target: `integrations/${integration.IntegrationId}` }));
    }
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    for (const method of ['GET', 'PUT']) {
      const res = await callApi(server, apiId, '/files/a/b.txt', { method, headers: method === 'PUT' ? { 'content-length': '0' } : {} });
      assert.equal(res.status, 200, `${method}: ${res.text}`);
      assert.equal(res.json<{ headers: Record<string, string> }>().headers['x-variable'], 'a/b.txt', method);
    }
  });
});

describe('invalid JWTs the other tests leave out', () => {
  let issuerServer: Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let apiId: string;

  before(async () => {
    await nodeFunction(server, 'bad-input-echo', ECHO_EVENT);
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuerServer = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
      else if (req.url === '/keys') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    apiId = (await server.v2.send(new CreateApiCommand({ Name: 'bad-jwt', ProtocolType: 'HTTP' }))).ApiId!;
    const integration = await server.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri('bad-input-echo'), PayloadFormatVersion: '2.0' }));
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'oidc', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: issuer, Audience: ['my-api'] } }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /me', Target: `integrations/${integration.IntegrationId}`, AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId }));
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
  });

  after(async () => {
    issuerServer?.closeAllConnections();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  /** A token signed here, for headers jose's SignJWT refuses to write. */
  const signed = (header: Dict, claims: Dict) => {
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(KeyObject.from(privateKey)).toString('base64url')}`;
  };
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const sign = (claims: Dict, header: Dict = {}) =>
    new SignJWT({ aud: 'my-api', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).setIssuedAt().setIssuer(issuer).setExpirationTime('5m').sign(privateKey);

  test('each is 401 Unauthorized, and a valid token still passes afterwards', async () => {
    const valid = await sign({ sub: 'u1' });
    const [head, payload, signature] = valid.split('.');
    const cases: Record<string, string> = {
      'Bearer and nothing': 'Bearer ',
      'Bearer alone': 'Bearer',
      'two parts': `${head}.${payload}`,
      'four parts': `${valid}.x`,
      'header not JSON': `${b64('{"alg":"RS256",')}.${payload}.${signature}`,
      'header not base64url': `!!!.${payload}.${signature}`,
      'payload not JSON': `${head}.${b64('not json')}.${signature}`,
      'payload a JSON array': `${head}.${b64([1, 2])}.${signature}`,
      'signature removed': `${head}.${payload}.`,
      'signature garbage': `${head}.${payload}.${b64('x'.repeat(256))}`,
      'unknown kid': await sign({}, { kid: 'nobody' }),
      'exp not a number': await new SignJWT({ aud: 'my-api', exp: 'tomorrow' as unknown as number }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).sign(privateKey),
      'no iss': await new SignJWT({ aud: 'my-api' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey),
      'alg in header differs from the key (RS512)': `${b64({ alg: 'RS512', kid: 'k1' })}.${payload}.${signature}`,
      'crit header not understood': signed({ alg: 'RS256', kid: 'k1', crit: ['x-unknown'], 'x-unknown': 1 }, JSON.parse(Buffer.from(payload, 'base64url').toString())),
      'a very long garbage token': 'a'.repeat(10_000),
      'latin-1 bytes': 'tökén.tökén.tökén',
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await callApi(server, apiId, '/me', { headers: { authorization: token } });
      assert.equal(res.status, 401, `${name}: ${res.text}`);
      assert.equal(res.text, '{"message":"Unauthorized"}', name);
    }
    const ok = await callApi(server, apiId, '/me', { headers: { authorization: valid } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json<Dict>().requestContext.authorizer.jwt.claims.sub, 'u1');
  });
});

describe('malformed requests', () => {
  test('broken percent-encodings, odd query strings and long paths are answered, never 500', async () => {
    const { ApiId } = await server.v2.send(new CreateApiCommand({ Name: 'bad-requests', ProtocolType: 'HTTP', Target: 'http://127.0.0.1:1' }));
    const apiId = ApiId!;
    // The quick-created $default route's backend refuses connections: only that is a 500 here.
    const rest = await server.v2.send(new CreateApiCommand({ Name: 'bad-requests-routes', ProtocolType: 'HTTP' }));
    await server.v2.send(new CreateRouteCommand({ ApiId: rest.ApiId!, RouteKey: 'GET /items/{id}' }));
    await server.v2.send(new CreateStageCommand({ ApiId: rest.ApiId!, StageName: '$default', AutoDeploy: true }));
    for (const path of ['/items/%E0%A4%A', '/items/%', '/items/%zz?a=%zz&b', '/items/x?%%%=&&=', `/items/${'a'.repeat(8000)}`, '/items/../items/1', '/%2e%2e/items/1', '/items//1']) {
      const res = await callApi(server, rest.ApiId!, path);
      // A route without an integration is 404 Not Found; other paths match nothing: also 404.
      assert.equal(res.status, 404, `${path}: ${res.text}`);
      assert.equal(res.text, '{"message":"Not Found"}', path);
    }
    const refused = await callApi(server, apiId, '/%E0%A4%A?%zz');
    assert.equal(refused.status, 500, refused.text);
    assert.equal(refused.text, '{"message":"Internal Server Error"}');
  });
});
