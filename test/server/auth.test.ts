/**
 * Who the caller is, through a running Gatehouse: strict mode verifies SigV4 against the
 * configured keys and refuses with AWS's errors; the access key decides the account.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRestApiCommand, GetRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';

const KEY = { accessKeyId: 'AKIDSTRICT', secretAccessKey: 'secret1' };
const ACCOUNT = '123456789012';

/** The error an SDK call raised (fails the test if it succeeded). */
async function sdkError(p: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { $metadata: { httpStatusCode?: number } };
  }
  assert.fail('expected the call to fail');
}

async function signedFetch(g: TestGatehouse, method: string, path: string, body: string | undefined, how: 'header' | 'presign', secret = KEY.secretAccessKey) {
  const url = new URL(g.url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: secret },
    region: 'us-east-1',
    service: 'apigateway',
    sha256: Sha256,
    applyChecksum: false, // as botocore signs: no x-amz-content-sha256 header
  });
  const request = {
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  };
  const signed = how === 'header' ? await signer.sign(request) : await signer.presign(request, { expiresIn: 300 });
  const target = new URL(path, g.url);
  for (const [k, v] of Object.entries(signed.query ?? {})) target.searchParams.set(k, String(v));
  const headers = { ...signed.headers } as Record<string, string>;
  delete headers.host;
  return { url: target, headers, body };
}

describe('strict mode', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse({ auth: 'strict', credentials: `${KEY.accessKeyId}:${KEY.secretAccessKey}:${ACCOUNT}` });
  });
  after(() => g.stop());

  test('the SDK with the configured key works and lands in the key\'s account', async () => {
    const client = g.apigateway(KEY);
    const created = await client.send(new CreateRestApiCommand({ name: 'strict-api' }));
    assert.match(created.id ?? '', /^[a-z0-9]{10}$/);
    const err = await sdkError(client.send(new GetRestApiCommand({ restApiId: 'missing123' })));
    assert.equal(err.name, 'NotFoundException');
    assert.equal(err.message, `Invalid API identifier specified ${ACCOUNT}:missing123`);
    assert.deepEqual(await g.store.scopes('apigateway.restapi'), [{ account: ACCOUNT, region: 'us-east-1' }]);
  });

  test('the SDK with the wrong secret gets the signature error (403)', async () => {
    const err = await sdkError(g.apigateway({ ...KEY, secretAccessKey: 'wrong' }).send(new GetRestApisCommand({})));
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.name, 'SignatureDoesNotMatchException');
    assert.match(err.message, /signature we calculated does not match/);
  });

  test('the SDK with a key Gatehouse does not know gets UnrecognizedClientException (403)', async () => {
    const err = await sdkError(g.apigateway({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'secret1' }).send(new GetRestApisCommand({})));
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.equal(err.name, 'UnrecognizedClientException');
    assert.equal(err.message, 'The security token included in the request is invalid.');
  });

  test('an unsigned request is refused with 403 MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${g.url}/restapis`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await res.json(), { message: 'Missing Authentication Token' });
  });

  test('a request signed the way botocore signs (no body hash header) is accepted', async () => {
    const { url, headers, body } = await signedFetch(g, 'POST', '/restapis', '{"name":"from-cli"}', 'header');
    assert.equal(headers['x-amz-content-sha256'], undefined);
    const res = await fetch(url, { method: 'POST', headers, body });
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(((await res.json()) as { name: string }).name, 'from-cli');
  });

  test('a signed request whose body was changed in flight is refused', async () => {
    const { url, headers } = await signedFetch(g, 'POST', '/restapis', '{"name":"original"}', 'header');
    const res = await fetch(url, { method: 'POST', headers, body: '{"name":"swapped!"}' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'SignatureDoesNotMatchException');
  });

  test('a presigned GET /restapis URL works', async () => {
    const { url, headers } = await signedFetch(g, 'GET', '/restapis', undefined, 'presign');
    assert.ok(url.searchParams.get('X-Amz-Signature'));
    const res = await fetch(url, { headers });
    assert.equal(res.status, 200, await res.clone().text());
    const names = ((await res.json()) as { item: { name: string }[] }).item.map((i) => i.name);
    assert.ok(names.includes('strict-api'), names.join(','));
  });

  test('a tampered presigned URL is refused', async () => {
    const { url, headers } = await signedFetch(g, 'GET', '/restapis', undefined, 'presign');
    url.searchParams.set('limit', '1');
    const res = await fetch(url, { headers });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'SignatureDoesNotMatchException');
    assert.match(((await res.json()) as { message: string }).message, /does not match/);
  });

  test('a presigned URL signed with the wrong secret is refused', async () => {
    const { url, headers } = await signedFetch(g, 'GET', '/restapis', undefined, 'presign', 'wrong');
    const res = await fetch(url, { headers });
    assert.equal(res.status, 403);
  });
});

describe('permissive mode', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse({ auth: 'permissive' });
  });
  after(() => g.stop());

  test('a 12-digit access key id is the account', async () => {
    const client = g.apigateway({ accessKeyId: '210987654321', secretAccessKey: 'anything', region: 'eu-central-1' });
    await client.send(new CreateRestApiCommand({ name: 'in-own-account' }));
    const err = await sdkError(client.send(new GetRestApiCommand({ restApiId: 'missing123' })));
    assert.equal(err.message, 'Invalid API identifier specified 210987654321:missing123');
    assert.deepEqual(await g.store.scopes('apigateway.restapi'), [{ account: '210987654321', region: 'eu-central-1' }]);
  });

  test('any other access key lands in the default account, whatever the secret', async () => {
    const client = g.apigateway({ accessKeyId: 'AKIAANYTHING', secretAccessKey: 'whatever' });
    const err = await sdkError(client.send(new GetRestApiCommand({ restApiId: 'missing123' })));
    assert.equal(err.message, 'Invalid API identifier specified 000000000000:missing123');
  });

  test('an unsigned request is served, in the default account and region', async () => {
    const res = await fetch(`${g.url}/restapis/missing123`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: 'Invalid API identifier specified 000000000000:missing123' });
  });
});

describe('default account', () => {
  test('--default-account decides where unmapped keys land', async () => {
    const g = await startTestGatehouse({ defaultAccount: '555555555555' });
    try {
      const err = await sdkError(g.apigateway().send(new GetRestApiCommand({ restApiId: 'missing123' })));
      assert.equal(err.message, 'Invalid API identifier specified 555555555555:missing123');
    } finally {
      await g.stop();
    }
  });
});
