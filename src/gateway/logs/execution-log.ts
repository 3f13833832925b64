/**
 * Execution logs for live requests, in the log group AWS uses for them,
 * `API-Gateway-Execution-Logs_{restApiId}/{stageName}`, one event per line as AWS writes them:
 * "({requestId}) {event}". The events are TestInvokeMethod's (test-invoke-log.ts holds AWS's
 * wording) after AWS's "Extended Request Id" line. Level INFO logs them all; ERROR only a failed
 * request's failure and outcome; the lines that carry headers and bodies ("Full Request and
 * Response Logs") only with dataTraceEnabled.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import type { InvocationContext } from '../rest/context.js';
import { executionLog } from '../rest/test-invoke-log.js';

export const executionLogGroup = (restApiId: string, stageName: string) => `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;

export type LoggingLevel = 'ERROR' | 'INFO';

/** The events that carry request or response data: logged only with dataTraceEnabled. */
const DATA_TRACE = [
  'Method request headers:',
  'Method request body before transformations:',
  'Endpoint request headers:',
  'Endpoint request body after transformations:',
  'Endpoint response headers:',
  'Endpoint response body before transformations:',
  'Method response body after transformations:',
  'Method response headers:',
];

const SEPARATOR = ' : ';

export function executionLogMessages(ctx: InvocationContext, level: LoggingLevel, dataTrace: boolean): string[] {
  const failed = ctx.error !== undefined;
  if (level === 'ERROR' && !failed) return [];
  const response = ctx.response!;
  const headers: Record<string, string> = {};
  for (const name in response.headers) headers[name] = response.headers[name].join(',');
  const text = executionLog(ctx, headers, response.body.toString('utf8'), { integrationMs: Math.round(ctx.integrationLatency ?? 0) }, new Date());
  // Line 0 is TestInvokeMethod's title; the others are "{date} : {event}".
  const events = text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.slice(l.indexOf(SEPARATOR) + SEPARATOR.length));
  const prefix = `(${ctx.requestId}) `;
  const out: string[] = [];
  if (level === 'INFO') out.push(`${prefix}Extended Request Id: ${ctx.extendedRequestId}`);
  for (const e of events) {
    if (level === 'ERROR' && !e.startsWith('Execution failed') && !e.startsWith('Method completed with status')) continue;
    if (!dataTrace && DATA_TRACE.some((p) => e.startsWith(p))) continue;
    out.push(prefix + e);
  }
  return out;
}
