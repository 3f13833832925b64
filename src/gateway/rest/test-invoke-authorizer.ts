/**
 * TestInvokeAuthorizer on the data plane: runs a TOKEN or REQUEST authorizer as it is defined now
 * (deployed or not, no answer cache) against a simulated request, and reports what AWS reports:
 * clientStatus (0 when the function answered a policy, else what the client would get: 401, 500),
 * the principalId and policyDocument it answered, the latency and the execution log. The policy is
 * not evaluated: there is no method; a Deny is still a success here, 403 only on a real call
 * (apigateway-use-lambda-authorizer.html: "the test of the authorizer function returns a 200 OK
 * HTTP response and a Deny IAM policy").
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
 *
 * The event is the console's: methodArn `.../{apiId}/ESTestInvoke-stage/GET/{path}`, requestContext
 * with stage "test-invoke-stage", resourceId "test-invoke-resource-id", apiKey "test-invoke-api-key".
 * The log's lines and their wording are AWS's, as its execution logs show them ("Starting
 * authorizer: {id} for request: {id}", "Incoming identity: ...", the endpoint request, "Authorizer
 * result body before parsing: ...", "Using valid authorizer policy for principal: ...",
 * "Successfully completed authorizer execution"; on failure "Unauthorized request: {id}" /
 * "Unauthorized", or "Execution failed due to configuration error: ..." / AuthorizerConfigurationException),
 * identities and principals masked as AWS masks them.
 * Left out: `authorization` (no recording shows what AWS puts there).
 *
 * A COGNITO_USER_POOLS authorizer verifies the token in its identity source header as a method
 * without authorization scopes would (an ID token: the console tests ID tokens only, per AWS's
 * knowledge center) and answers the token's `claims` as the method's integration would see them.
 * https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { S_Authorizer } from '../../aws/generated/apigateway.js';
import type { TestInvokeAuthorizerRequest, TestInvokeAuthorizerResult } from '../../definitions/test-invoke.js';
import { authorizerConfigurationError, DEFAULT_STATUS, GatewayError } from '../errors.js';
import { AUTHORIZER_ERROR, identityOf, invokeAuthorizer, readSource } from './authorizer-invoke.js';
import { compileAuthorizer, type CompiledAuthorizer } from './authorizers.js';
import { cognitoClaims, compileCognitoAuthorizer } from '../cognito/authorizer.js';
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';
import type { PipelineEnv } from './env.js';
import { ResourceRouter } from './router.js';
import { javaDate, javaMap } from './test-invoke-log.js';
import { TEST_INVOKE_STAGE, testRequest } from './test-request.js';

/** The stage name AWS puts in a test invocation's methodArn (not the requestContext's stage). */
const METHOD_ARN_STAGE = 'ESTestInvoke-stage';

export async function testInvokeAuthorizer(env: PipelineEnv, req: TestInvokeAuthorizerRequest): Promise<TestInvokeAuthorizerResult> {
  const started = performance.now();
  const ctx = authorizerContext(req);
  const lines = [`Execution log for request ${ctx.requestId}`];
  const log = (event: string) => lines.push(`${javaDate(new Date())} : ${event}`);
  log(`Starting authorizer: ${req.authorizer.id} for request: ${ctx.requestId}`);

  const result: Omit<TestInvokeAuthorizerResult, 'log' | 'latency'> = { clientStatus: 0 };
  try {
    if (req.authorizer.type === 'COGNITO_USER_POOLS') {
      result.claims = await testCognito(env, ctx, req.authorizer, log);
      return { ...result, log: lines.join('\n') + '\n', latency: Math.round(performance.now() - started) };
    }
    const a = compileAuthorizer(req.authorizer);
    if ('broken' in a) throw authorizerConfigurationError(a.broken);
    const identity = identityOf(ctx, a);
    log(`Incoming identity: ${incomingIdentity(ctx, a, req.authorizer)}`);
    const methodArn = `arn:aws:execute-api:${req.scope.region}:${req.scope.account}:${req.restApiId}/${METHOD_ARN_STAGE}/GET/${ctx.request.path.replace(/^\//, '')}`;
    const { answer, payload } = await invokeAuthorizer(ctx, env, a, methodArn, identity, { trace: log });
    log(`Using valid authorizer policy for principal: ${mask(answer.principalId)}`);
    log('Successfully completed authorizer execution');
    result.principalId = answer.principalId;
    result.policy = JSON.stringify((JSON.parse(payload.toString('utf8')) as { policyDocument: unknown }).policyDocument);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    result.clientStatus = err.statusOverride ?? DEFAULT_STATUS[err.responseType];
    for (const line of failureLines(err, ctx.requestId)) log(line);
  }
  return { ...result, log: lines.join('\n') + '\n', latency: Math.round(performance.now() - started) };
}

