/**
 * Fuzzes every implemented apigateway Update* operation - the real patch rule sets of each
 * resource - through a running Gatehouse: a REST API with a resource, method, integration,
 * responses, model, validator, authorizer, deployment, stage and gateway response, then random
 * patchOperations lists. Each answer is a success or a JSON 4xx error, never a 500, and a
 * refused update changes nothing (checked by reading the resource again).
 * Fixed seed: a failure names the case that reproduces it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { mulberry32, nastyString, type Rng } from './prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const CASES = Number(process.env.FUZZ_CASES ?? 1000);

const PATHS = [
  '/name', '/description', '/policy', '/binaryMediaTypes/image~1png', '/binaryMediaTypes/*~1*', '/minimumCompressionSize', '/apiKeySource',
  '/endpointConfiguration/types/EDGE', '/endpointConfiguration/types/0', '/endpointConfiguration/ipAddressType', '/endpointConfiguration/vpcEndpointIds',
  '/disableExecuteApiEndpoint', '/tags/x', '/parentId', '/pathPart', '/authorizationType', '/authorizerId', '/apiKeyRequired', '/operationName',
  '/requestValidatorId', '/requestParameters/method.request.header.x', '/requestParameters/integration.request.header.x', '/requestModels/application~1json',
  '/authorizationScopes', '/responseParameters/method.response.header.x', '/responseModels/application~1json', '/uri', '/httpMethod', '/type',
  '/connectionType', '/connectionId', '/credentials', '/passthroughBehavior', '/contentHandling', '/timeoutInMillis', '/cacheNamespace',
  '/cacheKeyParameters/method.request.header.x', '/requestTemplates/application~1json', '/tlsConfig/insecureSkipVerification', '/selectionPattern',
  '/responseTemplates/application~1json', '/schema', '/contentType', '/validateRequestBody', '/validateRequestParameters', '/authorizerUri',
  '/identitySource', '/identityValidationExpression', '/authorizerResultTtlInSeconds', '/providerARNs', '/providerARNs/0', '/deploymentId', '/variables/x',
  '/variables/__proto__', '/cacheClusterEnabled', '/cacheClusterSize', '/tracingEnabled', '/*/*/throttling/burstLimit', '/*/*/throttling/rateLimit',
  '/~1/GET/logging/loglevel', '/~1/GET/logging/dataTrace', '/*/*/caching/enabled', '/*/*/caching/ttlInSeconds', '/~1pets/GET/metrics/enabled',
  '/accessLogSettings/destinationArn', '/accessLogSettings/format', '/accessLogSettings', '/canarySettings/percentTraffic', '/canarySettings/deploymentId',
  '/canarySettings/stageVariableOverrides/x', '/canarySettings/useStageCache', '/canarySettings', '/statusCode',
  '/responseParameters/gatewayresponse.header.x', '/webAclArn', '/clientCertificateId', '/documentationVersion', '/', '', '/x/y/z', '/name/',
];

const VALUES = [
  'true', 'false', '5', '-1', '0', '1.5', '99999999999', 'EDGE', 'REGIONAL', 'PRIVATE', 'HEADER', 'AUTHORIZER', 'NONE', 'AWS_IAM', 'CUSTOM',
  'COGNITO_USER_POOLS', 'HTTP', 'HTTP_PROXY', 'MOCK', 'AWS', 'AWS_PROXY', 'INTERNET', 'VPC_LINK', 'WHEN_NO_MATCH', 'NEVER', 'CONVERT_TO_TEXT',
  'CONVERT_TO_BINARY', 'INFO', 'ERROR', 'OFF', '0.5', '1.6', '237', 'ipv4', 'dualstack', 'application/json', '{"type":"object"}', '{',
  'method.request.header.x', "'static'", 'https://example.com/{proxy}', 'GET', 'POST', 'ANY', '200', '4\\d{2}', 'method.request.header.Authorization',
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
  'arn:aws:iam::123456789012:role/r', 'arn:aws:logs:us-east-1:123456789012:log-group:g', '$context.requestId', '{"Version":"2012-10-17","Statement":[]}',
];

