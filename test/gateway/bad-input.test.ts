/**
 * Bad input on the data plane that the fuzz test (test/fuzz/data-plane.test.ts) found answered
 * wrongly, each pinned down here:
 *  - a query parameter or header named like an Object.prototype member (`constructor`,
 *    `__proto__`, `toString`) crashed the method request stage: 500 instead of the answer;
 *  - a header mapped from the body with a character HTTP cannot carry (past ISO-8859-1, a line
 *    break) failed the endpoint request: 500 instead of the request sent with '?' for it;
 *  - an endpoint's 204 or 304 naming a Content-Length (as Node's own server does) failed the
 *    exchange: 500 instead of the 204 or 304.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi } from '../helpers/deployed-api.js';
import { startEchoBackend, type Echo, type EchoBackend } from '../helpers/echo-backend.js';

/** ANY /proxy/{proxy+} -> HTTP_PROXY to the echo backend's /{proxy}. */
const proxyRoute = () => ({
  path: '/proxy/{proxy+}',
  httpMethod: 'ANY',
  requestParameters: { 'method.request.path.proxy': true },
  integration: { type: 'HTTP_PROXY' as const, integrationHttpMethod: 'ANY', uri: `${echo.url}/{proxy}`, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } },
  responses: [],
});

const OK_MOCK = { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } };

let echo: EchoBackend;

describe('bad input on the data plane', () => {
  const server = useGatehouse({ inMemory: true });
  before(async () => {
    echo = await startEchoBackend();
  });
  after(async () => {
    await echo.close();
  });

  test('parameters named constructor, __proto__ or toString are data: templates, mappings and gateway responses read them', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/params',
          integration: OK_MOCK,
          responses: [
            {
              statusCode: '200',
              responseTemplates: { 'application/json': `{"constructor": "$input.params('constructor')", "toString": "$input.params('toString')", "header": "$input.params('Constructor')"}` },
            },
          ],
        },
        proxyRoute(),
        {
          path: '/mapped',
          requestParameters: { 'method.request.multivaluequerystring.constructor': false, 'method.request.header.toString': false },
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'GET',
            uri: `${echo.url}/mapped`,
            requestParameters: {
              'integration.request.header.X-Constructor': 'method.request.multivaluequerystring.constructor',
              'integration.request.querystring.toString': 'method.request.header.toString',
            },
          },
          responses: [{ statusCode: '200' }],
        },
      ],
      gatewayResponses: [{ responseType: 'MISSING_AUTHENTICATION_TOKEN', responseParameters: { 'gatewayresponse.header.X-Constructor': 'method.request.querystring.constructor' } }],
    });

    const res = await api.call('/params?constructor=a&toString=b&constructor=c&__proto__=d&hasOwnProperty=e', { headers: { Constructor: 'h', ['__proto__']: 'p' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { constructor: 'c', toString: 'b', header: 'h' });

    const mapped = await api.call('/mapped?constructor=a&constructor=c', { headers: { toString: 't' } });
    assert.equal(mapped.status, 200, mapped.text);
    assert.equal(mapped.json<Echo>().headers['x-constructor'], 'a,c');
    assert.equal(mapped.json<Echo>().query, 'toString=t');

    // The error path: a gateway response with mappings parses the method request itself.
    const missing = await api.call('/nothing?constructor=x&__proto__=y');
    assert.equal(missing.status, 403, missing.text);
    assert.deepEqual(missing.json(), { message: 'Missing Authentication Token' });
    assert.equal(missing.headers['x-constructor'], 'x');

    // HTTP_PROXY forwards the client's query string, every parameter of it.
    const proxied = await api.call('/proxy/echo?constructor=1&__proto__=2&toString=3&constructor=4');
    assert.equal(proxied.status, 200, proxied.text);
    assert.equal(proxied.json<Echo>().query, 'constructor=1&constructor=4&__proto__=2&toString=3');
  });

  test('a mapped header value HTTP cannot carry reaches the endpoint with ? for each such character', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/mapped',
          httpMethod: 'POST',
          integration: { type: 'HTTP', integrationHttpMethod: 'POST', uri: `${echo.url}/mapped`, requestParameters: { 'integration.request.header.X-From-Body': 'method.request.body.x' } },
          responses: [{ statusCode: '200' }],
        },
      ],
    });
    for (const [x, sent] of [
      ['añb€c', 'añb?c'], // ñ is ISO-8859-1 and goes as is; € is not
      ['line\nbreak\u0000', 'line?break?'],
      ['😀', '??'], // one character, two UTF-16 units: two '?' as from Java
      ['\ud800', '?'],
    ]) {
      const res = await api.call('/mapped', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x }) });
      assert.equal(res.status, 200, `${JSON.stringify(x)}: ${res.text}`);
      assert.equal(res.json<Echo>().headers['x-from-body'], sent, JSON.stringify(x));
    }
  });

  test("an endpoint's 204 or 304 naming a Content-Length is answered as it is, without a body", async () => {
    const api = await deployApi(server, {
      methods: [
        proxyRoute(),
        {
          path: '/http',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: `${echo.url}/status/204` },
          responses: [{ statusCode: '200', selectionPattern: '204', responseTemplates: { 'application/json': '{"mapped": true}' } }],
        },
      ],
    });
    for (const status of [204, 304]) {
      // The echo backend writes `Content-Length: {its JSON's length}`; Node sends no body for these statuses.
      const res = await api.call(`/proxy/status/${status}`);
      assert.equal(res.status, status, res.text);
      assert.equal(res.body.length, 0);
    }
    // Through an HTTP integration the 204 selects its integration response like any status.
    const mapped = await api.call('/http');
    assert.equal(mapped.status, 200, mapped.text);
    assert.deepEqual(mapped.json(), { mapped: true });
  });
});
