/**
 * Method response: what the client receives. API Gateway answers `application/json` when nothing
 * set a Content-Type.
 */
import type { InvocationContext } from '../context.js';

export function methodResponse(ctx: InvocationContext): void {
  const res = ctx.response!;
  if (!res.headers['content-type'] && ctx.method?.integration?.type !== 'HTTP_PROXY') res.headers['content-type'] = ['application/json'];
}
