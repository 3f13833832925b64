/**
 * The execution log TestInvokeMethod returns, laid out as AWS's (recorded in
 * test_apigateway_api.snapshot.json, TestApigatewayTestInvoke): a title line, then one
 * "{date} : {event}" line per step, dates as Java's Date.toString ("Mon Sep 29 19:28:50 UTC 2025"),
 * maps as Java's Map.toString ("{petId=123, foo=bar}"), and a final newline.
 *
 * A MOCK integration logs no endpoint lines; an HTTP one logs the endpoint request and response
 * (the lines LocalStack found), unless its URI names no host: then the log goes from the method
 * request to "Execution failed due to configuration error: Invalid endpoint address" (recorded).
 */
import { HTTP_URL } from '../integrations/http.js';
import type { InvocationContext } from './context.js';
import { MONTHS, pad } from './context-variables.js';

export interface Timings {
  /** How long the integration stage took, for "Integration latency: N ms". */
  integrationMs: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Java's Date.toString in UTC: "Mon Sep 29 19:28:50 UTC 2025". */
export function javaDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Java's Map.toString: "{a=1, b=2}", "{}" when empty. */
export function javaMap(map: Record<string, string | string[]>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)
    .join(', ')}}`;
}

export function executionLog(ctx: InvocationContext, responseHeaders: Record<string, string>, responseBody: string, timings: Timings, now: Date): string {
  const at = javaDate(now);
  const lines = [`Execution log for request ${ctx.requestId}`];
  const log = (event: string) => lines.push(`${at} : ${event}`);
  const req = ctx.request;
  const mr = ctx.methodRequest;

  log(`Starting execution for request: ${ctx.requestId}`);
  log(`HTTP Method: ${req.httpMethod}, Resource Path: ${req.path}`);
  log(`Method request path: ${javaMap(ctx.pathParameters ?? {})}`);
  log(`Method request query string: ${javaMap(mr?.querystring ?? Object.fromEntries(req.query))}`);
  log(`Method request headers: ${javaMap(joinedHeaders(req.rawHeaders))}`);
  log(`Method request body before transformations: ${req.body.toString('utf8')}`);

  const error = ctx.error;
  const type = ctx.method?.integration?.type;
  const endpoint = ctx.integrationRequest;
  // Only a request that was sent has endpoint lines: not one whose URI has no host (recorded).
  if (type && type !== 'MOCK' && endpoint?.uri && HTTP_URL.test(endpoint.uri)) {
    log(`Endpoint request URI: ${endpoint.uri}`);
    log(`Endpoint request headers: ${javaMap(endpoint.headers)}`);
    log(`Endpoint request body after transformations: ${endpoint.body.toString('utf8')}`);
    log(`Sending request to ${endpoint.uri}`);
    const res = ctx.endpointResponse;
    if (res) {
      log(`Received response. Status: ${res.statusCode}, Integration latency: ${timings.integrationMs} ms`);
      log(`Endpoint response headers: ${javaMap(res.headers)}`);
      log(`Endpoint response body before transformations: ${res.body.toString('utf8')}`);
    }
  }

  if (error) {
    const reason = error.detail ?? error.message;
    if (error.responseType === 'API_CONFIGURATION_ERROR') log(`Execution failed due to configuration error: ${reason}`);
    else if (error.responseType === 'INTEGRATION_TIMEOUT') log('Execution failed due to a timeout error');
    // AWS's wording when the endpoint cannot be reached or breaks the exchange.
    else if (error.responseType === 'INTEGRATION_FAILURE') log('Execution failed due to a network error communicating with endpoint');
    else log(reason.startsWith('Execution failed') ? reason : `Execution failed: ${reason}`);
  } else {
    log(`Method response body after transformations: ${responseBody}`);
    log(`Method response headers: ${javaMap(responseHeaders)}`);
    log('Successfully completed execution');
  }
  log(`Method completed with status: ${ctx.response!.statusCode}`);
  return lines.join('\n') + '\n';
}

function joinedHeaders(raw: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of raw) out[name] = name in out ? `${out[name]},${value}` : value;
  return out;
}
