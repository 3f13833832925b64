/**
 * Binary support for non-proxy integrations: binaryMediaTypes (wildcards included) and
 * contentHandling on the integration request and response, as the guide's content type
 * conversion tables say, and what a client sees of it end to end.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { GatewayError } from '../../src/gateway/errors.js';
import { convertRequestPayload, convertResponsePayload, isBinaryMediaType } from '../../src/gateway/rest/binary.js';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi } from '../helpers/deployed-api.js';
import { objectApiSpec, startObjectBackend, type ObjectBackend } from '../helpers/object-backend.js';

// The three payloads of LocalStack's S3 binary tests: bytes that are not UTF-8, their base64, and text.
const RAW = gzipSync(Buffer.from('compressed data, should be invalid UTF-8 string'));
const ENCODED = Buffer.from(RAW.toString('base64'));
const TEXT = Buffer.from('this is a UTF8 text typed object');
const LOSSY = Buffer.from(RAW.toString('utf8'));

const configurationError = (err: unknown) => err instanceof GatewayError && err.responseType === 'API_CONFIGURATION_ERROR';

describe('binary media types', () => {
  test('an entry matches its type, `*` matches anything, an Accept of type/* matches that type', () => {
    const yes: [string, string[]][] = [
      ['image/png', ['image/png']],
      ['image/png', ['text/plain', 'image/*']],
      ['application/json', ['*/*']],
      ['image/*', ['image/png']],
      ['application/octet-stream', ['Application/Octet-Stream']],
    ];
    const no: [string | undefined, string[]][] = [
      ['image/png', []],
      ['text/plain', ['image/png']],
      ['*/*', ['image/png']],
      [undefined, ['*/*']],
      ['nonsense', ['*/*']],
    ];
    for (const [type, list] of yes) assert.equal(isBinaryMediaType(type, list), true, `${type} in ${list}`);
    for (const [type, list] of no) assert.equal(isBinaryMediaType(type, list), false, `${type} in ${list}`);
  });
});

describe('request payload conversions (the guide table)', () => {
  test('text payloads: UTF-8 text, or base64-decoded with CONVERT_TO_BINARY', () => {
    assert.deepEqual(convertRequestPayload(TEXT, false, undefined), { body: TEXT, binary: false });
    assert.deepEqual(convertRequestPayload(TEXT, false, 'CONVERT_TO_TEXT'), { body: TEXT, binary: false });
    assert.deepEqual(convertRequestPayload(ENCODED, false, 'CONVERT_TO_BINARY'), { body: RAW, binary: true });
    // Bytes that are not UTF-8 in a text payload arrive as U+FFFD.
    assert.deepEqual(convertRequestPayload(RAW, false, undefined), { body: LOSSY, binary: false });
    assert.throws(() => convertRequestPayload(TEXT, false, 'CONVERT_TO_BINARY'), configurationError);
    assert.throws(() => convertRequestPayload(RAW, false, 'CONVERT_TO_BINARY'), configurationError);
  });

  test('binary payloads: as they are, or base64-encoded with CONVERT_TO_TEXT', () => {
    assert.deepEqual(convertRequestPayload(RAW, true, undefined), { body: RAW, binary: true });
    assert.deepEqual(convertRequestPayload(RAW, true, 'CONVERT_TO_BINARY'), { body: RAW, binary: true });
    assert.deepEqual(convertRequestPayload(RAW, true, 'CONVERT_TO_TEXT'), { body: ENCODED, binary: false });
  });

  test('base64 is read strictly: standard alphabet, padding optional but right', () => {
    assert.deepEqual(convertRequestPayload(Buffer.from('aGk'), false, 'CONVERT_TO_BINARY').body, Buffer.from('hi'));
    assert.deepEqual(convertRequestPayload(Buffer.from(''), false, 'CONVERT_TO_BINARY').body, Buffer.alloc(0));
    for (const bad of ['aGk=\n', 'aG k=', 'a', 'aGk-', 'aG=k']) assert.throws(() => convertRequestPayload(Buffer.from(bad), false, 'CONVERT_TO_BINARY'), configurationError, bad);
  });
});

