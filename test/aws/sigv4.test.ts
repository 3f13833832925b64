/**
 * SigV4 parsing and strict-mode verification, against requests signed by @smithy/signature-v4
 * (the signer every AWS SDK for JavaScript uses).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AwsError } from '../../src/aws/errors.js';
import { parseSigV4, verifySigV4, type SignedRequest } from '../../src/aws/sigv4.js';

const HOST = 'localhost:4566';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2024-05-01T12:00:00Z');

interface Plain {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

const signer = (options: { service?: string; applyChecksum?: boolean; secret?: string } = {}) =>
  new SignatureV4({
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: options.secret ?? SECRET },
    region: 'eu-west-1',
    service: options.service ?? 'apigateway',
    sha256: Sha256,
    applyChecksum: options.applyChecksum,
  });

const toRequest = (r: Plain) => ({
  method: r.method,
  protocol: 'http:',
  hostname: 'localhost',
  port: 4566,
  path: r.path,
  query: r.query ?? {},
  headers: { host: HOST, ...(r.headers ?? {}) },
  body: r.body,
});

/** What the server sees of a signed request: lower-case headers, the raw query, the body bytes. */
function received(signed: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): SignedRequest {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) for (const x of ([] as unknown[]).concat(v)) query.append(k, String(x));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return { method: signed.method, host: HOST, path: signed.path, query, headers, body: Buffer.from((signed.body as string | undefined) ?? '') };
}

async function signHeader(r: Plain, options?: Parameters<typeof signer>[0], signingDate = NOW) {
  const signed = await signer(options).sign(toRequest(r), { signingDate });
  return received(signed as never);
}

async function presign(r: Plain, expiresIn = 300, signingDate = NOW) {
  const signed = await signer().presign(toRequest(r), { signingDate, expiresIn });
  return received(signed as never);
}

const credOf = (req: SignedRequest) => parseSigV4(req.headers, req.query)!;
const verify = (req: SignedRequest, secret = SECRET, now = NOW.getTime()) => verifySigV4(credOf(req), secret, req, now);

const refusedWith = (code: string, message?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AwsError, `expected an AwsError, got ${String(err)}`);
  assert.equal(err.code, code);
  assert.equal(err.status, 403);
  if (message) assert.match(err.message, message);
  return true;
};
const signatureMismatch = refusedWith('SignatureDoesNotMatchException', /does not match the signature you provided/);

const createApi: Plain = { method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body: '{"name":"pets"}' };

