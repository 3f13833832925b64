/**
 * Authorize: a method with authorizationType CUSTOM runs its Lambda authorizer (TOKEN or REQUEST)
 * before the integration request; every other method passes through at no cost. The function's
 * policy is evaluated against the request's methodArn; principalId and context become
 * `$context.authorizer.*` (and the proxy event's requestContext.authorizer). Answers are cached
 * per identity for authorizerResultTtlInSeconds, and a cached policy is evaluated per request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
import { accessDenied, authorizerConfigurationError, GatewayError, unauthorized } from '../../errors.js';
import { errorMessage, invokeFunction } from '../../integrations/aws-lambda.js';
import { proxyEvent, substituteStageVariables } from '../../integrations/aws-proxy.js';
import { parseLambdaUri } from '../../integrations/lambda-functions.js';
import { evaluatePolicy, parseAuthorizerAnswer, type AuthorizerAnswer } from '../authorizer-policy.js';
import type { CompiledAuthorizer, IdentitySource } from '../authorizers.js';
import { DEFAULT_TIMEOUT_MS } from '../compile.js';
import type { InvocationContext } from '../context.js';
import { contextVariables } from '../context-variables.js';
import type { PipelineEnv } from '../env.js';

/** Entries kept per authorizer before the cache is emptied (a bound on memory, not an AWS limit). */
const CACHE_LIMIT = 10_000;

export function authorize(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const a = ctx.method?.authorizer;
  if (!a) return;
  if ('broken' in a) throw authorizerConfigurationError(a.broken);
  return run(ctx, env, a);
}

async function run(ctx: InvocationContext, env: PipelineEnv, a: CompiledAuthorizer): Promise<void> {
  const identity = identityOf(ctx, a);
  const methodArn = methodArnOf(ctx);
  const now = Date.now();
  let answer: AuthorizerAnswer | undefined;
  let latency = 0;
  if (a.ttlSeconds > 0) {
    const hit = a.cache.get(identity);
    if (hit && hit.expires > now) answer = hit.answer;
  }
  if (!answer) {
    answer = await call(ctx, env, a, methodArn, identity);
    latency = Date.now() - now;
    if (a.ttlSeconds > 0) {
      if (a.cache.size >= CACHE_LIMIT) a.cache.clear();
      a.cache.set(identity, { expires: now + a.ttlSeconds * 1000, answer });
    }
  }
  const decision = evaluatePolicy(answer, methodArn);
  if (decision !== 'allow') throw accessDenied(decision === 'deny');
  ctx.authorizer = { principalId: answer.principalId, context: answer.context, usageIdentifierKey: answer.usageIdentifierKey };
  // $context.authorizer.principalId / .integrationLatency / .{key}, and the proxy event's requestContext.authorizer.
  contextVariables(ctx).authorizer = { ...answer.context, principalId: answer.principalId, integrationLatency: latency };
}

/**
 * The identity the answer is cached under: the token (TOKEN) or the sources' values joined
 * (REQUEST). A missing source is 401; for REQUEST only while caching is on (with a TTL of 0, AWS
 * does not require the sources).
 */
function identityOf(ctx: InvocationContext, a: CompiledAuthorizer): string {
  const values: string[] = [];
  for (const source of a.identitySources) {
    const value = read(ctx, source);
    if (value === undefined || value === '') {
      if (a.type === 'TOKEN' || a.ttlSeconds > 0) throw unauthorized('identity source missing');
      continue;
    }
    values.push(value);
  }
  if (a.type === 'TOKEN') {
    if (!values.length) throw unauthorized('identity source missing');
    if (a.validation && !a.validation.test(values[0])) throw unauthorized('token does not match identityValidationExpression');
  }
  return values.join(',');
}

function read(ctx: InvocationContext, source: IdentitySource): string | undefined {
  switch (source.from) {
    case 'header':
      return ctx.request.headers[source.name];
    case 'querystring':
      return ctx.request.query.get(source.name) ?? undefined;
    case 'stageVariables':
      return ctx.stage?.variables[source.name];
    case 'context': {
      let v: unknown = contextVariables(ctx);
      for (const key of source.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return v === undefined || v === null ? undefined : String(v);
    }
  }
}

/** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}. */
function methodArnOf(ctx: InvocationContext): string {
  const s = ctx.stage!;
  return `arn:aws:execute-api:${s.scope.region}:${s.scope.account}:${s.apiId}/${s.stageName}/${ctx.request.httpMethod}/${ctx.request.path.replace(/^\//, '')}`;
}

async function call(ctx: InvocationContext, env: PipelineEnv, a: CompiledAuthorizer, methodArn: string, identity: string): Promise<AuthorizerAnswer> {
  const stage = ctx.stage!;
  const target = parseLambdaUri(substituteStageVariables(a.uri, stage.variables), stage.scope);
  if (!target) throw authorizerConfigurationError(`authorizer uri is not a Lambda function: ${a.uri}`);
  if (!env.functions) throw authorizerConfigurationError('Gatehouse runs without a function runtime');
  const event = a.type === 'TOKEN' ? { type: 'TOKEN', authorizationToken: identity, methodArn } : requestEvent(ctx, methodArn);
  let result;
  try {
    result = await invokeFunction(env.functions, target, Buffer.from(JSON.stringify(event)), ctx.requestId, DEFAULT_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof GatewayError) throw authorizerConfigurationError(err.detail ?? err.message);
    throw err;
  }
  if (result.functionError) {
    // The documented way to answer 401: raise an error whose message is exactly "Unauthorized".
    if (errorMessage(result.payload) === 'Unauthorized') throw unauthorized('authorizer raised Unauthorized');
    throw authorizerConfigurationError(`authorizer function error: ${result.payload.toString('utf8')}`);
  }
  const answer = parseAuthorizerAnswer(result.payload);
  if (!answer) throw authorizerConfigurationError(`invalid authorizer answer: ${result.payload.toString('utf8')}`);
  return answer;
}

/** The REQUEST authorizer's input: the proxy event's request fields, without the body. */
function requestEvent(ctx: InvocationContext, methodArn: string): Record<string, unknown> {
  const e = proxyEvent(ctx);
  return {
    type: 'REQUEST',
    methodArn,
    resource: e.resource,
    path: e.path,
    httpMethod: e.httpMethod,
    headers: e.headers ?? {},
    multiValueHeaders: e.multiValueHeaders ?? {},
    queryStringParameters: e.queryStringParameters ?? {},
    multiValueQueryStringParameters: e.multiValueQueryStringParameters ?? {},
    pathParameters: e.pathParameters ?? {},
    stageVariables: e.stageVariables ?? {},
    requestContext: e.requestContext,
  };
}
