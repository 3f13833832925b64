/**
 * A Lambda REQUEST authorizer on $connect: a missing identity source is 401 without calling the
 * function, `callback("Unauthorized")` 401, a Deny policy 403, an Allow opens the connection and
 * its principalId and context reach every later event's requestContext.authorizer. AWS_IAM on
 * $connect verifies the upgrade request's SigV4 signature (here a presigned URL).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateAuthorizerCommand, CreateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { connect, invocationUri, nodeFunction, useWebSocketGatehouse, webSocketApi } from './helpers.js';

const server = useWebSocketGatehouse();

/** The guide's example authorizer: HeaderAuth1 'headerValue1' and QueryString1 'queryValue1' allow; 'deny' denies; else Unauthorized. */
const AUTHORIZER = `
const policy = (effect, resource) => ({ principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] }, context: { stringKey: 'stringval', numberKey: 123 } });
export const handler = async (event) => {
  if (event.type !== 'REQUEST' || !event.methodArn.endsWith('/$connect')) throw new Error('not a $connect REQUEST event');
  if (event.headers.HeaderAuth1 === 'headerValue1' && event.queryStringParameters?.QueryString1 === 'queryValue1') return policy('Allow', event.methodArn);
  if (event.headers.HeaderAuth1 === 'deny') return policy('Deny', event.methodArn);
  throw new Error('Unauthorized');
};
`;

describe('$connect authorizers', () => {
  let apiId: string;
  before(async () => {
    await nodeFunction(server, 'ws-authorizer', AUTHORIZER, { Timeout: 30 });
    await nodeFunction(server, 'ws-echo-auth', `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext) });\n`, { Timeout: 30 });
    // The authorizer needs the API first; the routes come after it.
    const api = await server.v2.send(new CreateApiCommand({ Name: 'ws-auth', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({
        ApiId: api.ApiId!,
        Name: 'by-header',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: invocationUri('ws-authorizer'),
        IdentitySource: ['route.request.header.HeaderAuth1', 'route.request.querystring.QueryString1'],
      }),
    );
    apiId = await webSocketApi(server, [
      { routeKey: '$connect', authorizerId: authorizer.AuthorizerId },
      { routeKey: '$default', integration: { IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri('ws-echo-auth') }, twoWay: true },
    ], { existing: api.ApiId! });
  });

  test('a missing identity source is 401', async () => {
    await assert.rejects(connect(server, apiId, 'prod', { headers: { HeaderAuth1: 'headerValue1' } }), (err: { status: number }) => err.status === 401);
  });

  test('the function raising Unauthorized is 401', async () => {
    await assert.rejects(connect(server, apiId, 'prod', { headers: { HeaderAuth1: 'wrong' }, query: '?QueryString1=queryValue1' }), (err: { status: number }) => err.status === 401);
  });

  test('a Deny policy is 403', async () => {
    await assert.rejects(connect(server, apiId, 'prod', { headers: { HeaderAuth1: 'deny' }, query: '?QueryString1=x' }), (err: { status: number; body: string }) => {
      assert.equal(err.status, 403);
      assert.deepEqual(JSON.parse(err.body), { message: 'Forbidden' });
      return true;
    });
  });

  test('an Allow connects, and the authorizer context reaches the message events', async () => {
    const c = await connect(server, apiId, 'prod', { headers: { HeaderAuth1: 'headerValue1' }, query: '?QueryString1=queryValue1' });
    c.ws.send('{}');
    const rc = JSON.parse(await c.next());
    assert.deepEqual(rc.authorizer, { principalId: 'me', stringKey: 'stringval', numberKey: 123 });
    await c.close();
  });
});

describe('AWS_IAM on $connect', () => {
  test('an unsigned upgrade is 403; a presigned URL connects', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'ws-iam', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    const apiId = api.ApiId!;
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', AuthorizationType: 'AWS_IAM' }));
    await webSocketApi(server, [], { existing: apiId });
    await assert.rejects(connect(server, apiId), (err: { status: number }) => err.status === 403);
    const url = new URL(server.g.url);
    const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
    const path = `/_aws/execute-api/${apiId}/prod`;
    const signed = await signer.presign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host } }, { expiresIn: 300 });
    const query = new URLSearchParams(Object.entries(signed.query ?? {}).map(([k, v]) => [k, String(v)])).toString();
    const c = await connect(server, apiId, 'prod', { query: `?${query}` });
    await c.close();
  });
});
