/**
 * Integration request: what API Gateway sends to the integration. Non-proxy integrations (MOCK,
 * HTTP, AWS) convert the payload by binaryMediaTypes and contentHandling, then run the request
 * template chosen by the request's Content-Type, under the integration's passthroughBehavior;
 * HTTP_PROXY passes the client's body through unchanged.
 * For HTTP and HTTP_PROXY, parameter mappings and stage variables then make the endpoint's URI,
 * query string and headers (integrations/http-request.ts); for AWS with a service other than
 * Lambda they make the service request's path, query string and headers the same way
 * (integrations/aws-service-request.ts). The verb is the integration's, or the client's when the
 * integration's is ANY.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-request.html
 */
import { apiConfigurationError, GatewayError, integrationFailure, unsupportedMediaType } from '../../errors.js';
import { proxyEvent, substituteStageVariables } from '../../integrations/aws-proxy.js';
import { buildHttpRequest } from '../../integrations/http-request.js';
import { buildAwsServiceRequest } from '../../integrations/aws-service-request.js';
import { isLambdaUri } from '../../integrations/lambda-functions.js';
import { requestPayload, templateBody } from '../binary.js';
import type { InvocationContext } from '../context.js';
import { mediaType, render, usable } from '../templates.js';

export function integrationRequest(ctx: InvocationContext): void {
  const integration = ctx.method!.integration;
  // AWS refuses to deploy a method without an integration, so this is a definition gone wrong.
  if (!integration) throw apiConfigurationError('No integration defined for method');
  if (integration.type === 'AWS_PROXY' && isLambdaUri(integration.uri)) {
    // Lambda proxy: the request becomes the proxy event; no template, no mapping (aws-proxy.ts).
    // Lambda's Invoke is a POST: any other integrationHttpMethod fails as an integration failure,
    // 500 on the wire (recorded: test_lambda_aws_proxy_integration_non_post_method).
    if (integration.httpMethod !== 'POST') throw integrationFailure(500, `Lambda invocation needs integrationHttpMethod POST, not ${integration.httpMethod}`);
    const uri = substituteStageVariables(integration.uri!, ctx.stage!.variables);
    ctx.integrationRequest = { httpMethod: 'POST', uri, headers: {}, body: Buffer.from(JSON.stringify(proxyEvent(ctx)), 'utf8') };
    return;
  }
  const lambda = integration.type === 'AWS' && isLambdaUri(integration.uri);
  if (integration.type === 'AWS_PROXY') {
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Gatehouse runs AWS_PROXY integrations with Lambda functions only (uri arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations).');
  }
  // AWS with another service: the uri must be one (aws-service-plan.ts); the integration stage sends it.
  const aws = integration.type === 'AWS' && !lambda ? integration.aws : undefined;
  if (aws && 'error' in aws) throw apiConfigurationError(aws.error);
  const proxy = integration.type === 'HTTP_PROXY';
  // HTTP_PROXY sends the client's bytes on as they came.
  let body = ctx.request.body;
  if (!proxy) {
    const sent = mediaType(ctx.request.headers['content-type']);
    // No Content-Type: API Gateway takes the body for application/json (binary.ts reads it as text).
    const contentType = sent ?? 'application/json';
    const templates = integration.requestTemplates;
    const chosen = templates.get(contentType);
    if (!chosen && (integration.passthroughBehavior === 'NEVER' || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && templates.size > 0))) {
      throw unsupportedMediaType();
    }
    // binaryMediaTypes and contentHandling decide what the payload is (binary.ts).
    const payload = requestPayload(ctx, sent);
    body = payload.body;
    // render() keeps the template's $context.requestOverride on the context.
    if (chosen) body = Buffer.from(render(usable(chosen), ctx, templateBody(payload, 'request'), 'request').output, 'utf8');
  }
  const httpMethod = !integration.httpMethod || integration.httpMethod === 'ANY' ? ctx.request.httpMethod : integration.httpMethod;
  if (integration.type === 'MOCK') {
    ctx.integrationRequest = { httpMethod, headers: {}, body };
    return;
  }
  if (lambda) {
    // Lambda custom integration: the (mapped) body is the function's event; Invoke is a POST.
    if (integration.httpMethod !== 'POST') throw integrationFailure(500, `Lambda invocation needs integrationHttpMethod POST, not ${integration.httpMethod}`);
    ctx.integrationRequest = { httpMethod: 'POST', uri: substituteStageVariables(integration.uri!, ctx.stage!.variables), headers: {}, body };
    return;
  }
  if (aws) {
    // The path (and query string) on the service's endpoint; its origin and signature come with the endpoint (aws-service.ts).
    ctx.integrationRequest = buildAwsServiceRequest(ctx, aws, httpMethod, body);
    return;
  }
  if (!integration.http) throw apiConfigurationError('Invalid endpoint address');
  ctx.integrationRequest = buildHttpRequest(ctx, integration.http, proxy, httpMethod, body);
}
