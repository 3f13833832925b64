/**
 * Method response: what the client receives.
 *  - API Gateway answers `Content-Type: application/json` when nothing set one (HTTP_PROXY
 *    passes the endpoint's headers as they are).
 *  - For non-proxy integrations, mapped headers API Gateway owns on the wire (Date, Server,
 *    Connection, Content-Length...) reach the client renamed `x-amzn-Remapped-{name}` and a mapped
 *    Transfer-Encoding is dropped, the same table the HTTP_PROXY integration applies to endpoint
 *    headers (integrations/http-headers.ts). Recorded from AWS: test_apigateway_integrations.snapshot.json,
 *    TestApiGatewayHeaderRemapping, full-integration [HTTP] and [AWS].
 */
import { remapResponseHeaders } from '../../integrations/http-headers.js';
import type { InvocationContext } from '../context.js';
import { hasHeader } from '../headers.js';

export function methodResponse(ctx: InvocationContext): void {
  const res = ctx.response!;
  const type = ctx.method?.integration?.type;
  if (type === 'HTTP_PROXY') return;
  if (type !== 'AWS_PROXY') res.headers = remapResponseHeaders(res.headers, 'HTTP');
  if (!hasHeader(res.headers, 'Content-Type')) res.headers['Content-Type'] = ['application/json'];
}
