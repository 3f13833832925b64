/**
 * Fuzzes the REST data plane - listener, classifier, route, method request, mapping templates,
 * parameter mappings, binary conversions, MOCK / HTTP / HTTP_PROXY integrations, gateway
 * responses, canary split - with broken requests against one API that uses all of them: random
 * and odd methods, paths with %-garbage, `..`, `//`, unicode and huge segments, garbage query
 * strings, Content-Type and Accept variants, huge and repeated headers, malformed JSON, deep
 * nesting, 1e400, binary bytes, bodies up to 1 MB and one just over 10 MB; a few malformed
 * requests go over a raw socket. Whatever arrives, an answer comes within a bounded time, a 5XX
 * only where the pipeline answers one by design, every error body is AWS's JSON with a message
 * (or the API's own gateway response), no stack trace anywhere, and Gatehouse stays up.
 * Issue 3: "Bad input on the data plane ... gets AWS's error response, never a crash or a hang."
 * Fixed seed: a failure names the case that reproduces it; FUZZ_ONLY=12,345 sends only those cases
 * and prints their answers, FUZZ_STATS=1 (or =bodies) prints what each route answered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway';
import { MAX_PAYLOAD } from '../../src/gateway/index.js';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, type ApiSpec } from '../helpers/deployed-api.js';
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.js';
import { mulberry32, nastyString, randomJson, type Rng } from './prng.js';

// FUZZ_SEED / FUZZ_CASES explore further; the defaults are what CI runs.
const SEED = Number(process.env.FUZZ_SEED ?? 0xda7a);
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
/** No answer within this is a hang. */
const TIMEOUT_MS = 10_000;
/** The HTTP_PROXY route's integration timeout: /proxy/hang answers 504 after it. */
const PROXY_TIMEOUT_MS = 1_000;
const STAGE = 'fuzz';

let echo: EchoBackend;
let apiId: string;

/**
 * Every route, what it exercises, and whether a 5XX is one of its answers by design:
 *  /mock (ANY)        MOCK; request template `$input.json('$')` (a body that is not JSON is 400),
 *                     `$context.responseOverride.status`; response template `$input.params()`,
 *                     `#foreach`, `$util.escapeJavaScript`, stage variables, `$context`.
 *                     Request templates for JSON and text only, WHEN_NO_TEMPLATES: other types 415.
 *  /mock/{id} (GET)   `$input.params('id')`, `$util.base64Decode`, `$util.urlDecode` (a malformed
 *                     %-escape in `u` throws as Java's URLDecoder does: 500).
 *  /parse (POST)      `$input.path('$.a.b')`, `$util.parseJson($input.body)`, a response header from
 *                     the body through responseOverride.
 *  /broken (GET,POST) a template with an unclosed #if: always 500.
 *  /http (POST)       HTTP to the echo backend; header, query string and `method.request.body.x`
 *                     mappings; a response template over the echo; a response header from its body.
 *  /proxy/{proxy+}    HTTP_PROXY to the echo backend: /hang is 504, /reset and /garbage 500,
 *                     /status/{n} answers n with the echo's body.
 *  /binary/text       HTTP with CONVERT_TO_TEXT (binary bodies reach the echo base64-encoded); a
 *                     binary Accept base64-decodes the echo's JSON, which fails: 500.
 *  /binary/bin        HTTP with CONVERT_TO_BINARY: a text body that is not base64 is 500.
 * Gateway responses: MISSING_AUTHENTICATION_TOKEN is 404 with a header from `context.path`;
 * UNSUPPORTED_MEDIA_TYPE has a body of its own (no `message`). A canary answers 30 % of requests.
 */
