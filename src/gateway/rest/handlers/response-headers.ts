/**
 * The headers API Gateway adds to every answer: `x-amzn-RequestId`, `x-amz-apigw-id` (the
 * extended request id) and `X-Amzn-Trace-Id`.
 */
import type { InvocationContext } from '../context.js';

export function responseHeaders(ctx: InvocationContext): void {
  const headers = ctx.response!.headers;
  headers['x-amzn-requestid'] = [ctx.requestId];
  headers['x-amz-apigw-id'] = [ctx.extendedRequestId];
  headers['x-amzn-trace-id'] ??= [traceId(ctx)];
}

/** Root=1-{8 hex seconds}-{24 hex}, the X-Ray trace id format. */
function traceId(ctx: InvocationContext): string {
  const seconds = Math.floor(ctx.requestTimeEpoch / 1000).toString(16).padStart(8, '0');
  return `Root=1-${seconds}-${ctx.requestId.replace(/-/g, '').slice(0, 24)}`;
}
