/**
 * Route authorization for HTTP APIs: JWT authorizers (jwt.ts), Lambda REQUEST authorizers and
 * AWS_IAM (SigV4, verified as for REST APIs by rest/iam-auth.ts).
 *
 * Lambda authorizers: the identity sources (`$request.header.X`, `$request.querystring.X`,
 * `$context.X`, `$stageVariables.X`) must all be present, else 401 without calling the function.
 * The function gets the payload 1.0 or 2.0 event and answers either a simple response
 * (`{"isAuthorized": bool, "context": {...}}`, payload 2.0 with enableSimpleResponses) or an IAM
 * policy over the routeArn. Denied: 403 {"message":"Forbidden"}; a function that fails or answers
 * something else: 500 {"message":"Internal Server Error"}. With authorizerResultTtlInSeconds the
 * answer is cached by the identity sources' values.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 */
import { GatewayError } from '../errors.js';
import type { InvocationContext } from '../rest/context.js';
import { evaluatePolicy, parseAuthorizerAnswer, type AuthorizerAnswer } from '../rest/authorizer-policy.js';
import { authenticateIam, type IamSettings } from '../rest/iam-auth.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';
import type { CompiledAuthorizer } from './compile.js';
import type { HttpContext } from './context.js';
import { forbidden, HttpApiError, internalServerError, unauthorized } from './errors.js';
import { runFunction, targetOf } from './lambda.js';
import { evaluate } from './mapping.js';
import { requestSources } from './http-proxy.js';
import { eventV1, eventV2 } from './payload.js';
import type { JwtIssuers } from './jwt.js';

export interface AuthorizeEnv {
  jwt: JwtIssuers;
  functions?: LambdaFunctions;
  iam?: IamSettings;
  cache: AuthorizerCache;
}

/** What a Lambda authorizer answered, as cached. */
type Decision = { simple: true; allowed: boolean; context: Record<string, unknown> } | { simple: false; answer: AuthorizerAnswer; context: Record<string, unknown> };

/** Cached authorizer answers by API, stage, authorizer and identity values, until their TTL runs out. */
export class AuthorizerCache {
  private readonly entries = new Map<string, { decision: Decision; expires: number }>();
  private static readonly LIMIT = 10_000;