/** Paths each resource really has (AWS's patch-operations page), so most lists get past the first op. */
const OWN_PATHS: Record<string, string[]> = {
  UpdateRestApi: ['/name', '/description', '/policy', '/binaryMediaTypes/image~1png', '/minimumCompressionSize', '/apiKeySource', '/endpointConfiguration/types/EDGE', '/disableExecuteApiEndpoint'],
  UpdateResource: ['/pathPart', '/parentId'],
  UpdateMethod: ['/authorizationType', '/authorizerId', '/apiKeyRequired', '/operationName', '/requestValidatorId', '/requestParameters/method.request.header.x', '/requestModels/application~1json', '/authorizationScopes'],
  UpdateMethodResponse: ['/responseParameters/method.response.header.x', '/responseModels/application~1json'],
  UpdateIntegration: ['/uri', '/httpMethod', '/type', '/connectionType', '/credentials', '/passthroughBehavior', '/contentHandling', '/timeoutInMillis', '/cacheNamespace', '/requestTemplates/application~1json', '/requestParameters/integration.request.header.x', '/tlsConfig/insecureSkipVerification'],
  UpdateIntegrationResponse: ['/selectionPattern', '/contentHandling', '/responseTemplates/application~1json', '/responseParameters/method.response.header.x'],
  UpdateModel: ['/schema', '/description', '/name', '/contentType'],
  UpdateRequestValidator: ['/name', '/validateRequestBody', '/validateRequestParameters'],
  UpdateAuthorizer: ['/name', '/type', '/authorizerUri', '/identitySource', '/identityValidationExpression', '/authorizerResultTtlInSeconds', '/providerARNs/0'],
  UpdateDeployment: ['/description'],
  UpdateStage: ['/description', '/deploymentId', '/variables/x', '/cacheClusterEnabled', '/cacheClusterSize', '/tracingEnabled', '/*/*/throttling/burstLimit', '/*/*/throttling/rateLimit', '/~1pets/GET/logging/loglevel', '/*/*/caching/enabled', '/accessLogSettings/destinationArn', '/canarySettings/percentTraffic', '/canarySettings/deploymentId'],
  UpdateGatewayResponse: ['/statusCode', '/responseParameters/gatewayresponse.header.x', '/responseTemplates/application~1json'],
};

let g: TestGatehouse;
let targets: { op: string; method: string; path: string; read: string }[];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(`${g.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    /* callers check */
  }
  return { status: res.status, json, text };
}

async function must(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await call(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} -> ${res.status} ${res.text}`);
  return res.json;
}

