/**
 * HTTP API AWS service integrations (integrationSubtype: SQS-SendMessage, Kinesis-PutRecord,
 * EventBridge-PutEvents, StepFunctions-StartExecution...). Each request parameter (`QueueUrl`,
 * `MessageBody`...) is a mapping expression (`$request.body.x`, `$request.header.x`, a literal)
 * evaluated per request; the action is sent, signed, to --aws-endpoint as the REST API's AWS
 * integrations are (integrations/aws-service.ts): SQS with the query protocol (a form-encoded
 * body), the others with their JSON protocol. `Region` picks the service's region (the API's by
 * default). The service's answer (status, Content-Type, body) is the client's; no answer within
 * timeoutInMillis is 503, an endpoint that cannot be reached 500. AppConfig-GetConfiguration is
 * not built (500 saying so).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
 */
import { GatewayError } from '../errors.js';
import { NO_AWS_ENDPOINT, type AwsServices } from '../integrations/aws-service.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { HttpContext, HttpResponse } from './context.js';
import { internalServerError, serviceUnavailable } from './errors.js';
import { requestSources } from './http-proxy.js';
import { compileValue, evaluate, type ValuePart } from './mapping.js';

export interface CompiledServiceIntegration {
  subtype: string;
  parameters: { name: string; value: ValuePart[] }[];
  timeoutMs: number;
}

interface Action {
  service: string;
  /** A host prefix before the service on AWS (StartSyncExecution: `sync-states`). */
  subdomain?: string;
  /** Query protocol: the action, its version, and how a parameter becomes form fields. */
  query?: { action: string; version: string };
  /** JSON protocol: the target, the Content-Type, and the body from the parameters. */
  json?: { target: string; contentType: string; body: (p: Record<string, string>) => unknown };
}

const STATES = (action: string, body: (p: Record<string, string>) => unknown, subdomain?: string): Action => ({
  service: 'states',
  subdomain,
  json: { target: `AWSStepFunctions.${action}`, contentType: 'application/x-amz-json-1.0', body },
});

const ACTIONS: Record<string, Action> = {
  'SQS-SendMessage': { service: 'sqs', query: { action: 'SendMessage', version: '2012-11-05' } },
  'SQS-ReceiveMessage': { service: 'sqs', query: { action: 'ReceiveMessage', version: '2012-11-05' } },
  'SQS-DeleteMessage': { service: 'sqs', query: { action: 'DeleteMessage', version: '2012-11-05' } },
  'SQS-PurgeQueue': { service: 'sqs', query: { action: 'PurgeQueue', version: '2012-11-05' } },
  'Kinesis-PutRecord': {
    service: 'kinesis',
    json: { target: 'Kinesis_20131202.PutRecord', contentType: 'application/x-amz-json-1.1', body: (p) => pick(p, ['StreamName', 'Data', 'PartitionKey', 'SequenceNumberForOrdering', 'ExplicitHashKey']) },
  },
  'EventBridge-PutEvents': {
    service: 'events',
    json: {
      target: 'AWSEvents.PutEvents',
      contentType: 'application/x-amz-json-1.1',
      body: (p) => {
        const entry: Record<string, unknown> = pick(p, ['Detail', 'DetailType', 'Source', 'Time', 'EventBusName', 'TraceHeader']);
        if (p.Resources !== undefined) entry.Resources = list(p.Resources);
        return { Entries: [entry] };
      },
    },
  },
  'StepFunctions-StartExecution': STATES('StartExecution', (p) => camel(p, ['StateMachineArn', 'Name', 'Input'])),
  'StepFunctions-StartSyncExecution': STATES('StartSyncExecution', (p) => camel(p, ['StateMachineArn', 'Name', 'Input', 'TraceHeader']), 'sync-'),
  'StepFunctions-StopExecution': STATES('StopExecution', (p) => camel(p, ['ExecutionArn', 'Cause', 'Error'])),
};