describe('response payload conversions (the guide table)', () => {
  test('without contentHandling: the Accept type decides', () => {
    assert.deepEqual(convertResponsePayload(TEXT, false, false, undefined), { body: TEXT, binary: false });
    assert.deepEqual(convertResponsePayload(RAW, false, false, undefined), { body: LOSSY, binary: false });
    assert.deepEqual(convertResponsePayload(ENCODED, false, true, undefined), { body: RAW, binary: true });
    assert.throws(() => convertResponsePayload(TEXT, false, true, undefined), configurationError);
    assert.deepEqual(convertResponsePayload(RAW, true, false, undefined), { body: ENCODED, binary: false });
    assert.deepEqual(convertResponsePayload(RAW, true, true, undefined), { body: RAW, binary: true });
  });

  test('CONVERT_TO_TEXT: binary payloads base64-encoded, text as UTF-8, whatever the Accept', () => {
    for (const accept of [false, true]) {
      assert.deepEqual(convertResponsePayload(RAW, true, accept, 'CONVERT_TO_TEXT'), { body: ENCODED, binary: false });
      assert.deepEqual(convertResponsePayload(ENCODED, false, accept, 'CONVERT_TO_TEXT'), { body: ENCODED, binary: false });
      assert.deepEqual(convertResponsePayload(RAW, false, accept, 'CONVERT_TO_TEXT'), { body: LOSSY, binary: false });
    }
  });

  test('CONVERT_TO_BINARY: text payloads base64-decoded, binary ones as they are, whatever the Accept', () => {
    for (const accept of [false, true]) {
      assert.deepEqual(convertResponsePayload(ENCODED, false, accept, 'CONVERT_TO_BINARY'), { body: RAW, binary: true });
      assert.deepEqual(convertResponsePayload(TEXT, true, accept, 'CONVERT_TO_BINARY'), { body: TEXT, binary: true });
      assert.throws(() => convertResponsePayload(TEXT, false, accept, 'CONVERT_TO_BINARY'), configurationError);
    }
  });
});

