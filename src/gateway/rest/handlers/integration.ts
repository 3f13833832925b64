/**
 * Integration: run the endpoint. An HTTP_PROXY integration's answer is the method's answer as it
 * is (status and body unchanged, headers as AWS passes them: http-headers.ts), so it fills
 * `response` and the mapping stages leave it alone; any other answer goes through the
 * integration response.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { proxyResponseHeaders } from '../../integrations/http-headers.js';
import { invokeAwsLambda } from '../../integrations/aws-lambda.js';
import { invokeAwsProxy } from '../../integrations/aws-proxy.js';
import { invokeHttp } from '../../integrations/http.js';
import { parseLambdaUri } from '../../integrations/lambda-functions.js';
import { apiConfigurationError, GatewayError } from '../../errors.js';
import { acceptsBinary, isBinaryMediaType } from '../binary.js';
import { mediaType } from '../templates.js';
import { invokeMock } from '../../integrations/mock.js';
import { NO_AWS_ENDPOINT } from '../../integrations/aws-service.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';

export function integration(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const integration = ctx.method!.integration!;
  const req = ctx.integrationRequest!;
  if (integration.type === 'MOCK') {
    ctx.endpointResponse = invokeMock(req);
    return;
  }
  if (integration.type === 'AWS_PROXY') return lambdaProxy(ctx, env);
  if (integration.type === 'AWS' && integration.aws) return awsService(ctx, env);
  if (integration.type === 'AWS') return lambdaCustom(ctx, env);
  const proxy = integration.type === 'HTTP_PROXY';
  return invokeHttp(env.http, req, integration.timeoutInMillis, integration.http?.insecure ?? false).then((res) => {
    ctx.endpointResponse = res;
    if (proxy) ctx.response = { statusCode: res.statusCode, headers: proxyResponseHeaders(res.rawHeaders), body: res.body };
  });
}

/**
 * AWS_PROXY to Lambda: the function's answer is the method's response (aws-proxy.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
async function lambdaProxy(ctx: InvocationContext, env: PipelineEnv): Promise<void> {
  const req = ctx.integrationRequest!;
  if (!env.functions) throw apiConfigurationError('Lambda integrations need the local function runtime, which this Gatehouse runs without.');
  const target = parseLambdaUri(req.uri!, ctx.stage!.scope);
  if (!target) throw apiConfigurationError(`Invalid function ARN or invalid uri: ${req.uri}`);
  const binaryTypes = ctx.stage!.api.binaryMediaTypes;
  // Inline, not a named const: tsx's keepNames would wrap it in a __name() call per request.
  const response = await invokeAwsProxy(env.functions, target, req.body, ctx.requestId, ctx.method!.integration!.timeoutInMillis, (contentType: string) =>
    acceptsBinary(ctx) || isBinaryMediaType(mediaType(contentType), binaryTypes),
  );
  ctx.endpointResponse = response;
  ctx.response = response;
}

/**
 * AWS to Lambda (custom integration): the function's result goes through the integration
 * responses, selected by its errorMessage (aws-lambda.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
 */
async function lambdaCustom(ctx: InvocationContext, env: PipelineEnv): Promise<void> {
  const req = ctx.integrationRequest!;
  if (!env.functions) throw apiConfigurationError('Lambda integrations need the local function runtime, which this Gatehouse runs without.');
  const target = parseLambdaUri(req.uri!, ctx.stage!.scope);
  if (!target) throw apiConfigurationError(`Invalid function ARN or invalid uri: ${req.uri}`);
  ctx.endpointResponse = await invokeAwsLambda(env.functions, target, req.body, ctx.requestId, ctx.method!.integration!.timeoutInMillis);
}

/**
 * AWS with another service (DynamoDB, SQS, S3...): sent, signed, to --aws-endpoint
 * (aws-service.ts); its answer goes through the integration responses by status code.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 */
async function awsService(ctx: InvocationContext, env: PipelineEnv): Promise<void> {
  const plan = ctx.method!.integration!.aws!;
  // Not configured: the clear 500 of before, saying how to configure it.
  if (!env.awsServices) throw new GatewayError('API_CONFIGURATION_ERROR', NO_AWS_ENDPOINT);
  if ('error' in plan) throw apiConfigurationError(plan.error);
  ctx.endpointResponse = await env.awsServices.invoke(env.http, plan, ctx.integrationRequest!, ctx.method!.integration!.timeoutInMillis);
}
