/**
 * AWS_PROXY integrations of HTTP APIs with Lambda functions: the event of the integration's
 * payloadFormatVersion, the function run within timeoutInMillis, its answer turned into the
 * response. A function that fails or cannot be run is 500 {"message":"Internal Server Error"}; no
 * answer in time is 503 {"message":"Service Unavailable"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { GatewayError } from '../errors.js';
import { invokeFunction } from '../integrations/aws-lambda.js';
import { parseLambdaUri, type FunctionTarget, type LambdaFunctions } from '../integrations/lambda-functions.js';
import { substituteStageVariables } from '../integrations/aws-proxy.js';
import type { Scope } from '../../store/types.js';
import type { HttpContext, HttpResponse } from './context.js';
import type { CompiledIntegration } from './compile.js';
import { HttpApiError, internalServerError, serviceUnavailable } from './errors.js';
import { eventV1, eventV2, responseV1, responseV2 } from './payload.js';

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:/;

/** The function an integration (or authorizer) uri names: an invocation uri, or a bare function ARN as quick create stores it. */
export function functionTarget(uri: string, variables: Record<string, string>, scope: Scope): FunctionTarget | undefined {
  const resolved = substituteStageVariables(uri, variables);
  const invocation = FUNCTION_ARN.test(resolved) ? `arn:aws:apigateway:${scope.region}:lambda:path/2015-03-31/functions/${resolved}/invocations` : resolved;
  return parseLambdaUri(invocation, scope);
}

/**
 * A uri without stage variables names the same function on every request: resolved once per
 * compiled integration or authorizer (they belong to one API, so to one scope), not per request.
 */
const resolvedTargets = new WeakMap<object, FunctionTarget | null>();
export function targetOf(owner: { uri?: string }, ctx: HttpContext): FunctionTarget | undefined {
  const uri = owner.uri ?? '';
  if (uri.includes('${')) return functionTarget(uri, ctx.stage.variables, ctx.stage.scope);
  let target = resolvedTargets.get(owner);
  if (target === undefined) resolvedTargets.set(owner, (target = functionTarget(uri, {}, ctx.stage.scope) ?? null));
  return target ?? undefined;
}

/** Runs a function for the data plane, with AWS's HTTP API answers for what goes wrong. */
export async function runFunction(functions: LambdaFunctions | undefined, target: FunctionTarget, payload: unknown, ctx: HttpContext, timeoutMs: number): Promise<{ payload: Buffer; failed: boolean }> {
  if (!functions) throw internalServerError('Gatehouse runs without a function runtime');
  try {
    const result = await invokeFunction(functions, target, Buffer.from(JSON.stringify(payload)), ctx.requestId, timeoutMs);
    return { payload: result.payload, failed: result.functionError !== undefined };
  } catch (err) {
    if (err instanceof GatewayError) {
      if (err.responseType === 'INTEGRATION_TIMEOUT') throw serviceUnavailable('The Lambda function did not answer within the integration timeout');
      throw internalServerError(err.detail ?? err.message);
    }
    throw err;
  }
}

export async function invokeLambdaProxy(ctx: HttpContext, integration: CompiledIntegration, functions: LambdaFunctions | undefined): Promise<HttpResponse> {
  const target = targetOf(integration, ctx);
  if (!target) throw internalServerError(`Invalid Lambda function uri: ${integration.uri}`);
  const v1 = integration.payloadFormatVersion === '1.0';
  const result = await runFunction(functions, target, v1 ? eventV1(ctx) : eventV2(ctx), ctx, integration.timeoutMs);
  ctx.integrationStatus = 200;
  if (result.failed) throw new HttpApiError(500, 'Internal Server Error', `The Lambda function returned the following error: ${result.payload.toString('utf8').slice(0, 1000)}`);
  return v1 ? responseV1(result.payload) : responseV2(result.payload);
}
