/**
 * The request a test invocation simulates (TestInvokeMethod, TestInvokeAuthorizer), as the console
 * sends it: no client, no network.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html
 */
import type { InvocationRequest } from './context.js';

/** `$context.stage` of a test invocation, as the console's test shows it. */
export const TEST_INVOKE_STAGE = 'test-invoke-stage';

/**
 * The request a test invocation simulates (TestInvokeMethod, TestInvokeAuthorizer): the path and
 * query from pathWithQueryString, `headers` then any `multiValueHeaders` not named there, the
 * console's source IP and domain.
 */
export function testRequest(
  httpMethod: string,
  pathWithQueryString: string,
  req: { headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body?: string },
): InvocationRequest {
  let target = pathWithQueryString;
  if (!target.startsWith('/')) target = `/${target}`;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);

  const rawHeaders: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers ?? {})) rawHeaders.push([name, value]);
  for (const [name, values] of Object.entries(req.multiValueHeaders ?? {})) {
    if (req.headers && name in req.headers) continue;
    for (const v of values ?? []) rawHeaders.push([name, v]);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of rawHeaders) {
    const lower = name.toLowerCase();
    headers[lower] = lower in headers ? `${headers[lower]},${value}` : value;
  }
  return {
    httpMethod: httpMethod.toUpperCase(),
    path,
    rawPath: path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    rawHeaders,
    body: Buffer.from(req.body ?? '', 'utf8'),
    sourceIp: 'test-invoke-source-ip',
    host: 'testPrefix.testDomainName',
    protocol: 'HTTP/1.1',
  };
}
