/**
 * AWS_IAM methods over real HTTP: requests signed by @smithy/signature-v4 for execute-api pass and
 * carry the signer in $context.identity; unsigned, forged, tampered, expired and wrongly scoped
 * requests get AWS's 403s. Strict mode (--credentials) verifies every key; permissive mode
 * verifies the keys it knows and accepts any other well-formed signature.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDeploymentCommand, GetResourcesCommand, PutGatewayResponseCommand, UpdateMethodCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { useGatehouse, type Server } from '../helpers/gatehouse.js';
import { deployApi, type DeployedApi, type MethodSpec } from '../helpers/deployed-api.js';
import { signedHttp, type SignedCall } from '../helpers/sigv4.js';
import { createInput } from '../control/lambda/helpers.js';

const OWNER = { accessKeyId: 'AKIDOWNER', secretAccessKey: 'owner-secret' };
const OTHER = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other-secret' };
const OWNER_ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';

const IDENTITY_TEMPLATE =
  '{"accountId":"$context.identity.accountId","caller":"$context.identity.caller","user":"$context.identity.user",' +
  '"userArn":"$context.identity.userArn","accessKey":"$context.identity.accessKey"}';

const mock = (path: string, httpMethod = 'GET'): MethodSpec => ({
  path,
  httpMethod,
  integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  responses: [{ statusCode: '200', responseTemplates: { 'application/json': IDENTITY_TEMPLATE } }],
});

/** Deploys the methods, puts those named in `iam` under AWS_IAM, and deploys again. */
async function iamApi(server: Server, methods: MethodSpec[], iam: { path: string; httpMethod?: string }[], policy?: object): Promise<DeployedApi> {
  const api = await deployApi(server, { methods });
  const c = server.client;
  const resources = await c.send(new GetResourcesCommand({ restApiId: api.restApiId }));
  for (const m of iam) {
    const resourceId = resources.items!.find((r) => r.path === m.path)!.id!;
    await c.send(
      new UpdateMethodCommand({
        restApiId: api.restApiId,
        resourceId,
        httpMethod: m.httpMethod ?? 'GET',
        patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }],
      }),
    );
  }
  if (policy) await c.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }] }));
  await c.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
  return api;
}

const pathOf = (api: DeployedApi, path: string) => `/_aws/execute-api/${api.restApiId}/${api.stage}${path}`;

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function assertDenied(res: { status: number; headers: Record<string, unknown>; json(): unknown }, errorType: string, message: string | RegExp) {
  assert.equal(res.status, 403);
  assert.equal(res.headers['x-amzn-errortype'], errorType);
  const body = res.json() as { message: string };
  if (typeof message === 'string') assert.equal(body.message, message);
  else assert.match(body.message, message);
}

