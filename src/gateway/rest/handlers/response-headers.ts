/**
 * The headers API Gateway adds to every answer: `x-amzn-RequestId` and `x-amz-apigw-id` (the
 * extended request id), and `X-Amzn-Trace-Id` when an endpoint was called through a non-proxy
 * HTTP/AWS integration or a Lambda proxy. Recorded from AWS: a MOCK answer and a gateway response
 * carry no trace id (test_apigateway_common, test_invocation_trace_id: "x-amzn-trace-id" not in
 * the MOCK headers; TestApiGatewayHeaderRemapping: none on the 500s), an HTTP one does
 * (test_apigateway_integrations, no-param-integration), and HTTP_PROXY passes the endpoint's
 * headers with none of its own (test_apigateway_integrations, HTTP_PROXY no-param-integration).
 */
import type { InvocationContext } from '../context.js';
import { setHeader } from '../headers.js';

export function responseHeaders(ctx: InvocationContext): void {
  const headers = ctx.response!.headers;
  setHeader(headers, 'x-amzn-RequestId', [ctx.requestId]);
  setHeader(headers, 'x-amz-apigw-id', [ctx.extendedRequestId]);
  const type = ctx.method?.integration?.type;
  if (!ctx.error && ctx.endpointResponse && type !== 'MOCK' && type !== 'HTTP_PROXY') setHeader(headers, 'X-Amzn-Trace-Id', [traceId(ctx)]);
}

/**
 * The request's X-Ray trace header (`Root=1-{8 hex seconds}-{24 hex};Parent={16 hex};Sampled=0`),
 * the same one sent to the integration and returned to the client. A client's own trace header is
 * kept as sent, with what it lacks added: AWS answers `Root=…;Parent=…;Sampled=1` unchanged and
 * fills a missing Parent with one of its own (recorded: test_invocation_trace_id,
 * trace-id-req-headers-AWS_PROXY and trace-id-small-req-headers-AWS_PROXY).
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
const DASHES = /-/g;

export function traceId(ctx: InvocationContext): string {
  if (ctx.traceId) return ctx.traceId;
  const hex = ctx.requestId.replace(DASHES, '');
  const sent = ctx.request.headers['x-amzn-trace-id'];
  if (sent === undefined) {
    // The common case, built directly: Root from the request time and id, Parent from the id.
    ctx.traceId = `Root=1-${Math.floor(ctx.requestTimeEpoch / 1000).toString(16).padStart(8, '0')}-${hex.slice(0, 24)};Parent=${hex.slice(16, 32)};Sampled=0`;
    return ctx.traceId;
  }
  const parts: string[] = [];
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: string | undefined;
  for (const part of sent.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'root') root = value;
    else if (key === 'parent') parent = value;
    else if (key === 'sampled') sampled = value;
    else parts.push(`${part.slice(0, eq).trim()}=${value}`);
  }
  root ??= `1-${Math.floor(ctx.requestTimeEpoch / 1000).toString(16).padStart(8, '0')}-${hex.slice(0, 24)}`;
  parent ??= hex.slice(16, 32);
  sampled ??= '0';
  ctx.traceId = [`Root=${root}`, `Parent=${parent}`, `Sampled=${sampled}`, ...parts].join(';');
  return ctx.traceId;
}
