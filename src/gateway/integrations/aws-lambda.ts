/**
 * Running a Lambda function for an integration, within the integration's timeoutInMillis, and the
 * custom (non-proxy, type AWS) integration's endpoint response: the function's result as a 200
 * JSON body, with the errorMessage of a failed function as what selection patterns match ('' when
 * it succeeded, so only the default response or a pattern matching '' applies).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
 */
import { FunctionInvokeError, type FunctionInvokeResult } from '../../definitions/function-invoker.js';
import { apiConfigurationError, integrationFailure, integrationTimeout } from '../errors.js';
import type { EndpointResponse } from '../rest/context.js';
import { FunctionNotFound, type FunctionTarget, type LambdaFunctions } from './lambda-functions.js';

/** Invokes the function; no answer within `timeoutMs` is 504, a function that cannot run 500. */
export async function invokeFunction(
  functions: LambdaFunctions,
  target: FunctionTarget,
  payload: Buffer,
  requestId: string,
  timeoutMs: number,
): Promise<FunctionInvokeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(integrationTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([functions.invoke(target, payload, requestId), timedOut]);
  } catch (err) {
    if (err instanceof FunctionNotFound) throw apiConfigurationError(err.message);
    if (err instanceof FunctionInvokeError) throw integrationFailure(500, `Lambda invocation failed: ${err.code}: ${err.message}`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const EMPTY_EVENT = Buffer.from('{}');

export async function invokeAwsLambda(
  functions: LambdaFunctions,
  target: FunctionTarget,
  body: Buffer,
  requestId: string,
  timeoutMs: number,
): Promise<EndpointResponse> {
  const result = await invokeFunction(functions, target, body.length ? body : EMPTY_EVENT, requestId, timeoutMs);
  return {
    statusCode: 200,
    headers: { 'content-type': ['application/json'] },
    body: result.payload,
    selectionValue: result.functionError ? (errorMessage(result.payload) ?? '') : '',
  };
}

/** The errorMessage of a function error's payload ({errorMessage, errorType, stackTrace}), if it has one. */
export function errorMessage(payload: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown };
    return typeof parsed?.errorMessage === 'string' ? parsed.errorMessage : undefined;
  } catch {
    return undefined;
  }
}
