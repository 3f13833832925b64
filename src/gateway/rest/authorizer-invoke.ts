/**
 * Calling a Lambda authorizer (TOKEN or REQUEST), shared by the authorize stage and
 * TestInvokeAuthorizer: the identity read from its sources, the event, the function called, its
 * answer validated. Every failure is a GatewayError as AWS answers it:
 *  - no identity, a token failing identityValidationExpression, or the function raising exactly
 *    "Unauthorized": 401 UNAUTHORIZED;
 *  - anything else (function not found, function error, the function's own timeout, no answer
 *    within the 29 s API Gateway waits, an answer that is no policy): 500
 *    AUTHORIZER_CONFIGURATION_ERROR, body {"message":null}, x-amzn-ErrorType
 *    AuthorizerConfigurationException. AWS's execution logs, as users quote them, end each of these
 *    in AuthorizerConfigurationException ("Execution failed due to configuration error: Authorizer
 *    error", "... Invalid permissions on Lambda function", "... Could not parse policy"); none shows
 *    AUTHORIZER_FAILURE for a Lambda authorizer, so Gatehouse raises it for none.
 * `trace`, given by TestInvokeAuthorizer only, receives the endpoint lines of AWS's execution log.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
import { functionArn } from '../../definitions/lambda.js';
import { authorizerConfigurationError, GatewayError, unauthorized } from '../errors.js';
import { errorMessage, invokeFunction } from '../integrations/aws-lambda.js';
import { proxyEvent, substituteStageVariables } from '../integrations/aws-proxy.js';
import { parseLambdaUri } from '../integrations/lambda-functions.js';
import { parseAuthorizerAnswer, type AuthorizerAnswer } from './authorizer-policy.js';
import type { CompiledAuthorizer, IdentitySource } from './authorizers.js';
import { DEFAULT_TIMEOUT_MS } from './compile.js';
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';
import type { PipelineEnv } from './env.js';

/** One line of the execution log, for TestInvokeAuthorizer. */
export type AuthorizerTrace = (event: string) => void;

/**
 * What TestInvokeAuthorizer passes: its log, and that the request is simulated (no front end adds
 * X-Forwarded-* or X-Amzn-Trace-Id: AWS's test event carries the given headers only).
 */
export interface AuthorizerTest {
  trace: AuthorizerTrace;
}

/** AWS's execution-log wording for every authorizer failure that is not a 401. */
export const AUTHORIZER_ERROR = 'Authorizer error';

/**
 * The identity the answer is cached under: the token (TOKEN) or the sources' values joined
 * (REQUEST). A missing source is 401; for REQUEST only while caching is on (with a TTL of 0, AWS
 * does not require the sources).
 */
export function identityOf(ctx: InvocationContext, a: CompiledAuthorizer): string {
  const values: string[] = [];
  for (const source of a.identitySources) {
    const value = readSource(ctx, source);
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

export function readSource(ctx: InvocationContext, source: IdentitySource): string | undefined {
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

/** Runs the authorizer's function and answers its parsed answer with the payload it was parsed from. */
export async function invokeAuthorizer(
  ctx: InvocationContext,
  env: PipelineEnv,
  a: CompiledAuthorizer,
  methodArn: string,
  identity: string,
  test?: AuthorizerTest,
): Promise<{ answer: AuthorizerAnswer; payload: Buffer }> {
  const trace = test?.trace;
  const stage = ctx.stage!;
  const target = parseLambdaUri(substituteStageVariables(a.uri, stage.variables), stage.scope);
  if (!target) throw authorizerConfigurationError(`Invalid function ARN or invalid uri: ${a.uri}`);
  if (!env.functions) throw authorizerConfigurationError('Gatehouse runs without a function runtime');
  const event = JSON.stringify(a.type === 'TOKEN' ? { type: 'TOKEN', authorizationToken: identity, methodArn } : requestEvent(ctx, methodArn, !!test));
  if (trace) {
    const { region, account } = stage.scope;
    const uri = `https://lambda.${target.scope.region}.amazonaws.com/2015-03-31/functions/${functionArn(target.scope, target.name, target.qualifier)}/invocations`;
    trace(`Endpoint request URI: ${uri}`);
    trace(
      `Endpoint request headers: {x-amzn-lambda-integration-tag=${ctx.requestId}, x-amzn-apigateway-api-id=${stage.apiId}, ` +
        `X-Amz-Source-Arn=arn:aws:execute-api:${region}:${account}:${stage.apiId}/authorizers/${a.id}, Accept=application/json, User-Agent=AmazonAPIGateway_${stage.apiId}}`,
    );
    trace(`Endpoint request body after transformations: ${event}`);
    trace(`Sending request to ${uri}`);
  }
  let result;
  try {
    result = await invokeFunction(env.functions, target, Buffer.from(event), ctx.requestId, DEFAULT_TIMEOUT_MS);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    // API Gateway stopped waiting; or the function cannot run at all (not found, no runtime).
    throw authorizerConfigurationError(err.responseType === 'INTEGRATION_TIMEOUT' ? 'Execution failed due to a timeout error' : (err.detail ?? err.message));
  }
  if (result.functionError) {
    const message = errorMessage(result.payload);
    // The documented way to answer 401: raise an error whose message is exactly "Unauthorized".
    if (message === 'Unauthorized') throw unauthorized('authorizer raised Unauthorized');
    // The function's own timeout is a function error too ("Task timed out after 3.00 seconds").
    trace?.(`Lambda execution failed with status 200 due to customer function error: ${message ?? result.payload.toString('utf8')}. Lambda request id: ${ctx.requestId}`);
    throw authorizerConfigurationError(AUTHORIZER_ERROR);
  }
  trace?.(`Authorizer result body before parsing: ${result.payload.toString('utf8')}`);
  const answer = parseAuthorizerAnswer(result.payload);
  if (!answer) throw authorizerConfigurationError('Could not parse policy');
  return { answer, payload: result.payload };
}

/** The REQUEST authorizer's input: the proxy event's request fields, without the body. */
function requestEvent(ctx: InvocationContext, methodArn: string, simulated: boolean): Record<string, unknown> {
  const e = proxyEvent(ctx);
  if (simulated) {
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of ctx.request.rawHeaders) {
      headers[name] = value;
      (multiValueHeaders[name] ??= []).push(value);
    }
    e.headers = headers;
    e.multiValueHeaders = multiValueHeaders;
  }
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
