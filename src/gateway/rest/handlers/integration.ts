/**
 * Integration: run the endpoint. A proxy integration's answer is the method's answer as it is
 * (it fills `response` and the mapping stages leave it alone); any other answer goes through the
 * integration response.
 */
import { invokeHttp } from '../../integrations/http.js';
import { invokeMock } from '../../integrations/mock.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';
import { HOP_BY_HOP } from './integration-request.js';

export function integration(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const integration = ctx.method!.integration!;
  const req = ctx.integrationRequest!;
  if (integration.type === 'MOCK') {
    ctx.endpointResponse = invokeMock(req);
    return;
  }
  return invokeHttp(env.http, req, integration.timeoutInMillis).then((res) => {
    ctx.endpointResponse = res;
    if (integration.type === 'HTTP_PROXY') {
      const headers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(res.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
      ctx.response = { statusCode: res.statusCode, headers, body: res.body };
    }
  });
}