describe('parseSigV4', () => {
  test('an unsigned request has no credential', () => {
    assert.equal(parseSigV4({}, new URLSearchParams('a=b')), undefined);
    assert.equal(parseSigV4({ authorization: '' }, new URLSearchParams()), undefined);
  });

  test('reads key, scope, signed headers, signature and date from the Authorization header', () => {
    const cred = parseSigV4(
      {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240501/eu-west-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=ABCDEF0123',
        'x-amz-date': '20240501T120000Z',
      },
      new URLSearchParams(),
    );
    assert.deepEqual(cred, {
      accessKeyId: 'AKID',
      date: '20240501',
      region: 'eu-west-1',
      service: 'apigateway',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abcdef0123',
      amzDate: '20240501T120000Z',
      presigned: false,
    });
  });

  test('reads a presigned URL from its X-Amz-* query parameters', async () => {
    const req = await presign({ method: 'GET', path: '/restapis' }, 120);
    const cred = credOf(req);
    assert.equal(cred.presigned, true);
    assert.equal(cred.accessKeyId, 'AKIDEXAMPLE');
    assert.equal(cred.region, 'eu-west-1');
    assert.equal(cred.service, 'apigateway');
    assert.equal(cred.expires, 120);
    assert.equal(cred.amzDate, '20240501T120000Z');
    assert.deepEqual(cred.signedHeaders, ['host']);
  });

  const malformedHeaders: [string, string][] = [
    ['no Signature', 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/apigateway/aws4_request, SignedHeaders=host'],
    ['no Credential', 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abcd'],
    ['another algorithm', 'AWS4-ECDSA-P256-SHA256 Credential=AKID/20240501/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=abcd'],
    ['a bearer token', 'Bearer eyJhbGciOi'],
    ['a signature that is not hex', 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=xyz'],
    ['a four-part credential scope', 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/aws4_request, SignedHeaders=host, Signature=abcd'],
    ['a scope not ending in aws4_request', 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/apigateway/aws5_request, SignedHeaders=host, Signature=abcd'],
    ['an empty access key', 'AWS4-HMAC-SHA256 Credential=/20240501/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=abcd'],
  ];
  for (const [what, authorization] of malformedHeaders) {
    test(`an Authorization header with ${what} is an IncompleteSignatureException`, () => {
      assert.throws(() => parseSigV4({ authorization }, new URLSearchParams()), refusedWith('IncompleteSignatureException'));
    });
  }

  const malformedQueries: [string, string][] = [
    ['no X-Amz-Signature', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fapigateway%2Faws4_request&X-Amz-SignedHeaders=host'],
    ['no X-Amz-Credential', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd'],
    ['a bad credential scope', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd'],
    ['an expiry beyond one week', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fapigateway%2Faws4_request&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd&X-Amz-Expires=604801'],
    ['an expiry that is not a number', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fapigateway%2Faws4_request&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd&X-Amz-Expires=soon'],
  ];
  for (const [what, qs] of malformedQueries) {
    test(`a presigned URL with ${what} is an IncompleteSignatureException`, () => {
      assert.throws(() => parseSigV4({}, new URLSearchParams(qs)), refusedWith('IncompleteSignatureException'));
    });
  }
});

describe('verifySigV4', () => {
  test('a request signed by the SDK signer verifies (body, query and an encoded path label)', async () => {
    await verify(await signHeader(createApi));
    await verify(
      await signHeader({ method: 'GET', path: '/restapis/a1/resources/b%2Fc', query: { limit: '5', embed: ['methods', 'x y'], 'weird key': 'ü+&=' } }),
    );
  });

  test('a request signed without x-amz-content-sha256 (as botocore and the AWS CLI sign) verifies', async () => {
    const req = await signHeader(createApi, { applyChecksum: false });
    assert.equal(req.headers['x-amz-content-sha256'], undefined);
    await verify(req);
  });

  test('headers the client did not sign may change in flight', async () => {
    const req = await signHeader(createApi);
    req.headers['user-agent'] = 'proxy/1.0';
    req.headers['x-forwarded-for'] = '10.0.0.1';
    await verify(req);
  });

  test('a changed body is refused, whether or not the body hash was signed', async () => {
    for (const applyChecksum of [true, false]) {
      const req = await signHeader(createApi, { applyChecksum });
      req.body = Buffer.from('{"name":"cats"}');
      await assert.rejects(verify(req), signatureMismatch, `applyChecksum=${applyChecksum}`);
    }
  });

  test('a changed signed header is refused', async () => {
    const req = await signHeader(createApi);
    req.headers['content-type'] = 'text/plain';
    await assert.rejects(verify(req), signatureMismatch);
  });

  test('a changed host is refused', async () => {
    const req = await signHeader(createApi);
    req.host = 'evil.example:4566';
    await assert.rejects(verify(req), signatureMismatch);
  });

  test('a changed path is refused', async () => {
    const req = await signHeader({ method: 'DELETE', path: '/restapis/a1' });
    req.path = '/restapis/a2';
    await assert.rejects(verify(req), signatureMismatch);
  });

  test('a changed or added query parameter is refused', async () => {
    const changed = await signHeader({ method: 'GET', path: '/restapis', query: { limit: '5' } });
    changed.query.set('limit', '500');
    await assert.rejects(verify(changed), signatureMismatch);
    const added = await signHeader({ method: 'GET', path: '/restapis', query: { limit: '5' } });
    added.query.append('position', 'x');
    await assert.rejects(verify(added), signatureMismatch);
  });

  test('a changed method is refused', async () => {
    const req = await signHeader({ method: 'GET', path: '/restapis/a1' });
    req.method = 'DELETE';
    await assert.rejects(verify(req), signatureMismatch);
  });

  test('the wrong secret is refused; Lambda names it InvalidSignatureException', async () => {
    await assert.rejects(verify(await signHeader(createApi), 'not-the-secret'), signatureMismatch);
    const lambda = await signHeader({ method: 'GET', path: '/2015-03-31/functions' }, { service: 'lambda' });
    await assert.rejects(verify(lambda, 'not-the-secret'), refusedWith('InvalidSignatureException', /does not match/));
  });

  test('a request signed more than 15 minutes before or after the server time is refused as expired', async () => {
    const req = await signHeader(createApi);
    await verify(req, SECRET, NOW.getTime() + 14 * 60_000);
    await assert.rejects(verify(req, SECRET, NOW.getTime() + 16 * 60_000), refusedWith('InvalidSignatureException', /Signature expired/));
    await assert.rejects(verify(req, SECRET, NOW.getTime() - 16 * 60_000), refusedWith('InvalidSignatureException', /Signature expired/));
  });

  test('a request without X-Amz-Date, or with an impossible one, is an IncompleteSignatureException', async () => {
    const missing = await signHeader(createApi);
    delete missing.headers['x-amz-date'];
    await assert.rejects(verify(missing), refusedWith('IncompleteSignatureException'));
    const impossible = await signHeader(createApi);
    impossible.headers['x-amz-date'] = '20241399T996199Z';
    await assert.rejects(verify(impossible), refusedWith('IncompleteSignatureException'));
  });

  test('a presigned URL verifies until it expires, then is refused', async () => {
    const req = await presign({ method: 'GET', path: '/restapis', query: { limit: '2' } }, 60);
    await verify(req);
    await verify(req, SECRET, NOW.getTime() + 59_000);
    await assert.rejects(verify(req, SECRET, NOW.getTime() + 61_000), refusedWith('AccessDeniedException', /expired/));
  });

  test('a presigned URL with a changed path, query, expiry or secret is refused', async () => {
    const base = { method: 'GET', path: '/restapis', query: { limit: '2' } };
    const path = await presign(base);
    path.path = '/restapis/other';
    await assert.rejects(verify(path), signatureMismatch);
    const query = await presign(base);
    query.query.set('limit', '3');
    await assert.rejects(verify(query), signatureMismatch);
    const expiry = await presign(base);
    expiry.query.set('X-Amz-Expires', '3600');
    await assert.rejects(verify(expiry), signatureMismatch);
    await assert.rejects(verify(await presign(base), 'not-the-secret'), signatureMismatch);
  });
});