  get(key: string): Decision | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.decision;
  }

  set(key: string, decision: Decision, ttlSeconds: number): void {
    if (this.entries.size >= AuthorizerCache.LIMIT) this.entries.clear();
    this.entries.set(key, { decision, expires: Date.now() + ttlSeconds * 1000 });
  }

  /** Drops an API's cached answers (a new deployment or stage change). */
  clearApi(apiId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${apiId}\u0000`)) this.entries.delete(key);
  }

  /** Drops one stage's cached answers (ResetAuthorizersCache). */
  clearStage(apiId: string, stageName: string): void {
    const prefix = `${apiId}\u0000${stageName}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

export async function authorize(ctx: HttpContext, env: AuthorizeEnv): Promise<void> {
  const route = ctx.route!;
  switch (route.authorizationType) {
    case 'NONE':
      return;
    case 'AWS_IAM':
      return iam(ctx, env.iam);
    case 'JWT': {
      const a = route.authorizer;
      if (!a) throw internalServerError('the route names no authorizer');
      const token = identityValues(ctx, a);
      if (!token) throw unauthorized('no token in the identity source');
      const jwt = await env.jwt.verify(token[0], a.issuer, a.audience, route.scopes);
      ctx.authorizer = { jwt };
      return;
    }
    case 'CUSTOM':
      return lambdaAuthorizer(ctx, env);
  }
}

/** The identity sources' values, or undefined when one is missing or empty. */
function identityValues(ctx: HttpContext, a: CompiledAuthorizer): string[] | undefined {
  const src = requestSources(ctx);
  const values: string[] = [];
  for (const parts of a.identitySource) {
    const v = evaluate(parts, src);
    if (v === '') return undefined;
    values.push(v);
  }
  return values;
}

const routeArn = (ctx: HttpContext) =>
  `arn:aws:execute-api:${ctx.stage.scope.region}:${ctx.stage.scope.account}:${ctx.stage.apiId}/${ctx.stage.stageName}/${ctx.request.httpMethod}${ctx.request.path}`;

async function lambdaAuthorizer(ctx: HttpContext, env: AuthorizeEnv): Promise<void> {
  const a = ctx.route!.authorizer;
  if (!a || !a.uri) throw internalServerError('the route names no Lambda authorizer');
  const values = identityValues(ctx, a);
  if (!values) throw unauthorized('an identity source is missing');
  const arn = routeArn(ctx);
  const caching = a.ttlSeconds > 0 && a.identitySource.length > 0;
  // Per stage, as AWS caches them (ResetAuthorizersCache resets one stage's).
  const key = `${ctx.stage.apiId}\u0000${ctx.stage.stageName}\u0000${a.id}\u0000${values.join('\u0000')}`;
  let decision = caching ? env.cache.get(key) : undefined;
  if (!decision) {
    decision = await callAuthorizer(ctx, env, a, values, arn);
    if (caching) env.cache.set(key, decision, a.ttlSeconds);
  }
  const allowed = decision.simple ? decision.allowed : evaluatePolicy(decision.answer, arn) === 'allow';
  if (!allowed) throw forbidden('the authorizer denied the request');
  if (a.payloadFormatVersion === '2.0') ctx.authorizer = { lambda: decision.context };
  else ctx.authorizer = { lambda: decision.context, ...(decision.simple ? {} : { principalId: decision.answer.principalId }) };
}

async function callAuthorizer(ctx: HttpContext, env: AuthorizeEnv, a: CompiledAuthorizer, values: string[], arn: string): Promise<Decision> {
  const target = targetOf(a, ctx);
  if (!target) throw internalServerError(`Invalid authorizer uri: ${a.uri}`);
  let event: Record<string, unknown>;
  if (a.payloadFormatVersion === '2.0') {
    const e = eventV2(ctx);
    event = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: arn,
      identitySource: values,
      routeKey: e.routeKey,
      rawPath: e.rawPath,
      rawQueryString: e.rawQueryString,
      ...(e.cookies ? { cookies: e.cookies } : {}),
      headers: e.headers,
      ...(e.queryStringParameters ? { queryStringParameters: e.queryStringParameters } : {}),
      requestContext: e.requestContext,
      ...(e.pathParameters ? { pathParameters: e.pathParameters } : {}),
      ...(e.stageVariables ? { stageVariables: e.stageVariables } : {}),
    };
  } else {
    const e = eventV1(ctx);
    delete e.body;
    delete e.isBase64Encoded;
    event = { version: '1.0', type: 'REQUEST', methodArn: arn, identitySource: values.join(','), authorizationToken: values.join(','), ...e };
    event.version = '1.0';
  }
  let result;
  try {
    result = await runFunction(env.functions, target, event, ctx, 10_000);
  } catch (err) {
    if (err instanceof HttpApiError && err.status === 503) throw internalServerError(err.detail);
    throw err;
  }
  if (result.failed) {
    if (/"errorMessage"\s*:\s*"Unauthorized"/.test(result.payload.toString('utf8'))) throw unauthorized('the authorizer raised Unauthorized');
    throw internalServerError(`The authorizer failed: ${result.payload.toString('utf8').slice(0, 500)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.payload.toString('utf8'));
  } catch {
    throw internalServerError('The authorizer answered something that is not JSON');
  }
  const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const context = obj && obj.context !== null && typeof obj.context === 'object' && !Array.isArray(obj.context) ? (obj.context as Record<string, unknown>) : {};
  if (a.payloadFormatVersion === '2.0' && a.simpleResponses) {
    if (!obj || typeof obj.isAuthorized !== 'boolean') throw internalServerError('The authorizer answered no boolean isAuthorized');
    return { simple: true, allowed: obj.isAuthorized, context };
  }
  // The policy is read without the context (HTTP APIs allow lists and maps there, REST APIs do not).
  const answer = obj ? parseAuthorizerAnswer(Buffer.from(JSON.stringify({ ...obj, context: undefined }))) : undefined;
  if (!answer) throw internalServerError('The authorizer answered no valid IAM policy');
  return { simple: false, answer, context };
}

/** AWS_IAM: the SigV4 verification REST APIs use; the signer is the integration's `authorizer.iam`. */
async function iam(ctx: HttpContext, settings: IamSettings | undefined): Promise<void> {
  const restView = { request: ctx.request, stage: { scope: ctx.stage.scope } } as unknown as InvocationContext;
  try {
    const caller = await authenticateIam(restView, settings);
    ctx.iam = { accessKey: caller.accessKey, accountId: caller.account, userArn: caller.arn, userId: caller.userId, caller: caller.userId };
    ctx.authorizer = {
      iam: {
        accessKey: caller.accessKey,
        accountId: caller.account,
        callerId: caller.userId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: caller.arn,
        userId: caller.userId,
      },
    };
  } catch (err) {
    if (err instanceof GatewayError) throw new HttpApiError(403, err.responseType === 'MISSING_AUTHENTICATION_TOKEN' ? 'Forbidden' : err.message, err.detail);
    throw err;
  }
}