before(async () => {
  g = await startTestGatehouse({ inMemory: true });
  const api = await must('POST', '/restapis', { name: 'fuzz', tags: { a: 'b' } });
  const a = `/restapis/${api.id}`;
  const res = await must('POST', `${a}/resources/${api.rootResourceId}`, { pathPart: 'pets' });
  const r = `${a}/resources/${res.id}`;
  await must('PUT', `${r}/methods/GET`, { authorizationType: 'NONE', requestParameters: { 'method.request.header.x': false } });
  await must('PUT', `${r}/methods/GET/responses/200`, { responseParameters: { 'method.response.header.x': false } });
  await must('PUT', `${r}/methods/GET/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  await must('PUT', `${r}/methods/GET/integration/responses/200`, { selectionPattern: '' });
  await must('POST', `${a}/models`, { name: 'Pet', contentType: 'application/json', schema: '{"type":"object"}' });
  const validator = await must('POST', `${a}/requestvalidators`, { name: 'v', validateRequestBody: true });
  const authorizer = await must('POST', `${a}/authorizers`, {
    name: 'auth',
    type: 'TOKEN',
    identitySource: 'method.request.header.Authorization',
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations',
  });
  const deployment = await must('POST', `${a}/deployments`, { stageName: 'prod' });
  await must('POST', `${a}/deployments`, { stageName: 'beta' });
  await must('PUT', `${a}/gatewayresponses/DEFAULT_4XX`, { statusCode: '400' });
  const all = [
    { op: 'UpdateRestApi', path: a },
    { op: 'UpdateResource', path: r },
    { op: 'UpdateMethod', path: `${r}/methods/GET` },
    { op: 'UpdateMethodResponse', path: `${r}/methods/GET/responses/200` },
    { op: 'UpdateIntegration', path: `${r}/methods/GET/integration` },
    { op: 'UpdateIntegrationResponse', path: `${r}/methods/GET/integration/responses/200` },
    { op: 'UpdateModel', path: `${a}/models/Pet` },
    { op: 'UpdateRequestValidator', path: `${a}/requestvalidators/${validator.id}` },
    { op: 'UpdateAuthorizer', path: `${a}/authorizers/${authorizer.id}` },
    { op: 'UpdateDeployment', path: `${a}/deployments/${deployment.id}` },
    { op: 'UpdateStage', path: `${a}/stages/prod` },
    { op: 'UpdateGatewayResponse', path: `${a}/gatewayresponses/DEFAULT_4XX` },
  ];
  const implemented = ((await (await fetch(`${g.url}/_gatehouse/operations`)).json()) as { apigateway: Record<string, boolean> }).apigateway;
  targets = all.filter((t) => implemented[t.op]).map((t) => ({ ...t, method: 'PATCH', read: t.path }));
});
after(() => g.stop());

function randomOps(rng: Rng, own: string[]): unknown[] {
  return Array.from({ length: rng.chance(0.6) ? 1 : 2 + rng.int(3) }, () => {
    const op: Record<string, unknown> = { op: rng.pick(['add', 'remove', 'replace', 'replace', 'replace', 'move', 'copy', 'test']) };
    if (rng.chance(0.95)) op.path = rng.chance(0.6) ? rng.pick(own) : rng.chance(0.8) ? rng.pick(PATHS) : '/' + nastyString(rng);
    if (rng.chance(0.85)) op.value = rng.chance(0.7) ? rng.pick(VALUES) : nastyString(rng);
    if (rng.chance(0.15)) op.from = rng.chance(0.7) ? rng.pick(PATHS) : nastyString(rng);
    return op;
  });
}

test(`${CASES} random patch lists against every implemented Update*: never a 500, and a refused update changes nothing`, async () => {
  assert.ok(targets.length > 0, 'no Update* operation is implemented yet');
  const rng = mulberry32(SEED);
  const failures: string[] = [];
  const outcomes = new Map<string, number>();
  const known = new Map<string, { text: string }>(); // each resource as last read
  for (let i = 0; i < CASES; i++) {
    const t = rng.pick(targets);
    const patchOperations = randomOps(rng, OWN_PATHS[t.op]);
    const where = `case ${i} (seed ${SEED}) ${t.op} ${JSON.stringify(patchOperations).slice(0, 300)}`;
    const before = (known.get(t.op) ?? (await call('GET', t.read))).text;
    const res = await call('PATCH', t.path, { patchOperations });
    outcomes.set(`${t.op} ${res.status}`, (outcomes.get(`${t.op} ${res.status}`) ?? 0) + 1);
    // Resources embed each other (a method shows its integration): any success may change any read.
    if (res.status < 300) known.clear();
    const after = await call('GET', t.read);
    known.set(t.op, after);
    if (res.status >= 500) failures.push(`${where} -> ${res.status} ${res.text.slice(0, 200)}`);
    else if (res.status >= 400) {
      if (typeof res.json.message !== 'string') failures.push(`${where} -> ${res.status} without a JSON message: ${res.text.slice(0, 200)}`);
      if (after.text !== before) failures.push(`${where} -> refused (${res.status} ${res.text.slice(0, 120)}) but the resource changed`);
    }
  }
  if (process.env.FUZZ_STATS) console.log([...outcomes].sort());
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failing cases`);
});
