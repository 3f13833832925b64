/**
 * HTTP and HTTP_PROXY integrations end to end: APIs built with the SDK, deployed, called over
 * HTTP, against a real local backend that echoes what it received (test/helpers/echo-backend.ts)
 * or misbehaves (refuses, hangs, resets, answers garbage).
 */
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type IntegrationType,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { http, type HttpAnswer, type HttpCall } from '../helpers/http.js';
import { closedPort, startEchoBackend, type Echo, type EchoBackend } from '../helpers/echo-backend.js';

interface HttpApiOptions {
  type: IntegrationType;
  uri: string;
  /** The resource path under the root ('' for the root itself), e.g. 'items/{id}' or '{proxy+}'. */
  path?: string;
  method?: string;
  integrationHttpMethod?: string;
  requestParameters?: Record<string, string>;
  methodRequestParameters?: string[];
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  timeoutInMillis?: number;
  variables?: Record<string, string>;
  /** HTTP only: integration responses (default: one default 200). */
  responses?: { statusCode: string; selectionPattern?: string; responseParameters?: Record<string, string> }[];
  tlsInsecure?: boolean;
}

/** Builds and deploys a one-method API (stage `prod`); answers a function that calls it. */
async function httpApi(server: Server, o: HttpApiOptions) {
  const c = server.client;
  const { restApiId, rootId } = await createRestApi(c, `http-${o.type}`);
  let resourceId = rootId;
  for (const part of (o.path ?? '').split('/').filter(Boolean)) {
    resourceId = (await c.send(new CreateResourceCommand({ restApiId, parentId: resourceId, pathPart: part }))).id!;
  }
  const httpMethod = o.method ?? 'ANY';
  const at = { restApiId, resourceId, httpMethod };
  await c.send(
    new PutMethodCommand({
      ...at,
      authorizationType: 'NONE',
      requestParameters: Object.fromEntries((o.methodRequestParameters ?? []).map((p) => [p, false])),
    }),
  );
  await c.send(
    new PutIntegrationCommand({
      ...at,
      type: o.type,
      uri: o.uri,
      integrationHttpMethod: o.integrationHttpMethod ?? 'ANY',
      requestParameters: o.requestParameters,
      requestTemplates: o.requestTemplates,
      passthroughBehavior: o.passthroughBehavior,
      timeoutInMillis: o.timeoutInMillis,
      tlsConfig: o.tlsInsecure ? { insecureSkipVerification: true } : undefined,
    }),
  );
  if (o.type === 'HTTP') {
    for (const r of o.responses ?? [{ statusCode: '200' }]) {
      const headers = Object.keys(r.responseParameters ?? {});
      await c.send(new PutMethodResponseCommand({ ...at, statusCode: r.statusCode, responseParameters: Object.fromEntries(headers.map((h) => [h, false])) }));
      await c.send(new PutIntegrationResponseCommand({ ...at, ...r }));
    }
  }
  await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', variables: o.variables }));
  return {
    restApiId,
    call: (path: string, call: HttpCall = {}): Promise<HttpAnswer> => http(server.g.url, { ...call, path: `/_aws/execute-api/${restApiId}/prod${path}` }),
  };
}

const echoOf = (res: HttpAnswer) => res.json<Echo>();

function tlsAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** An HTTPS endpoint on 127.0.0.1 with a self-signed certificate made for the test. */
async function startSelfSignedEcho(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], {
    stdio: 'ignore',
  });
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const text = JSON.stringify({ path: req.url, secure: true });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