/** The claims of the request's token, as a method without scopes would check it; a GatewayError (401, 500) otherwise. */
async function testCognito(env: PipelineEnv, ctx: InvocationContext, stored: S_Authorizer, log: (line: string) => void): Promise<Record<string, string>> {
  const a = compileCognitoAuthorizer(stored, undefined);
  if ('broken' in a) throw authorizerConfigurationError(a.broken);
  const value = ctx.request.headers[a.header];
  log(`Incoming identity: ${mask(value ?? '')}`);
  const claims = await cognitoClaims(env.cognito, a, value);
  log('Successfully completed authorizer execution');
  return claims;
}

function authorizerContext(req: TestInvokeAuthorizerRequest): InvocationContext {
  const request = testRequest('GET', req.pathWithQueryString || '/', req);
  const ctx: InvocationContext = {
    requestId: randomUUID(),
    extendedRequestId: 'test-invoke-extendedRequestId',
    requestTimeEpoch: Date.now(),
    target: { apiId: req.restApiId, stageName: TEST_INVOKE_STAGE },
    request,
    stage: {
      scope: req.scope,
      apiId: req.restApiId,
      stageName: TEST_INVOKE_STAGE,
      deploymentId: 'test-invoke-deployment-id',
      variables: { ...(req.stageVariables ?? {}) },
      isCanary: false,
      api: { router: new ResourceRouter(), binaryMediaTypes: [], gatewayResponses: new Map() },
    },
    resource: { id: 'test-invoke-resource-id', path: '/', methods: new Map() },
    pathParameters: {},
  };
  const vars = contextVariables(ctx);
  (vars.identity as Record<string, unknown>).apiKey = 'test-invoke-api-key';
  // additionalContext: more `$context` variables, which `context.*` identity sources read.
  for (const [name, value] of Object.entries(req.additionalContext ?? {})) vars[name] = value;
  return ctx;
}

/** TOKEN: the token, masked; REQUEST: each source as written in identitySource with its masked value. */
function incomingIdentity(ctx: InvocationContext, a: CompiledAuthorizer, stored: S_Authorizer): string {
  const written = (stored.identitySource ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (a.type === 'TOKEN') return mask(readSource(ctx, a.identitySources[0]) ?? '');
  const shown: Record<string, string> = {};
  a.identitySources.forEach((source, i) => (shown[written[i]] = mask(readSource(ctx, source) ?? '')));
  return javaMap(shown);
}

/**
 * As AWS's logs mask identities and principals: all but the last 6 characters starred
 * ("********aaaaaa"), all but the last 2 for short values ("***ow" for "allow", "**er" for "user").
 */
export function mask(value: string): string {
  const visible = value.length > 12 ? 6 : value.length > 2 ? 2 : 0;
  return '*'.repeat(value.length - visible) + value.slice(value.length - visible);
}

function failureLines(err: GatewayError, requestId: string): string[] {
  if (err.responseType === 'UNAUTHORIZED') return [`Unauthorized request: ${requestId}`, 'Unauthorized'];
  const detail = err.detail ?? AUTHORIZER_ERROR;
  const lines: string[] = [];
  if (detail.startsWith('Execution failed')) lines.push(detail);
  else lines.push(`Execution failed due to configuration error: ${detail}`);
  // AWS closes every failure but an unparseable answer with "Authorizer error" (its execution logs as users quote them).
  if (detail !== AUTHORIZER_ERROR && detail !== 'Could not parse policy') lines.push(`Execution failed due to configuration error: ${AUTHORIZER_ERROR}`);
  lines.push(err.errorType ?? 'AuthorizerConfigurationException');
  return lines;
}