export function compileServiceIntegration(subtype: string, parameters: Record<string, string> | undefined, timeoutMs: number): CompiledServiceIntegration {
  return { subtype, parameters: Object.entries(parameters ?? {}).map(([name, value]) => ({ name, value: compileValue(value) })), timeoutMs };
}

export async function invokeServiceIntegration(ctx: HttpContext, integration: CompiledServiceIntegration, http: HttpIntegrationClient, services: AwsServices | undefined): Promise<HttpResponse> {
  const action = ACTIONS[integration.subtype];
  if (!action) throw internalServerError(`AWS service integrations (${integration.subtype}) are not built in Gatehouse yet`);
  if (!services) throw internalServerError(NO_AWS_ENDPOINT);
  const sources = requestSources(ctx);
  const p: Record<string, string> = {};
  for (const { name, value } of integration.parameters) {
    const v = evaluate(value, sources);
    if (v !== '') p[name] = v;
  }
  const region = p.Region ?? ctx.stage.scope.region;
  delete p.Region;
  let body: Buffer;
  const headers: Record<string, string[]> = { Accept: ['application/json'] };
  if (action.query) {
    const form = new URLSearchParams({ Action: action.query.action, Version: action.query.version });
    for (const [name, value] of Object.entries(p)) addQueryParameter(form, name, value);
    body = Buffer.from(form.toString().replace(/\+/g, '%20'), 'utf8');
    headers['Content-Type'] = ['application/x-www-form-urlencoded'];
  } else {
    body = Buffer.from(JSON.stringify(action.json!.body(p)), 'utf8');
    headers['Content-Type'] = [action.json!.contentType];
    headers['X-Amz-Target'] = [action.json!.target];
  }
  try {
    const answer = await services.invoke(http, { service: action.service, region, subdomain: action.subdomain ?? '' }, { httpMethod: 'POST', uri: '/', headers, body }, integration.timeoutMs);
    const contentType = answer.headers['content-type']?.[0];
    return { statusCode: answer.statusCode, headers: contentType ? { 'Content-Type': [contentType] } : {}, body: answer.body };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    if (err.responseType === 'INTEGRATION_TIMEOUT') throw serviceUnavailable('Endpoint request timed out');
    throw internalServerError(err.message);
  }
}

/**
 * SQS's query protocol: lists and maps as numbered fields. MessageAttributes and
 * MessageSystemAttributes are JSON maps ({"name": {"DataType": "String", "StringValue": "v"}}),
 * AttributeNames and MessageAttributeNames a JSON list or a comma-separated one.
 */
function addQueryParameter(form: URLSearchParams, name: string, value: string): void {
  if (name === 'MessageAttributes' || name === 'MessageSystemAttributes') {
    const prefix = name.slice(0, -1);
    let map: Record<string, Record<string, string>>;
    try {
      map = JSON.parse(value) as Record<string, Record<string, string>>;
    } catch {
      throw internalServerError(`${name} is not a JSON map of attributes`);
    }
    let n = 0;
    for (const [attr, v] of Object.entries(map ?? {})) {
      n++;
      form.append(`${prefix}.${n}.Name`, attr);
      for (const [field, fieldValue] of Object.entries(v ?? {})) form.append(`${prefix}.${n}.Value.${field}`, String(fieldValue));
    }
    return;
  }
  if (name === 'AttributeNames' || name === 'MessageAttributeNames') {
    const prefix = name.slice(0, -1);
    list(value).forEach((item, i) => form.append(`${prefix}.${i + 1}`, item));
    return;
  }
  form.append(name, value);
}

function list(value: string): string[] {
  if (value.trimStart().startsWith('[')) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: a comma-separated list
    }
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function pick(p: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (p[n] !== undefined) out[n] = p[n];
  return out;
}

/** Step Functions' JSON members are lower camel case (stateMachineArn, input...). */
function camel(p: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (p[n] !== undefined) out[n[0].toLowerCase() + n.slice(1)] = p[n];
  return out;
}