describe('binary payloads end to end', () => {
  const server = useGatehouse({ inMemory: true });
  let backend: ObjectBackend;
  before(async () => {
    backend = await startObjectBackend();
    backend.objects.set('raw', { body: RAW });
    backend.objects.set('encoded', { body: ENCODED });
    backend.objects.set('text', { body: TEXT });
  });
  after(() => backend.close());

  const get = (api: { call: (p: string, c?: object) => Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> }, key: string, accept: string, type = 'binary/octet-stream') =>
    api.call(`/${key}`, { headers: { accept, 'response-content-type': type } });

  test('without binaryMediaTypes every answer is text', async () => {
    const api = await deployApi(server, objectApiSpec(backend));
    assert.deepEqual((await get(api, 'text', 'text/plain')).body, TEXT);
    assert.deepEqual((await get(api, 'raw', 'image/png')).body, LOSSY);
    assert.deepEqual((await get(api, 'encoded', 'image/png')).body, ENCODED);
    const res = await get(api, 'text', 'text/plain');
    assert.equal(res.headers['etag'], '"' + '322a648674040849d29154aa1dce24a5' + '"');
    assert.equal(res.headers['content-type'], 'application/json', 'an unmapped Content-Type is application/json');
  });

  test('with image/png binary: the Accept and the payload type decide as the table says', async () => {
    const api = await deployApi(server, objectApiSpec(backend, { binaryMediaTypes: ['image/png'] }));
    assert.deepEqual((await get(api, 'encoded', 'image/png')).body, RAW, 'text payload, binary Accept: decoded');
    assert.equal((await get(api, 'raw', 'image/png')).status, 500, 'text payload that is no base64, binary Accept');
    assert.deepEqual((await get(api, 'raw', 'image/png', 'image/png')).body, RAW, 'binary payload, binary Accept: as is');
    assert.deepEqual((await get(api, 'raw', 'text/plain', 'image/png')).body, ENCODED, 'binary payload, text Accept: encoded');
    assert.deepEqual((await get(api, 'raw', 'text/plain')).body, LOSSY, 'text payload, text Accept');
    // Only the first Accept type counts.
    assert.deepEqual((await get(api, 'raw', 'image/png, text/plain', 'image/png')).body, RAW);
    assert.deepEqual((await get(api, 'raw', 'text/plain, image/png', 'image/png')).body, ENCODED);
  });

  test('a wildcard binaryMediaTypes entry counts', async () => {
    const api = await deployApi(server, objectApiSpec(backend, { binaryMediaTypes: ['image/*'] }));
    assert.deepEqual((await get(api, 'raw', 'image/webp', 'image/png')).body, RAW);
  });

  test('CONVERT_TO_TEXT hands a template the base64 text of a binary payload; a template cannot read binary', async () => {
    const spec = objectApiSpec(backend, { binaryMediaTypes: ['image/png'], responseContentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{"data": "$input.body"}' } });
    const api = await deployApi(server, spec);
    const res = await get(api, 'raw', 'image/png', 'image/png');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body.toString()), { data: ENCODED.toString() });
    const binary = await deployApi(server, objectApiSpec(backend, { responseContentHandling: 'CONVERT_TO_BINARY', responseTemplates: { 'application/json': '{"data": "$input.body"}' } }));
    const failed = await get(binary, 'encoded', 'application/json');
    assert.equal(failed.status, 500);
    assert.deepEqual(JSON.parse(failed.body.toString()), { message: 'Internal server error' });
  });

  test('MOCK with binaryMediaTypes */*: a binary Accept needs CONVERT_TO_TEXT for the response template', async () => {
    const mock = { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } };
    const api = await deployApi(server, {
      binaryMediaTypes: ['*/*'],
      methods: [
        { path: '/plain', httpMethod: 'OPTIONS', integration: mock, responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{}' } }] },
        { path: '/text', httpMethod: 'OPTIONS', integration: mock, responses: [{ statusCode: '200', contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{}' } }] },
      ],
    });
    assert.equal((await api.call('/plain', { method: 'OPTIONS', headers: { accept: '*/*' } })).status, 500);
    assert.equal((await api.call('/plain', { method: 'OPTIONS' })).status, 200, 'no Accept header: not binary');
    const converted = await api.call('/text', { method: 'OPTIONS', headers: { accept: '*/*' } });
    assert.equal(converted.status, 200);
    assert.equal(converted.body.toString(), '{}');
  });

  // The request side runs in integration-request.ts (binary.ts `requestPayload`).

  test('request bodies: text passes as UTF-8, a binary type as it is, CONVERT_TO_TEXT base64-encodes it', async () => {
    const plain = await deployApi(server, objectApiSpec(backend, { binaryMediaTypes: ['image/png'] }));
    await plain.call('/up-raw', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: RAW });
    assert.deepEqual(backend.objects.get('up-raw')?.body, RAW);
    await plain.call('/up-lossy', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: RAW });
    assert.deepEqual(backend.objects.get('up-lossy')?.body, LOSSY);
    const toText = await deployApi(server, objectApiSpec(backend, { binaryMediaTypes: ['image/png'], requestContentHandling: 'CONVERT_TO_TEXT' }));
    await toText.call('/up-text', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: RAW });
    assert.deepEqual(backend.objects.get('up-text')?.body, ENCODED);
  });

  test('request bodies: CONVERT_TO_BINARY base64-decodes text, refuses what is no base64, and a template cannot read the result', async () => {
    const api = await deployApi(server, objectApiSpec(backend, { requestContentHandling: 'CONVERT_TO_BINARY', requestTemplates: { 'application/json': '{"data": "$input.body"}' } }));
    const ok = await api.call('/up-decoded', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: ENCODED });
    assert.equal(ok.status, 200);
    assert.deepEqual(backend.objects.get('up-decoded')?.body, RAW);
    assert.equal((await api.call('/up-bad', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: TEXT })).status, 500);
    assert.equal((await api.call('/up-json', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: ENCODED })).status, 500);
  });
});