describe('strict mode: signatures verified against --credentials', () => {
  const server = useGatehouse(
    { inMemory: true, auth: 'strict', credentials: `${OWNER.accessKeyId}:${OWNER.secretAccessKey}:${OWNER_ACCOUNT},${OTHER.accessKeyId}:${OTHER.secretAccessKey}:${OTHER_ACCOUNT}` },
    OWNER,
  );
  const call = (api: DeployedApi, path: string, extra: Partial<SignedCall> = {}) => signedHttp(server.g.url, { ...OWNER, path: pathOf(api, path), ...extra });

  test('a request signed for execute-api passes, and the signer is $context.identity', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const res = await call(api, '/pets');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), {
      accountId: OWNER_ACCOUNT,
      caller: OWNER.accessKeyId,
      user: OWNER.accessKeyId,
      userArn: `arn:aws:iam::${OWNER_ACCOUNT}:root`,
      accessKey: OWNER.accessKeyId,
    });
  });

  test('with a query string and a body, both signed', async () => {
    const api = await iamApi(server, [mock('/pets', 'POST')], [{ path: '/pets', httpMethod: 'POST' }]);
    const res = await call(api, '/pets', { method: 'POST', query: { type: 'dog', q: 'a b/c' }, headers: { 'content-type': 'application/json' }, body: '{"name":"rex"}' });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json() as { accountId: string }).accountId, OWNER_ACCOUNT);
  });

  test('an unsigned request is 403 Missing Authentication Token; a NONE method of the same API is not affected', async () => {
    const api = await iamApi(server, [mock('/pets'), mock('/public')], [{ path: '/pets' }]);
    const res = await api.call('/pets');
    assertDenied(res, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    assert.equal(res.text, '{"message":"Missing Authentication Token"}');
    const open = await api.call('/public');
    assert.equal(open.status, 200);
    // No signer: the identity fields stay empty.
    assert.equal((open.json() as { accountId: string }).accountId, '');
  });

  test('a forged signature, a wrong secret, a tampered path, query, header or body: 403 InvalidSignatureException', async () => {
    const api = await iamApi(server, [mock('/pets', 'POST'), mock('/admin', 'POST')], [{ path: '/pets', httpMethod: 'POST' }, { path: '/admin', httpMethod: 'POST' }]);
    const post = { method: 'POST', headers: { 'content-type': 'application/json', 'x-team': 'a' }, body: '{"n":1}', query: { a: '1' } };
    const ok = await call(api, '/pets', post);
    assert.equal(ok.status, 200, ok.text);

    const forged = await call(api, '/pets', {
      ...post,
      tamper: (r) => {
        r.headers.authorization = r.headers.authorization.replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
      },
    });
    assertDenied(forged, 'InvalidSignatureException', MISMATCH);

    assertDenied(await call(api, '/pets', { ...post, secretAccessKey: 'not-the-secret' }), 'InvalidSignatureException', MISMATCH);
    const tampers: ((r: Parameters<NonNullable<SignedCall['tamper']>>[0]) => void)[] = [
      (r) => (r.path = pathOf(api, '/admin')),
      (r) => (r.query.a = '2'),
      (r) => (r.headers['x-team'] = 'b'),
      (r) => (r.body = '{"n":2}'),
    ];
    for (const tamper of tampers) assertDenied(await call(api, '/pets', { ...post, tamper }), 'InvalidSignatureException', MISMATCH);
  });

  test('a key Gatehouse does not know: "The security token included in the request is invalid."', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const res = await call(api, '/pets', { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' });
    assertDenied(res, 'AccessDeniedException', 'The security token included in the request is invalid.');
  });

  test('a signature more than 5 minutes old or ahead: AWS\'s Signature expired / not yet current', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const old = await call(api, '/pets', { signingDate: new Date(Date.now() - 10 * 60_000) });
    assertDenied(old, 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const ahead = await call(api, '/pets', { signingDate: new Date(Date.now() + 10 * 60_000) });
    assertDenied(ahead, 'InvalidSignatureException', /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
    // The expired signature is the EXPIRED_TOKEN gateway response: the API's own version applies.
    await server.client.send(new PutGatewayResponseCommand({ restApiId: api.restApiId, responseType: 'EXPIRED_TOKEN', statusCode: '401', responseTemplates: { 'application/json': '{"expired":$context.error.messageString}' } }));
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    const custom = await call(api, '/pets', { signingDate: new Date(Date.now() - 10 * 60_000) });
    assert.equal(custom.status, 401);
    assert.match((custom.json() as { expired: string }).expired, /^Signature expired: /);
  });

  test('a presigned URL passes; one with a changed query or past its expiry does not', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const ok = await call(api, '/pets', { presign: { expiresIn: 300 }, query: { a: '1' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((ok.json() as { accessKey: string }).accessKey, OWNER.accessKeyId);
    const changed = await call(api, '/pets', { presign: { expiresIn: 300 }, query: { a: '1' }, tamper: (r) => (r.query.a = '2') });
    assertDenied(changed, 'InvalidSignatureException', MISMATCH);
    const expired = await call(api, '/pets', { presign: { expiresIn: 60 }, signingDate: new Date(Date.now() - 10 * 60_000) });
    assert.equal(expired.status, 403);
  });

  test('a signature for another service or region, or an Authorization header that is no SigV4', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    assertDenied(await call(api, '/pets', { service: 'apigateway' }), 'InvalidSignatureException', "Credential should be scoped to correct service: 'execute-api'.");
    assertDenied(await call(api, '/pets', { region: 'eu-west-1' }), 'InvalidSignatureException', "Credential should be scoped to a valid region, not 'eu-west-1'.");
    const bearer = await api.call('/pets', { headers: { authorization: 'Bearer abc.def.ghi' } });
    assertDenied(bearer, 'IncompleteSignatureException', /^Invalid key=value pair \(missing equal-sign\) in Authorization header \(hashed with SHA-256 and encoded with Base64\): '[A-Za-z0-9+/]+=*'\.$/);
    const partial = await api.call('/pets', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDOWNER/20260101/us-east-1/execute-api/aws4_request' } });
    assertDenied(
      partial,
      'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256 Credential=AKIDOWNER/20260101/us-east-1/execute-api/aws4_request',
    );
  });

  test('another account\'s signer needs the resource policy\'s Allow (cross-account access)', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const denied = await call(api, '/pets', OTHER);
    assert.equal(denied.status, 403);
    assert.equal(denied.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.deepEqual(denied.json(), {
      Message: `User: arn:aws:iam::${OTHER_ACCOUNT}:root is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3333:${api.restApiId}/test/GET/pets`,
    });

    const shared = await iamApi(server, [mock('/pets')], [{ path: '/pets' }], {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
    });
    const allowed = await call(shared, '/pets', OTHER);
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal((allowed.json() as { accountId: string }).accountId, OTHER_ACCOUNT);
    // The owner needs no Allow of the policy (same account), but its explicit Deny stops the owner too.
    assert.equal((await call(shared, '/pets')).status, 200);
  });

  test('a resource policy Deny on the principal account stops a valid signature', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }], {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:PrincipalAccount': OWNER_ACCOUNT } } },
      ],
    });
    const res = await call(api, '/pets');
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), {
      Message: `User: arn:aws:iam::${OWNER_ACCOUNT}:root is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********3333:${api.restApiId}/test/GET/pets with an explicit deny`,
    });
  });
});