function apiSpec(echoUrl: string): ApiSpec {
  const ok = '{"statusCode": 200}';
  return {
    name: 'data-plane-fuzz',
    binaryMediaTypes: ['application/octet-stream', 'image/*'],
    stageVariables: { greeting: 'hello' },
    methods: [
      {
        path: '/mock',
        httpMethod: 'ANY',
        integration: {
          type: 'MOCK',
          passthroughBehavior: 'WHEN_NO_TEMPLATES',
          requestTemplates: {
            'application/json': `#set($body = $input.json('$'))#if($input.params('override') == 'teapot')#set($context.responseOverride.status = 418)#end${ok}`,
            'text/plain': ok,
          },
        },
        responses: [
          {
            statusCode: '200',
            responseTemplates: {
              'application/json':
                '#set($p = $input.params())\n{"stage": "$context.stage", "greeting": "$stageVariables.greeting", "canary": "$context.isCanaryRequest", ' +
                '"method": "$context.httpMethod", "resource": "$context.resourcePath", ' +
                '"query": {#foreach($k in $p.querystring.keySet())"$util.escapeJavaScript($k)": "$util.escapeJavaScript($p.querystring.get($k))"#if($foreach.hasNext), #end#end}, ' +
                '"headers": $p.header.size()}',
            },
          },
        ],
      },
      {
        path: '/mock/{id}',
        integration: { type: 'MOCK', requestTemplates: { 'application/json': ok } },
        responses: [
          {
            statusCode: '200',
            responseTemplates: {
              'application/json':
                `{"id": "$util.escapeJavaScript($input.params('id'))", "decoded": "$util.escapeJavaScript($util.base64Decode($input.params('b64')))", ` +
                `"url": "$util.escapeJavaScript($util.urlDecode($input.params('u')))"}`,
            },
          },
        ],
      },
      {
        path: '/parse',
        httpMethod: 'POST',
        integration: {
          type: 'MOCK',
          requestTemplates: {
            'application/json': `#set($ab = $input.path('$.a.b'))#set($parsed = $util.parseJson($input.body))#set($context.responseOverride.header.X-Ab = "$ab")${ok}`,
          },
        },
        responses: [{ statusCode: '200', responseTemplates: { 'application/json': '[#foreach($i in [1..3])$i#if($foreach.hasNext),#end#end]' } }],
      },
      ...['GET', 'POST'].map((httpMethod) => ({
        path: '/broken',
        httpMethod,
        integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': `#if($input.params('x') == 'y') {"statusCode": 200}` } },
        responses: [{ statusCode: '200' }],
      })),
      {
        path: '/http',
        httpMethod: 'POST',
        requestParameters: { 'method.request.header.X-Custom': false, 'method.request.querystring.q': false },
        integration: {
          type: 'HTTP',
          integrationHttpMethod: 'POST',
          uri: `${echoUrl}/http`,
          requestParameters: {
            'integration.request.header.X-From-Body': 'method.request.body.x',
            'integration.request.header.X-Custom': 'method.request.header.X-Custom',
            'integration.request.querystring.q': 'method.request.querystring.q',
            'integration.request.querystring.static': "'yes'",
          },
        },
        responses: [
          {
            statusCode: '200',
            responseParameters: { 'method.response.header.X-Echo-Path': 'integration.response.body.path' },
            responseTemplates: { 'application/json': `{"args": $input.json('$.args'), "fromBody": "$util.escapeJavaScript($input.path('$.headers.x-from-body'))"}` },
          },
        ],
      },
      {
        path: '/proxy/{proxy+}',
        httpMethod: 'ANY',
        requestParameters: { 'method.request.path.proxy': true },
        integration: {
          type: 'HTTP_PROXY',
          integrationHttpMethod: 'ANY',
          uri: `${echoUrl}/{proxy}`,
          timeoutInMillis: PROXY_TIMEOUT_MS,
          requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        },
        responses: [],
      },
      {
        path: '/binary/text',
        httpMethod: 'POST',
        integration: { type: 'HTTP', integrationHttpMethod: 'POST', uri: `${echoUrl}/binary`, contentHandling: 'CONVERT_TO_TEXT' },
        responses: [{ statusCode: '200' }],
      },
      {
        path: '/binary/bin',
        httpMethod: 'POST',
        integration: { type: 'HTTP', integrationHttpMethod: 'POST', uri: `${echoUrl}/binary`, contentHandling: 'CONVERT_TO_BINARY' },
        responses: [{ statusCode: '200', contentHandling: 'CONVERT_TO_TEXT' }],
      },
    ],
    gatewayResponses: [
      { responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404', responseParameters: { 'gatewayresponse.header.X-Missing-Path': 'context.path' } },
      { responseType: 'UNSUPPORTED_MEDIA_TYPE', responseTemplates: { 'application/json': '{"unsupported": $context.error.messageString, "type": "$context.error.responseType"}' } },
    ],
  };
}

// Gatehouse logs a fault of its own ("data plane error", "unhandled error") and a template that
// failed; both are collected (and kept off the test output) so a fault of ours fails the test.
const logged: string[] = [];
const consoleError = console.error;

// ---------------------------------------------------------------------------------------------
// Generating cases

type Route = 'mock' | 'mock-id' | 'parse' | 'broken' | 'http' | 'proxy' | 'binary-text' | 'binary-bin' | 'none';

interface Case {
  route: Route;
  method: string;
  /** The request target, already as it goes on the wire (latin1 bytes for raw UTF-8). */
  target: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Sent over a raw socket as these bytes (malformed HTTP), instead of node:http. */
  raw?: Buffer;
  /** What this case must answer, where it is known exactly. */
  expect?: { status: number; body?: unknown; bodyMatch?: RegExp };
  /** A 5XX this case may answer by design (the route's own). */
  may5xx?: boolean;
  /** How deep the JSON body nests (0: no JSON body). */
  depth?: number;
}

/** Raw bytes of a UTF-8 string as a latin1 string, so node:http puts unescaped UTF-8 on the wire. */
const rawUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
/** Header values must be printable: keep only what node:http lets through. */
const headerSafe = (s: string) => rawUtf8(s).replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

function garbageSegment(rng: Rng): string {
  switch (rng.int(8)) {
    case 0:
      return rng.pick(['%ZZ', '%', '%2F', '%2f', '%00', '%E0%A4%A', '%C0%AF', '%25', '%252F', '%2e%2e', '%7B', '%FF']);
    case 1:
      return rng.pick(['..', '.', '', '~', '{proxy+}', '{id}', 'mock', 'MOCK', 'm%6Fck', 'hang', 'reset', 'garbage']);
    case 2:
      return rawUtf8(rng.pick(['😀', 'é', '中文', '\u{10FFFF}', 'ü/ö']));
    case 3:
      return encodeURIComponent(rng.pick(['😀', 'é', '中文', 'a b', 'a+b', 'a/b', '?', '#']));
    case 4:
      return 'x'.repeat(rng.pick([300, 2000, 6000]));
    default: {
      const s = nastyString(rng);
      // Raw bytes past ASCII never get past Node's parser (the listener's 400): now and then only.
      return rng.chance(0.85) ? encodeURIComponent(s).slice(0, 3000) : rawUtf8(s).replace(/[\s/?#]/g, '_').slice(0, 3000) || '_';
    }
  }
}

const ROUTES: { route: Route; path: string; methods: string[] }[] = [
  { route: 'mock', path: '/mock', methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] },
  { route: 'mock-id', path: '/mock/{id}', methods: ['GET'] },
  { route: 'parse', path: '/parse', methods: ['POST'] },
  { route: 'broken', path: '/broken', methods: ['GET', 'POST'] },
  { route: 'http', path: '/http', methods: ['POST'] },
  { route: 'proxy', path: '/proxy/{proxy+}', methods: ['GET', 'POST', 'PUT', 'DELETE'] },
  { route: 'binary-text', path: '/binary/text', methods: ['POST'] },
  { route: 'binary-bin', path: '/binary/bin', methods: ['POST'] },
];

function queryString(rng: Rng, route: Route): string {
  const parts: string[] = [];
  for (let i = rng.int(5); i > 0; i--) {
    switch (rng.int(9)) {
      case 0:
        parts.push(rng.pick(['=v', '=', '&', '&&&', 'a', 'a=', '==', '%ZZ=1', 'a=%ZZ', '%=%', '+=+', 'a=1&a=2&a=3', 'a[]=1', '__proto__=1', 'constructor=x']));
        break;
      case 1:
        parts.push(`override=${rng.pick(['teapot', 'TEAPOT', ''])}`);
        break;
      case 2:
        parts.push(`b64=${rng.pick(['aGk=', 'aGk', '!!!', '%3D%3D', encodeURIComponent(Buffer.from(nastyString(rng)).toString('base64')), '////', '_-_-'])}`);
        break;
      case 3:
        parts.push(`u=${rng.pick(['%ZZ', '%', 'a%2', '%E0%A4%A', 'a%20b', 'a+b', '%F0%9F%98%80'])}`);
        break;
      case 4:
        parts.push(`q=${encodeURIComponent(nastyString(rng)).slice(0, 2000)}`);
        break;
      case 5: {
        const text = (s: string) => (rng.chance(0.85) ? encodeURIComponent(s) : rawUtf8(s).replace(/[\s#&=]/g, '_')).slice(0, 200);
        parts.push(`${text(nastyString(rng))}=${text(nastyString(rng))}`);
        break;
      }
      case 6:
        parts.push(`x=${'y'.repeat(rng.pick([10, 1000, 5000]))}`);
        break;
      default:
        parts.push(`k${rng.int(3)}=v${rng.int(100)}`);
    }
  }
  if (route === 'mock-id' && rng.chance(0.3)) parts.push('b64=aGVsbG8=');
  return parts.length ? `?${parts.join('&')}` : rng.chance(0.05) ? '?' : '';
}

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=latin1',
  'text/plain',
  'text/plain; charset=iso-8859-1',
  'application/octet-stream',
  'image/png',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'garbage',
  ';;;',
  '',
  '/',
  'application/',
];

const ACCEPTS = [undefined, '*/*', 'application/json', 'text/html', 'image/png', 'image/*', 'application/json;q=0', 'text/html, application/json', ',,,', 'garbage', ''];

function headersFor(rng: Rng): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  // Half the time a type the routes' request templates are keyed by, so the templates run.
  const contentType = rng.chance(0.5) ? rng.pick([undefined, 'application/json', 'application/json; charset=utf-8']) : rng.pick(CONTENT_TYPES);
  if (contentType !== undefined) headers['content-type'] = contentType;
  const accept = rng.pick(ACCEPTS);
  if (accept !== undefined) headers.accept = accept;
  for (let i = rng.int(4); i > 0; i--) {
    switch (rng.int(7)) {
      case 0:
        headers['x-big'] = 'b'.repeat(rng.pick([1000, 8000, 12000]));
        break;
      case 1:
        headers['X-Custom'] = Array.from({ length: 2 + rng.int(3) }, () => headerSafe(nastyString(rng)).slice(0, 500));
        break;
      case 2:
        headers['x-amzn-trace-id'] = rng.pick(['Root=;;;', '=', ';Parent', 'Root=1-abc;Parent=;Sampled=x', ';;=;;', headerSafe(nastyString(rng)).slice(0, 2000), 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1']);
        break;
      case 3:
        headers[rng.pick(['X-Custom', 'x-custom', 'X-CUSTOM'])] = headerSafe(nastyString(rng)).slice(0, 4000);
        break;
      case 4:
        headers[rng.pick(['content-encoding', 'x-amz-date', 'authorization', 'x-api-key', 'cookie', 'forwarded', 'x-forwarded-for', 'expect-ct', 'te'])] = headerSafe(nastyString(rng)).slice(0, 1000);
        break;
      case 5:
        headers['content-type'] = [rng.pick(['application/json', 'text/plain']), rng.pick(['image/png', 'text/plain'])];
        break;
      default:
        headers[`x-${rng.int(1000)}`] = headerSafe(nastyString(rng)).slice(0, 1000) || 'v';
    }
  }
  return headers;
}

function deep(n: number, open: string, close: string, inner = '1'): string {
  return open.repeat(n) + inner + close.repeat(n);
}

function bodyFor(rng: Rng): { body?: Buffer; json: 'valid' | 'invalid' | 'none' } {
  switch (rng.int(12)) {
    case 0:
      return { json: 'none' };
    case 1:
    case 2:
      return { body: Buffer.from(JSON.stringify(rng.chance(0.5) ? { a: { b: nastyString(rng) }, x: nastyString(rng).slice(0, 500) } : randomJson(rng))), json: 'valid' };
    case 3:
      return {
        body: Buffer.from(rng.pick(['{"a": ', '{a:1}', "{'a':1}", 'oops', '[1,2', '{"a":1}}', '{"a":"\\x"}', 'NaN', '01', '{"a":1,}', '{"x"', '"', "'", '{"a":"\u0000"}', '--', 'true false'])),
        json: 'invalid',
      };
    case 4: {
      const n = rng.pick([100, 1000, 5000, 50000]);
      return { body: Buffer.from(rng.chance(0.5) ? deep(n, '[', ']') : deep(n, '{"a":', '}')), json: 'valid' };
    }
    case 5:
      return { body: Buffer.from(rng.pick(['1e400', '-1e400', '{"a":{"b":1e400}}', '{"x":123456789012345678901234567890}', '[1e-400]', '{"x":-0}', '9'.repeat(400)])), json: 'valid' };
    case 6:
      return { body: Buffer.from(Array.from({ length: 1 + rng.int(300) }, () => rng.int(256))), json: 'invalid' };
    case 7:
      return { body: Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":{"b":"bom"}}')]), json: 'valid' };
    case 8:
      return { body: Buffer.from('{"a":"\\ud800","x":"\\udfff\\ud800"}'), json: 'valid' };
    case 9:
      return { body: Buffer.from(rng.pick(['aGVsbG8=', 'aGVsbG8', '////', 'a', '!!!!', Buffer.from(nastyString(rng)).toString('base64'), 'aGVs\nbG8='])), json: 'invalid' };
    case 10:
      if (rng.chance(0.1)) {
        // About 1 MB, now and then.
        return rng.chance(0.5)
          ? { body: Buffer.from(JSON.stringify({ a: { b: 'x'.repeat(1_000_000) }, x: 'big' })), json: 'valid' }
          : { body: Buffer.alloc(1_000_000, rng.int(256)), json: 'invalid' };
      }
      return { body: Buffer.from(JSON.stringify({ x: nastyString(rng) })), json: 'valid' };
    default:
      return { body: Buffer.alloc(0), json: 'none' };
  }
}

function generate(rng: Rng): Case {
  const r = rng.chance(0.88) ? rng.pick(ROUTES) : undefined;
  let route: Route = r?.route ?? 'none';
  let method = r ? rng.pick(r.methods) : rng.pick(['GET', 'POST']);
  let segments: string[];
  if (!r) segments = [rng.pick(['', 'nothing', 'mock', 'proxy', 'binary', 'http'])];
  else if (r.route === 'mock-id') segments = ['mock', rng.chance(0.7) ? `id${rng.int(100)}` : garbageSegment(rng)];
  else if (r.route === 'proxy') {
    segments = ['proxy', ...Array.from({ length: 1 + rng.int(3) }, () => (rng.chance(0.7) ? `p${rng.int(10)}` : garbageSegment(rng)))];
    if (rng.chance(0.06)) segments = ['proxy', ...rng.pick([['reset'], ['garbage'], ['status', String(rng.pick([200, 204, 301, 404, 418, 500, 503]))], ['a', 'hang']])];
  } else segments = r.path.slice(1).split('/');

  let query = queryString(rng, route);
  const headers = headersFor(rng);
  let { body, json } = bodyFor(rng);
  let mutated = false;
  for (let m = rng.chance(0.5) ? 1 + rng.int(3) : 0; m > 0; m--) {
    mutated = true;
    switch (rng.int(8)) {
      case 0:
        segments[rng.int(segments.length)] = garbageSegment(rng);
        break;
      case 1:
        segments.push(garbageSegment(rng));
        break;
      case 2:
        segments.splice(rng.int(segments.length + 1), 0, rng.pick(['', '..', '.', '%2e%2e']));
        break;
      case 3:
        method = rng.pick(['HEAD', 'OPTIONS', 'PURGE', 'FOO', 'get', 'Post', 'TRACE', 'PROPFIND', 'M-SEARCH', 'LINK']);
        break;
      case 4:
        query += (query ? '&' : '?') + rawUtf8(nastyString(rng)).replace(/[\s#]/g, '_').slice(0, 500);
        break;
      case 5:
        segments = segments.map((s) => s.replace(/[a-z]/g, (ch) => ch.toUpperCase()));
        break;
      default:
        if (segments.at(-1) !== '') segments.push(''); // a trailing slash
    }
  }
  if (method === 'GET' || method === 'HEAD' || method === 'TRACE') {
    body = undefined;
    json = 'none';
  }
  // Mostly /_aws/execute-api, sometimes the Host form or the legacy path, or a wrong API or stage.
  const stage = rng.chance(0.04) ? rng.pick(['FUZZ', 'nostage', '', '%66uzz', 'fuzz%00']) : STAGE;
  const api = rng.chance(0.03) ? rng.pick(['abc123', 'zzzzzzzzzz', apiId.toUpperCase()]) : apiId;
  const rest = `/${stage}/${segments.join('/')}`;
  const form = rng.int(10);
  let target: string;
  if (form === 0) {
    headers.host = `${api}.execute-api.localhost:4566`;
    target = rest;
  } else if (form === 1) target = `/restapis/${api}/${stage}/_user_request_/${segments.join('/')}`;
  else target = `/_aws/execute-api/${api}${rest}`;
  target += query;
  if (mutated || stage !== STAGE || api !== apiId) route = 'none';

  const c: Case = { route, method, target, headers, body };
  if (json === 'invalid' && !mutated && stage === STAGE && api === apiId && route === 'mock' && method !== 'HEAD' && method !== 'OPTIONS') {
    const type = headers['content-type'];
    // A body that is not JSON into $input.json('$'): AWS's 400 (application/json template; no Content-Type reads as JSON).
    if (type === undefined || type === 'application/json' || type === 'application/json; charset=utf-8' || type === 'APPLICATION/JSON' || type === 'application/json;charset=latin1') {
      if (body && body.length && !looksJson(body)) c.expect = { status: 400, bodyMatch: /^\{"message":"Could not parse request body into json: / };
    }
  }
  if (route === 'proxy') {
    const tail = segments.slice(1).join('/');
    if (tail === 'a/hang') c.expect = { status: 504, body: { message: 'Endpoint request timed out' } };
    else if (tail === 'reset' || tail === 'garbage') c.expect = { status: 500, body: { message: 'Internal server error' } };
    else if (tail.startsWith('status/')) {
      const status = Number(tail.slice(7));
      // 204 and 304 answers have no body (the echo names one in its Content-Length all the same).
      c.expect = status === 204 || status === 304 ? { status, bodyMatch: /^$/ } : { status, bodyMatch: /"path":"\/status\// };
    }
  }
  if (route === 'broken') c.expect = { status: 500, body: { message: 'Internal server error' } };
  c.depth = json === 'valid' && body ? nesting(body) : 0;
  c.may5xx = may5xx(c, route);
  return c;
}

/**
 * Whether the pipeline answers this case a 5XX by design. A mutated path may land on any route,
 * /broken included, so it may answer AWS's 500 (or a 504 from /proxy/.../hang); on a known route:
 *  - /parse without a JSON Content-Type has no request template: the body passes through to the
 *    MOCK, which finds no statusCode in it (AWS's "Unable to parse statusCode" 500);
 *  - a binary Accept type base64-decodes a text answer (the guide's table: text payload, binary
 *    Accept, no contentHandling), which the echo's JSON is not, and a response template cannot
 *    read what the MOCK's empty answer decodes to: 500 on every route with a response template;
 *  - /parse reads a body that starts with a byte order mark with `$input.path` (which skips it)
 *    and `$util.parseJson` (which does not: the engine's, reported): 500;
 *  - /http echoes a body nested 1,000 levels or more back inside one more object, and its response
 *    template parses the echo: Jackson (AWS's parser) refuses over 1,000, a response-mapping
 *    failure, 500.
 */
function may5xx(c: Case, route: Route): boolean {
  if ((route === 'mock' || route === 'parse' || route === 'http') && /^\s*(image\/|application\/octet-stream)/i.test(String(c.headers.accept ?? ''))) return true;
  switch (route) {
    case 'broken':
    case 'mock-id':
    case 'binary-text':
    case 'binary-bin':
    case 'none':
      return true;
    case 'proxy':
      // The echo backend hangs, resets or answers garbage for a path ending so (echo-backend.ts),
      // and, being Node, cuts a request whose line and headers pass 16 KB: a network error. (AWS
      // refuses such a request itself: 10240 bytes of header values and of URL at most, limits.md;
      // Gatehouse does not enforce those yet.)
      return c.expect !== undefined || /\/(hang|reset|garbage)\/*(\?|$)/.test(c.target) || requestSize(c) > 10240;
    case 'parse':
      return !jsonContentType(c.headers['content-type']) || c.body?.[0] === 0xef;
    case 'http':
      return (c.depth ?? 0) >= 1000;
    default:
      return false;
  }
}

/** The request line and headers, roughly as many bytes as they take. */
function requestSize(c: Case): number {
  let size = c.target.length;
  for (const [name, value] of Object.entries(c.headers)) size += name.length + (Array.isArray(value) ? value.join('').length : value.length);
  return size;
}

/** Whether the application/json request template applies: no Content-Type reads as JSON. */
function jsonContentType(value: string | string[] | undefined): boolean {
  if (value === undefined) return true;
  const joined = Array.isArray(value) ? value.join(', ') : value;
  return joined === '' || joined.split(';')[0].trim().toLowerCase() === 'application/json';
}

/** How deep a JSON body nests. */
function nesting(body: Buffer): number {
  let depth = 0;
  let max = 0;
  for (const b of body) {
    if (b === 0x5b || b === 0x7b) max = Math.max(max, ++depth);
    else if (b === 0x5d || b === 0x7d) depth--;
  }
  return max;
}

function looksJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** Requests node:http cannot even send: broken framing, bad bytes, a method the client refuses. */
function rawCases(): Case[] {
  const base = `/_aws/execute-api/${apiId}/${STAGE}`;
  const lines = (...l: string[]) => Buffer.from(l.join('\r\n'), 'latin1');
  const raw = (bytes: Buffer): Case => ({ route: 'none', method: 'RAW', target: bytes.toString('latin1').slice(0, 120), headers: {}, raw: bytes });
  return [
    raw(lines(`POST ${base}/mock HTTP/1.1`, 'Host: x', 'Content-Length: abc', '', '')),
    raw(lines(`POST ${base}/mock HTTP/1.1`, 'Host: x', 'Content-Length: 2', 'Content-Length: 3', '', '{}')),
    raw(lines(`POST ${base}/mock HTTP/1.1`, 'Host: x', 'Transfer-Encoding: chunked', '', 'zz', '{}', '0', '', '')),
    raw(lines(`POST ${base}/mock HTTP/1.1`, 'Host: x', 'Transfer-Encoding: chunked', 'Content-Type: application/json', '', '2', '{}', '0', '', '')),
    raw(lines(`GET ${base}/mock HTTP/1.1`, 'Host: x', 'Bad Header: y', '', '')),
    raw(lines(`GET ${base}/mock HTTP/1.1`, 'Host: x', 'X-A: a\x00b', '', '')),
    raw(lines(`GET ${base}/mock HTTP/1.1`, 'Host: x', 'X-A: a', ' folded', '', '')),
    raw(lines(`GET ${base}/mo ck HTTP/1.1`, 'Host: x', '', '')),
    raw(lines(`GET ${base}/mock\x7f HTTP/1.1`, 'Host: x', '', '')),
    raw(lines(`GET ${base}/mock HTTP/9.9`, 'Host: x', '', '')),
    raw(lines(`GET ${base}/mock`, 'Host: x', '', '')),
    raw(lines(`GET ${base}/mock HTTP/1.1`, `X-Huge: ${'h'.repeat(20_000)}`, '', '')),
    raw(lines(`GET ${base}/${'p'.repeat(20_000)} HTTP/1.1`, 'Host: x', '', '')),
    raw(lines(`GET ${base}/mock HTTP/1.1`, ...Array.from({ length: 3000 }, (_, i) => `X-${i}: v`), '', '')),
    raw(lines(`POST ${base}/mock HTTP/1.0`, 'Content-Type: application/json', 'Content-Length: 7', '', '{"a":1}')),
    raw(Buffer.concat([lines(`POST ${base}/parse HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 4', '', ''), Buffer.from([0xff, 0xfe, 0x00, 0x7b])])),
  ];
}

/** Cases too costly or too rare to leave to chance. */
function onceCases(): Case[] {
  const at = (path: string) => `/_aws/execute-api/${apiId}/${STAGE}${path}`;
  return [
    // One byte over API Gateway's 10 MB payload limit.
    {
      route: 'mock',
      method: 'POST',
      target: at('/mock'),
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_PAYLOAD + 1, 0x20),
      expect: { status: 413, body: { message: 'Request Too Long' } },
    },
    // Answers without a body whose Content-Length names one anyway (Node's server does that).
    ...[204, 304].map((status): Case => ({ route: 'proxy', method: 'GET', target: at(`/proxy/status/${status}`), headers: {}, expect: { status, bodyMatch: /^$/ } })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Sending

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function send(base: string, c: Case): Promise<Answer> {
  if (c.raw) return sendRaw(base, c.raw);
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const headers = { ...c.headers, ...(c.body ? { 'content-length': String(c.body.length) } : {}) };
    // /parse answers `$.a.b` of the body as a header (responseOverride): up to 1 MB of it.
    const req = request({ agent, hostname: u.hostname, port: u.port, method: c.method, path: c.target, headers, timeout: TIMEOUT_MS, maxHeaderSize: 4 * 1024 * 1024 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Writes the bytes, answers the status line, headers and body the server sent before it closed or went idle. */
function sendRaw(base: string, bytes: Buffer): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers: Record<string, string> = {};
      for (const line of m[2].split('\r\n')) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? m[3].length);
      resolve({ status: Number(m[1]), headers, body: Buffer.from(m[3], 'latin1').subarray(0, length).toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is all a case needs: stop once its body is complete.
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head));
      if (head >= 0 && length && text.length - head - 4 >= Number(length[1])) done();
    });
    socket.on('end', done);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(bytes);
  });
}

// ---------------------------------------------------------------------------------------------
// Judging

/** Traces of a stack or of our sources: never in an answer. */
const STACK = /\n\s+at [^\n]*[:(]\d+|\bat [\w.<>]+ \((?:file|node):|node:internal|\/work\/main|node_modules|\.ts:\d+:\d+|Error: .*\n\s+at /;

/** The listener's own answer to what node:http cannot parse (bad bytes in the target, headers over 16 KB). */
function answeredByListener(res: Answer): boolean {
  if (res.status === 431) return res.headers['x-amzn-errortype'] === 'RequestHeaderFieldsTooLargeException';
  return res.status === 400 && res.headers['x-amzn-errortype'] === 'BadRequestException' && res.body.startsWith('{"message":"The request is not valid HTTP/1.1 (');
}

const ECHOED_STATUS = /^\{"method":"[^"]*","path":"[^"]*\/status\/\d{3}[/"]/;

/** The 5XX bodies the pipeline answers by design (AWS's, with its space after the colon). */
const PIPELINE_5XX: Record<number, string> = { 500: '{"message": "Internal server error"}', 504: '{"message": "Endpoint request timed out"}' };

function judge(c: Case, res: Answer): string | undefined {
  if (!Number.isInteger(res.status) || res.status < 100 || res.status > 599) return `status ${res.status}`;
  if (STACK.test(res.body)) return `stack trace in the body: ${res.body.slice(0, 300)}`;
  if (answeredByListener(res)) return undefined;
  // The echo backend's own answer, passed through by HTTP_PROXY (/proxy/status/{n}, any path shape).
  if (ECHOED_STATUS.test(res.body)) return undefined;
  // /mock's request template sets $context.responseOverride.status to 418 for ?override=teapot: no error.
  if (res.status === 418 && /[?&]override=teapot(&|$)/.test(c.target)) return undefined;
  if (c.expect) {
    if (res.status !== c.expect.status) return `expected ${c.expect.status}, got ${res.status} ${res.body.slice(0, 300)}`;
    if (c.method === 'HEAD') return undefined;
    if (c.expect.body !== undefined) {
      try {
        assert.deepEqual(JSON.parse(res.body), c.expect.body);
      } catch {
        return `expected ${JSON.stringify(c.expect.body)}, got ${res.body.slice(0, 300)}`;
      }
    }
    if (c.expect.bodyMatch && !c.expect.bodyMatch.test(res.body)) return `expected a body like ${c.expect.bodyMatch}, got ${res.body.slice(0, 300)}`;
    if (c.route === 'proxy') return undefined; // the echo's answer, passed through
  }
  if (res.status >= 500) {
    if (!c.may5xx) return `${res.status} on a route that has no 5XX by design: ${res.body.slice(0, 300)}`;
    if (res.status === 504 && !/hang/i.test(c.target)) return `504 without a slow endpoint: ${res.body.slice(0, 300)}`;
    if (!PIPELINE_5XX[res.status]) return `${res.status}: not a status the pipeline answers: ${res.body.slice(0, 300)}`;
    if (c.method !== 'HEAD' && res.body !== PIPELINE_5XX[res.status]) return `${res.status} body is not AWS's: ${res.body.slice(0, 300)}`;
    return undefined;
  }
  if (res.status >= 400 && c.method !== 'HEAD') {
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      return `${res.status} body is not JSON: ${res.body.slice(0, 300)}`;
    }
    if (res.status === 415) {
      // The API's own UNSUPPORTED_MEDIA_TYPE gateway response: a body without a message.
      try {
        assert.deepEqual(parsed, { unsupported: 'Unsupported Media Type', type: 'UNSUPPORTED_MEDIA_TYPE' });
      } catch {
        return `415 is not the API's gateway response: ${res.body.slice(0, 300)}`;
      }
      return undefined;
    }
    if (typeof parsed?.message !== 'string') return `${res.status} body has no message: ${res.body.slice(0, 300)}`;
    if (res.status === 403 && res.headers['x-amzn-errortype'] === 'MissingAuthenticationTokenException') {
      return `403 Missing Authentication Token on a stage whose gateway response makes it 404`;
    }
  }
  return undefined;
}

describe('the REST data plane under fuzzed requests', () => {
  const server = useGatehouse({ inMemory: true });

  before(async () => {
    echo = await startEchoBackend();
    const api = await deployApi(server, apiSpec(echo.url), STAGE);
    apiId = api.restApiId;
    await server.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: STAGE, canarySettings: { percentTraffic: 30, stageVariableOverrides: { greeting: 'canary' } } }));
    console.error = (...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
  });

  after(async () => {
    console.error = consoleError;
    agent.destroy();
    await echo?.close();
  });

  test(`${CASES} fuzzed data-plane requests: an answer in time, 5XX only by design, AWS's error bodies, no stack trace, and Gatehouse stays up`, async (t) => {
    const started = Date.now();
    const rng = mulberry32(SEED);
    const cases: Case[] = Array.from({ length: CASES }, () => generate(rng));
    cases.push(...rawCases(), ...onceCases());

    const failures = new Map<number, string>();
    const seen = new Map<string, number>();
    /** Request id -> case, so what Gatehouse logs names the case that caused it. */
    const byRequestId = new Map<string, number>();
    const answered = new Map<number, string>();
    const label = (i: number) => {
      const c = cases[i];
      return `case ${i} (seed ${SEED}): ${c.method} ${c.target.slice(0, 200)} ${JSON.stringify(c.headers).slice(0, 300)} body=${c.body?.toString('utf8').slice(0, 120)}`;
    };
    // FUZZ_ONLY=12,345 sends only those cases (generated as in the full run, so they are the same).
    const only = process.env.FUZZ_ONLY?.split(',').map(Number);
    const order = only ?? cases.map((_, i) => i);
    let next = 0;
    const worker = async () => {
      while (next < order.length) {
        const i = order[next++];
        const c = cases[i];
        let res: Answer;
        try {
          res = await send(server.g.url, c);
        } catch (err) {
          failures.set(i, `${label(i)} -> ${(err as Error).message}`);
          continue;
        }
        const requestId = res.headers['x-amzn-requestid'];
        if (typeof requestId === 'string') byRequestId.set(requestId, i);
        answered.set(i, res.body);
        const kind = `${c.route} ${res.status}${process.env.FUZZ_STATS === 'bodies' && res.status >= 400 ? ` ${res.body.slice(0, 70)}` : ''}`;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
          if (only) consoleError(label(i), '->', res.status, res.headers, res.body.slice(0, 500));
        const wrong = judge(c, res);
        if (wrong) failures.set(i, `${label(i)} -> ${wrong}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if (process.env.FUZZ_STATS) consoleError(JSON.stringify([...seen].sort(), null, 1), `${Date.now() - started} ms`);

    // A fault of ours is logged as one ("data plane error", "unhandled error"), or as a template that
    // failed inside the engine rather than in the template's own Java semantics.
    const faults: string[] = [];
    for (const line of logged) {
      if (!/data plane error|unhandled error|internal error|Mapping template failed:/.test(line)) continue;
      const id = /\(request ([0-9a-f-]{36})\)/.exec(line)?.[1];
      const i = id === undefined ? undefined : byRequestId.get(id);
      const where = i === undefined ? 'no case' : label(i);
      faults.push(`${where} -> ${line.slice(0, 600)}`);
    }
    assert.deepEqual(faults.slice(0, 5), [], `${faults.length} faults logged`);
    assert.deepEqual([...failures.values()].slice(0, 15), [], `${failures.size} failing cases`);

    const health = await fetch(`${server.g.url}/_gatehouse/health`);
    assert.equal(health.status, 200);
    // Known-good requests still answer their known answers (from the stage or its canary, whole).
    for (let i = 0; i < 10; i++) {
      const known = await send(server.g.url, { route: 'mock', method: 'GET', target: `/_aws/execute-api/${apiId}/${STAGE}/mock?k=v`, headers: { 'x-one': '1' } });
      assert.equal(known.status, 200, known.body);
      const body = JSON.parse(known.body) as Record<string, unknown>;
      const canary = body.canary === 'true';
      // headers: Host and x-one (AWS drops Connection when it parses the method request).
      assert.deepEqual(body, { stage: STAGE, greeting: canary ? 'canary' : 'hello', canary: String(canary), method: 'GET', resource: '/mock', query: { k: 'v' }, headers: 2 });
    }
    const mapped = await send(server.g.url, { route: 'http', method: 'POST', target: `/_aws/execute-api/${apiId}/${STAGE}/http?q=1`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"x": "from-body"}') });
    assert.equal(mapped.status, 200);
    assert.deepEqual(JSON.parse(mapped.body), { args: { q: '1', static: 'yes' }, fromBody: 'from-body' });
    assert.equal(mapped.headers['x-echo-path'], '/http');
  });
});
