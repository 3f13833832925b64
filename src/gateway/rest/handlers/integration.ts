/**
 * Integration: run the endpoint. An HTTP_PROXY integration's answer is the method's answer as it
 * is (status and body unchanged, headers as AWS passes them: http-headers.ts), so it fills
 * `response` and the mapping stages leave it alone; any other answer goes through the
 * integration response.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { proxyResponseHeaders } from '../../integrations/http-headers.js';
import { invokeHttp } from '../../integrations/http.js';
import { invokeMock } from '../../integrations/mock.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';

export function integration(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const integration = ctx.method!.integration!;
  const req = ctx.integrationRequest!;
  if (integration.type === 'MOCK') {
    ctx.endpointResponse = invokeMock(req);
    return;
  }
  const proxy = integration.type === 'HTTP_PROXY';
  return invokeHttp(env.http, req, integration.timeoutInMillis, integration.http?.insecure ?? false).then((res) => {
    ctx.endpointResponse = res;
    if (proxy) ctx.response = { statusCode: res.statusCode, headers: proxyResponseHeaders(res.rawHeaders), body: res.body };
  });
}