describe('permissive mode: only the keys Gatehouse knows are verified', () => {
  const server = useGatehouse({ inMemory: true, credentials: `${OWNER.accessKeyId}:${OWNER.secretAccessKey}` });
  const call = (api: DeployedApi, path: string, extra: Partial<SignedCall> = {}) => signedHttp(server.g.url, { ...OWNER, path: pathOf(api, path), ...extra });

  test('any well-formed signature of an unknown key passes, as the SDKs\' made-up local keys', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    const res = await call(api, '/pets', { accessKeyId: 'test', secretAccessKey: 'test' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { accountId: '000000000000', caller: 'test', user: 'test', userArn: 'arn:aws:iam::000000000000:root', accessKey: 'test' });
  });

  test('a known key is still verified; unsigned is still refused', async () => {
    const api = await iamApi(server, [mock('/pets')], [{ path: '/pets' }]);
    assert.equal((await call(api, '/pets')).status, 200);
    assertDenied(await call(api, '/pets', { secretAccessKey: 'wrong' }), 'InvalidSignatureException', MISMATCH);
    assertDenied(await api.call('/pets'), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    // An expired signature is refused even without a secret to check it against.
    assert.equal((await call(api, '/pets', { accessKeyId: 'test', secretAccessKey: 'test', signingDate: new Date(Date.now() - 3_600_000) })).status, 403);
  });

  test('the signer reaches an AWS_PROXY Lambda as requestContext.identity', async () => {
    const lambda = new LambdaClient({ ...server.g.clientConfig(), maxAttempts: 1 });
    try {
      const zip = zipSync({ 'index.mjs': strToU8('export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.identity) });\n') });
      await lambda.send(new CreateFunctionCommand(createInput('iam-identity-echo', { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip } })));
    } finally {
      lambda.destroy();
    }
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:iam-identity-echo/invocations';
    const api = await iamApi(server, [{ path: '/who', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }, responses: [] }], [{ path: '/who' }]);
    const res = await call(api, '/who', { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'any' });
    assert.equal(res.status, 200, res.text);
    const identity = res.json() as Record<string, unknown>;
    assert.equal(identity.accountId, '000000000000');
    assert.equal(identity.accessKey, 'AKIDLAMBDA');
    assert.equal(identity.caller, 'AKIDLAMBDA');
    assert.equal(identity.user, 'AKIDLAMBDA');
    assert.equal(identity.userArn, 'arn:aws:iam::000000000000:root');
    assert.equal(identity.sourceIp, '127.0.0.1');
    assert.equal(identity.cognitoIdentityId, null);
  });
});