describe('HTTP and HTTP_PROXY integrations', () => {
  const server = useGatehouse({ inMemory: true });
  let backend: EchoBackend;
  before(async () => {
    backend = await startEchoBackend();
  });
  after(async () => {
    await backend.close();
  });

  describe('HTTP_PROXY', () => {
    test('forwards the verb, the greedy path, the query string, the headers and a binary body unchanged', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        path: '{proxy+}',
        uri: `${backend.url}/base/{proxy}`,
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        methodRequestParameters: ['method.request.path.proxy'],
      });
      const body = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13]);
      const res = await api.call('/a/b%20c/test%2Balias@x.com?x=1&x=2&y=z+w&e=%E2%82%AC', {
        method: 'PUT',
        headers: {
          'X-Custom': 'custom',
          'Content-Type': 'application/octet-stream',
          'User-Agent': 'test/integration',
          Cookie: 'a=1; b=2',
          Authorization: 'Bearer not-sigv4',
          'Content-Encoding': 'deflate',
          Via: '1.1 somewhere',
          'X-Forwarded-For': '203.0.113.7',
          'Max-Forwards': '3',
        },
        body,
      });
      assert.equal(res.status, 200);
      const echo = echoOf(res);
      assert.equal(echo.method, 'PUT');
      // The path parameter goes on as the client encoded it.
      assert.equal(echo.path, '/base/a/b%20c/test%2Balias@x.com');
      assert.deepEqual(echo.args, { x: '1,2', y: 'z w', e: '€' });
      assert.equal(Buffer.from(echo.bodyBase64, 'base64').toString('hex'), body.toString('hex'));
      const h = echo.headers;
      assert.equal(h['x-custom'], 'custom');
      assert.equal(h['content-type'], 'application/octet-stream');
      assert.equal(h['user-agent'], 'test/integration');
      assert.equal(h['cookie'], 'a=1; b=2');
      assert.equal(h['authorization'], 'Bearer not-sigv4', "a caller's own Authorization goes on (it is no SigV4 for Gatehouse to check)");
      assert.equal(h['content-length'], String(body.length));
      assert.equal(h['host'], `127.0.0.1:${backend.port}`);
      assert.equal(h['accept'], 'application/json', 'AWS adds Accept: application/json when the client sent none');
      assert.equal(h['x-amzn-apigateway-api-id'], api.restApiId);
      assert.match(h['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
      assert.equal(h['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
      for (const dropped of ['content-encoding', 'via', 'max-forwards']) assert.equal(h[dropped], undefined, `${dropped} is not forwarded`);
    });

    test('ANY forwards the client verb; a GET sends no body', async () => {
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/any` });
      for (const method of ['GET', 'POST', 'DELETE', 'PATCH']) {
        // node:http frames a DELETE body only with an explicit Content-Length.
        const res = await api.call('/', { method, body: method === 'GET' ? undefined : 'x', headers: method === 'GET' ? {} : { 'Content-Length': '1' } });
        assert.equal(echoOf(res).method, method);
        assert.equal(echoOf(res).body, method === 'GET' ? '' : 'x');
      }
      const head = await api.call('/', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.body.length, 0);
    });

    test('an integration verb other than ANY replaces the client verb', async () => {
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/post`, integrationHttpMethod: 'POST' });
      const res = await api.call('/', { method: 'GET' });
      assert.equal(echoOf(res).method, 'POST');
    });

    test("the endpoint's answer comes back as it is: status, binary body, repeated Set-Cookie, AWS's remapped headers", async () => {
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/respond` });
      const payload = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff, 0x10]);
      const spec = {
        status: 418,
        chunked: true,
        bodyBase64: payload.toString('base64'),
        headers: [
          ['Content-Type', 'image/png'],
          ['Set-Cookie', 'a=1; Path=/'],
          ['Set-Cookie', 'b=2; HttpOnly'],
          ['X-Custom', 'one'],
          ['X-Custom', 'two'],
          ['Server', 'echo/1.0'],
          ['WWW-Authenticate', 'Basic realm="x"'],
          ['Authorization', 'token'],
          ['x-amzn-RequestId', 'upstream-id'],
          ['Via', '1.1 upstream'],
          ['Content-Encoding', 'identity'],
        ],
      };
      const res = await api.call('/', { headers: { 'x-respond': JSON.stringify(spec) } });
      assert.equal(res.status, 418);
      assert.equal(res.body.toString('hex'), payload.toString('hex'));
      assert.equal(res.headers['content-type'], 'image/png');
      assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
      assert.equal(res.headers['x-custom'], 'one, two');
      assert.equal(res.headers['content-encoding'], 'identity');
      assert.equal(res.headers['x-amzn-remapped-server'], 'echo/1.0');
      assert.equal(res.headers['x-amzn-remapped-www-authenticate'], 'Basic realm="x"');
      assert.equal(res.headers['x-amzn-remapped-authorization'], 'token');
      assert.equal(res.headers['x-amzn-remapped-x-amzn-requestid'], 'upstream-id');
      assert.equal(res.headers['x-amzn-remapped-connection'], 'keep-alive');
      assert.ok(res.headers['x-amzn-remapped-date'], 'the endpoint Date is kept as x-amzn-Remapped-Date');
      assert.ok(res.headers['date']);
      assert.notEqual(res.headers['x-amzn-requestid'], 'upstream-id');
      assert.equal(res.headers['x-amzn-trace-id'], undefined, 'HTTP_PROXY adds no trace header of its own');
      assert.equal(res.headers['server'], undefined);
      assert.equal(res.headers['www-authenticate'], undefined);
      assert.equal(res.headers['via'], undefined);
      assert.equal(res.headers['transfer-encoding'], undefined, 'a chunked answer is re-framed with a Content-Length');
      assert.equal(res.headers['content-length'], String(payload.length));
      // AWS spells the renamed headers x-amzn-Remapped-{Name}.
      assert.ok(res.rawHeaders.includes('x-amzn-Remapped-Server'));
    });

    test('request parameter mappings merge into what the client sent (recorded data-mappings scenario)', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        path: '{pathVariable}',
        uri: `${backend.url}/?testVar={pathVar}&testQs={qsVar}`,
        requestParameters: {
          'integration.request.header.headerVar': 'method.request.header.foobar',
          'integration.request.path.qsVar': 'method.request.querystring.testVar',
          'integration.request.path.pathVar': 'method.request.path.pathVariable',
          'integration.request.querystring.queryString': 'method.request.querystring.testQueryString',
          'integration.request.querystring.testQs': 'method.request.querystring.testQueryString',
          'integration.request.querystring.testEmptyQs': 'method.request.header.emptyheader',
        },
        methodRequestParameters: [
          'method.request.header.foobar',
          'method.request.querystring.testVar',
          'method.request.path.pathVariable',
          'method.request.querystring.testQueryString',
          'method.request.header.emptyheader',
        ],
        integrationHttpMethod: 'POST',
        method: 'POST',
      });
      const res = await api.call('/foobar?testQueryString=foo&testVar=bar', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', foobar: 'mapped-value', headerVar: 'request-value' },
        body: JSON.stringify({ message: 'hello world' }),
      });
      assert.equal(res.status, 200);
      const echo = echoOf(res);
      assert.deepEqual(echo.args, { testVar: 'foobar,bar', testQs: 'bar,foo', testQueryString: 'foo', queryString: 'foo' });
      assert.equal(echo.headers['headervar'], 'mapped-value');
      assert.equal(echo.headers['foobar'], 'mapped-value');
      assert.deepEqual(echo.data, { message: 'hello world' });
    });
  });

  describe('HTTP', () => {
    test('sends only mapped headers and AWS defaults, the request template as body, and selects the integration response by status', async () => {
      const api = await httpApi(server, {
        type: 'HTTP',
        path: 'items/{id}',
        method: 'POST',
        integrationHttpMethod: 'PUT',
        uri: `${backend.url}/status/{code}/items/{id}`,
        requestParameters: {
          'integration.request.path.id': 'method.request.path.id',
          'integration.request.path.code': 'method.request.querystring.code',
          'integration.request.header.X-Mapped': 'method.request.header.x-client',
          'integration.request.header.X-Static': "'static value'",
          'integration.request.header.X-Request-Id': 'context.requestId',
          'integration.request.querystring.q': 'method.request.multivaluequerystring.q',
          'integration.request.querystring.stage': 'context.stage',
        },
        methodRequestParameters: ['method.request.path.id', 'method.request.querystring.code', 'method.request.header.x-client', 'method.request.multivaluequerystring.q'],
        requestTemplates: { 'application/json': '{"id": "$input.params(\'id\')", "name": $input.json(\'$.name\')}' },
        responses: [
          { statusCode: '200', responseParameters: { 'method.response.header.X-Upstream-Status': "'ok'" } },
          { statusCode: '400', selectionPattern: '4\\d{2}' },
        ],
      });
      const res = await api.call('/items/a%20b?code=201&q=1&q=two%20words', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-client': 'hello', Accept: 'text/plain', 'User-Agent': 'client/1' },
        body: JSON.stringify({ name: 'widget' }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-upstream-status'], 'ok');
      const echo = echoOf(res);
      assert.equal(echo.method, 'PUT');
      assert.equal(echo.path, '/status/201/items/a%20b');
      assert.deepEqual(echo.args, { q: '1,two words', stage: 'prod' });
      assert.deepEqual(echo.data, { id: 'a%20b', name: 'widget' });
      const h = echo.headers;
      assert.equal(h['x-mapped'], 'hello');
      assert.equal(h['x-static'], 'static value');
      assert.equal(h['x-request-id'], res.headers['x-amzn-requestid']);
      assert.equal(h['accept'], 'application/json', 'HTTP sends Accept: application/json, not the client one');
      assert.equal(h['user-agent'], `AmazonAPIGateway_${api.restApiId}`);
      assert.equal(h['content-type'], 'application/json');
      assert.equal(h['x-client'], undefined, 'unmapped client headers stay behind');
      assert.equal(h['x-amzn-apigateway-api-id'], api.restApiId);
      assert.equal(h['x-forwarded-for'], undefined);
      assert.equal(h['x-amzn-trace-id'], res.headers['x-amzn-trace-id']);

      const notFound = await api.call('/items/1?code=404', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(notFound.status, 400, '4\\d{2} selects the 400 integration response');
    });

    test('a GET integration sends no body; a POST without a body sends Content-Length: 0', async () => {
      const get = await httpApi(server, { type: 'HTTP', integrationHttpMethod: 'GET', method: 'POST', uri: `${backend.url}/get` });
      const a = echoOf(await get.call('/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }));
      assert.equal(a.method, 'GET');
      assert.equal(a.body, '');
      const post = await httpApi(server, { type: 'HTTP', integrationHttpMethod: 'POST', method: 'GET', uri: `${backend.url}/post` });
      const b = echoOf(await post.call('/'));
      assert.equal(b.method, 'POST');
      assert.equal(b.headers['content-length'], '0');
      assert.equal(b.headers['content-type'], undefined, 'a GET client sends no Content-Type on');
    });

    test('a template requestOverride sets path variables, query strings and headers', async () => {
      const api = await httpApi(server, {
        type: 'HTTP',
        method: 'POST',
        integrationHttpMethod: 'POST',
        uri: `${backend.url}/over/{target}`,
        requestTemplates: {
          'application/json': [
            '#set($context.requestOverride.path.target = "from-template")',
            '#set($context.requestOverride.querystring.page = "2")',
            '#set($context.requestOverride.header.X-Override = "yes")',
            '{}',
          ].join('\n'),
        },
      });
      const echo = echoOf(await api.call('/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }));
      assert.equal(echo.path, '/over/from-template');
      assert.deepEqual(echo.args, { page: '2' });
      assert.equal(echo.headers['x-override'], 'yes');
    });

    test('passthroughBehavior NEVER refuses a content type without a template (415)', async () => {
      const api = await httpApi(server, {
        type: 'HTTP',
        method: 'POST',
        integrationHttpMethod: 'POST',
        uri: `${backend.url}/never`,
        passthroughBehavior: 'NEVER',
        requestTemplates: { 'application/json': '{}' },
      });
      const res = await api.call('/', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      assert.equal(res.status, 415);
      assert.deepEqual(res.json(), { message: 'Unsupported Media Type' });
      assert.equal(backend.requests > 0, true);
    });
  });

  describe('URIs, mappings and stage variables', () => {
    test('stage variables stand anywhere in the URI, the host included', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        uri: 'http://${stageVariables.host}/${stageVariables.base}/x?from=${stageVariables.base}',
        variables: { host: `127.0.0.1:${backend.port}`, base: 'v1' },
      });
      const echo = echoOf(await api.call('/?more=1'));
      assert.equal(echo.path, '/v1/x');
      assert.deepEqual(echo.args, { from: 'v1', more: '1' });
    });

    test('a path variable no mapping fills is a configuration error (500)', async () => {
      const api = await httpApi(server, { type: 'HTTP_PROXY', path: '{id}', uri: `${backend.url}/items/{id}` });
      const before = backend.requests;
      const res = await api.call('/42');
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
      assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
      assert.equal(backend.requests, before, 'nothing was sent');
    });

    test('a path value from a query string is encoded, % included', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        uri: `${backend.url}/p/{v}`,
        requestParameters: { 'integration.request.path.v': 'method.request.querystring.v' },
        methodRequestParameters: ['method.request.querystring.v'],
      });
      const echo = echoOf(await api.call('/?v=100%25%20sure%2Fok%E2%82%AC'));
      assert.equal(echo.path, '/p/100%25%20sure/ok%E2%82%AC');
    });

    test('mapping Content-Length, Transfer-Encoding or X-Amzn-Trace-Id fails the request (500)', async () => {
      for (const header of ['Content-Length', 'Transfer-Encoding', 'X-Amzn-Trace-Id']) {
        const api = await httpApi(server, { type: 'HTTP', uri: `${backend.url}/x`, requestParameters: { [`integration.request.header.${header}`]: "'1'" } });
        const res = await api.call('/');
        assert.equal(res.status, 500, header);
        assert.deepEqual(res.json(), { message: 'Internal server error' });
      }
    });

    test('a mapped Host is sent; a mapped Via, TE or Connection is not', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        uri: `${backend.url}/host`,
        requestParameters: {
          'integration.request.header.Host': "'example.com'",
          'integration.request.header.Via': "'1.1 mapped'",
          'integration.request.header.TE': "'gzip'",
          'integration.request.header.Server': "'mapped-server'",
        },
      });
      const h = echoOf(await api.call('/')).headers;
      assert.equal(h['host'], 'example.com');
      assert.equal(h['server'], 'mapped-server');
      assert.equal(h['via'], undefined);
      assert.equal(h['te'], undefined);
    });

    test('method.request.body, a JSONPath into it, multi-value headers and the source IP map', async () => {
      const api = await httpApi(server, {
        type: 'HTTP',
        method: 'POST',
        integrationHttpMethod: 'POST',
        uri: `${backend.url}/body`,
        requestParameters: {
          'integration.request.header.X-Name': 'method.request.body.pets[0].name',
          'integration.request.header.X-Pet': 'method.request.body.pets[1]',
          'integration.request.querystring.count': 'method.request.body.count',
          'integration.request.header.X-Whole': 'method.request.body',
          'integration.request.header.X-Multi': 'method.request.multivalueheader.x-multi',
          'integration.request.header.X-Ip': 'context.identity.sourceIp',
          'integration.request.header.X-Missing': 'method.request.body.nothing.here',
        },
        methodRequestParameters: ['method.request.header.x-multi'],
      });
      const body = JSON.stringify({ pets: [{ name: 'Rex' }, { name: 'Tom', age: 3 }], count: 2 });
      const echo = echoOf(await api.call('/', { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-multi': ['a', 'b'] }, body }));
      const h = echo.headers;
      assert.equal(h['x-name'], 'Rex');
      assert.deepEqual(JSON.parse(h['x-pet']), { name: 'Tom', age: 3 });
      assert.deepEqual(echo.args, { count: '2' });
      assert.equal(h['x-whole'], body);
      assert.equal(h['x-multi'], 'a,b');
      assert.equal(h['x-ip'], '127.0.0.1');
      assert.equal(h['x-missing'], undefined);
    });

    test('a body mapping over a body that starts like JSON but is not answers 400', async () => {
      const api = await httpApi(server, {
        type: 'HTTP_PROXY',
        uri: `${backend.url}/bad-json`,
        requestParameters: { 'integration.request.header.X-Name': 'method.request.body.name' },
      });
      const bad = await api.call('/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name": ' });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json(), { message: 'Invalid JSON in request body' });
      const text = await api.call('/', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'plain text' });
      assert.equal(text.status, 200, 'a body that does not look like JSON reads as {}');
      assert.equal(echoOf(text).headers['x-name'], undefined);
    });
  });

  describe('an endpoint that misbehaves', () => {
    test('a refused connection answers 500 Internal server error', async () => {
      const port = await closedPort();
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `http://127.0.0.1:${port}/x` });
      const res = await api.call('/');
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
      assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
    });

    test('no answer within timeoutInMillis answers 504 Endpoint request timed out', async () => {
      for (const type of ['HTTP_PROXY', 'HTTP'] as const) {
        const api = await httpApi(server, { type, uri: `${backend.url}/hang`, timeoutInMillis: 300 });
        const started = Date.now();
        const res = await api.call('/');
        const took = Date.now() - started;
        assert.equal(res.status, 504, type);
        assert.deepEqual(res.json(), { message: 'Endpoint request timed out' });
        assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
        assert.ok(took >= 290 && took < 1200, `${type} answered after ${took} ms`);
      }
    });

    test('a connection reset and an answer that is not HTTP answer 500', async () => {
      for (const path of ['reset', 'garbage']) {
        const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/${path}` });
        const res = await api.call('/');
        assert.equal(res.status, 500, path);
        assert.deepEqual(res.json(), { message: 'Internal server error' });
      }
    });

    test('an answer over 10 MB answers 500; one of 10 MB passes', async () => {
      const limit = 10 * 1024 * 1024;
      const ok = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/bytes/${limit}` });
      const fits = await ok.call('/');
      assert.equal(fits.status, 200);
      assert.equal(fits.body.length, limit);
      const over = await httpApi(server, { type: 'HTTP_PROXY', uri: `${backend.url}/bytes/${limit + 1}` });
      const res = await over.call('/');
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
    });

    test('a stage variable that leaves the URI without a host answers 500', async () => {
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: 'http://${stageVariables.host}/x', variables: { other: 'x' } });
      const res = await api.call('/');
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
    });

    test('an endpoint certificate that does not verify answers 500 unless tlsConfig.insecureSkipVerification', { skip: !tlsAvailable() && 'openssl is not installed' }, async () => {
      const tls = await startSelfSignedEcho();
      try {
        const strict = await httpApi(server, { type: 'HTTP_PROXY', uri: `${tls.url}/secure` });
        const refused = await strict.call('/');
        assert.equal(refused.status, 500);
        assert.deepEqual(refused.json(), { message: 'Internal server error' });
        const insecure = await httpApi(server, { type: 'HTTP_PROXY', uri: `${tls.url}/secure`, tlsInsecure: true });
        const res = await insecure.call('/');
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { path: '/secure', secure: true });
      } finally {
        await tls.close();
      }
    });

    test('a host name that does not resolve answers 500', async () => {
      const api = await httpApi(server, { type: 'HTTP', uri: 'http://gatehouse-no-such-host.invalid/x' });
      const res = await api.call('/');
      assert.equal(res.status, 500);
      assert.deepEqual(res.json(), { message: 'Internal server error' });
    });
  });

  test('connections to an endpoint are kept alive and reused', async () => {
    const own = await startEchoBackend();
    try {
      const api = await httpApi(server, { type: 'HTTP_PROXY', uri: `${own.url}/keep` });
      for (let i = 0; i < 20; i++) assert.equal((await api.call('/')).status, 200);
      assert.equal(own.requests, 20);
      assert.equal(own.connections, 1);
    } finally {
      await own.close();
    }
  });
});
