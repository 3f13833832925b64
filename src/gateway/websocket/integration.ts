/**
 * Running a WebSocket route's integration for one event: AWS_PROXY (the Lambda proxy event,
 * event.ts), AWS (Lambda with a request template), HTTP_PROXY and HTTP (the message POSTed to the
 * endpoint), MOCK. Non-proxy integrations pick a request template by the integration's
 * templateSelectionExpression and an integration response by its
 * integrationResponseSelectionExpression (keys literal, `/regex/` or `$default`), whose
 * templates map the backend's answer. The result is the status (what $connect decides on) and
 * the body a two-way route sends back to the client.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { GatewayError } from '../errors.js';
import { invokeFunction, errorMessage } from '../integrations/aws-lambda.js';
import { substituteStageVariables } from '../integrations/aws-proxy.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import { parseLambdaUri, type FunctionTarget, type LambdaFunctions } from '../integrations/lambda-functions.js';
import type { CompiledTemplate, TemplateInput } from '../vtl/index.js';
import type { MaybeTemplate, WsIntegration, WsIntegrationResponse, WsRoute } from './compile.js';
import type { Connection } from './connections.js';
import { proxyEvent, requestContext, type WsRequest } from './event.js';
import { evaluateSelection, type SelectionSources } from './selection.js';

export interface IntegrationEnv {
  http: HttpIntegrationClient;
  functions?: LambdaFunctions;
}

export interface IntegrationResult {
  /** The backend's status (a proxy function's statusCode, an endpoint's status, a MOCK's statusCode). */
  status: number;
  /** What a two-way route sends back; undefined: nothing. */
  body?: string | Buffer;
}

/** The integration could not answer: the client gets "Internal server error" (a refused $connect: 500/502/504). */
export class IntegrationFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:/;

export async function runIntegration(route: WsRoute, c: Connection, r: WsRequest, env: IntegrationEnv): Promise<IntegrationResult> {
  const integration = route.integration;
  // $connect and $disconnect need no integration; a message route without one cannot answer.
  if (!integration) {
    if (r.eventType !== 'MESSAGE') return { status: 200 };
    throw new IntegrationFailure(500, `The route ${route.routeKey} has no integration`);
  }
  if (integration.type === 'AWS_PROXY') return lambdaProxy(integration, c, r, env);
  if (integration.type === 'HTTP_PROXY') {
    const answer = await httpCall(integration, c, Buffer.from(r.body ?? ''), env);
    return { status: answer.status, body: answer.body };
  }
  const variables = templateVariables(c, r);
  const body = requestBody(integration, variables, r);
  let status: number;
  let backendBody: Buffer;
  let selectionValue: string | undefined;
  if (integration.type === 'MOCK') {
    status = mockStatus(body);
    backendBody = Buffer.alloc(0);
  } else if (integration.type === 'HTTP') {
    const answer = await httpCall(integration, c, Buffer.from(body), env);
    status = answer.status;
    backendBody = answer.body;
  } else {
    const result = await invoke(integration, c, r, Buffer.from(body || '{}'), env);
    status = 200;
    backendBody = result.payload;
    selectionValue = result.failed ? (errorMessage(result.payload) ?? '') : '';
  }
  const text = backendBody.toString('utf8');
  const sources: SelectionSources = { body: parseJson(text), statusCode: status, context: variables.context, stageVariables: c.stage.variables, headers: c.headers, query: c.query };
  const selected = selectResponse(integration, selectionValue ?? (integration.responseSelection ? evaluateSelection(integration.responseSelection, sources) : String(status)));
  if (!selected) return { status, body: integration.type === 'MOCK' ? undefined : backendBody };
  const template = pick(selected.templates, selected.templateSelection ? evaluateSelection(selected.templateSelection, sources) : '$default');
  if (!template) return { status, body: backendBody };
  return { status, body: render(template, { ...variables, input: { ...variables.input, body: text } }) };
}

async function lambdaProxy(integration: WsIntegration, c: Connection, r: WsRequest, env: IntegrationEnv): Promise<IntegrationResult> {
  const result = await invoke(integration, c, r, Buffer.from(JSON.stringify(proxyEvent(c, r))), env);
  if (result.failed) throw new IntegrationFailure(502, `The Lambda function returned the following error: ${result.payload.toString('utf8').slice(0, 1000)}`);
  const text = result.payload.toString('utf8');
  const answer = parseJson(text);
  if (answer === null || answer === undefined) return { status: 200 };
  if (typeof answer === 'object' && !Array.isArray(answer) && ('statusCode' in answer || 'body' in answer)) {
    const a = answer as { statusCode?: unknown; body?: unknown; isBase64Encoded?: unknown };
    const status = a.statusCode === undefined ? 200 : Number(a.statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new IntegrationFailure(502, `Malformed Lambda proxy response: statusCode ${String(a.statusCode)}`);
    if (a.body === undefined || a.body === null) return { status };
    const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return { status, body: a.isBase64Encoded === true ? Buffer.from(body, 'base64') : body };
  }
  return { status: 200, body: text };
}

async function invoke(integration: WsIntegration, c: Connection, r: WsRequest, payload: Buffer, env: IntegrationEnv): Promise<{ payload: Buffer; failed: boolean }> {
  if (!env.functions) throw new IntegrationFailure(500, 'Gatehouse runs without a function runtime');
  const target = functionTarget(integration.uri, c);
  if (!target) throw new IntegrationFailure(500, `Invalid Lambda function uri: ${integration.uri}`);
  try {
    const result = await invokeFunction(env.functions, target, payload, randomUUID(), integration.timeoutMs);
    return { payload: result.payload, failed: result.functionError !== undefined };
  } catch (err) {
    if (err instanceof GatewayError) throw new IntegrationFailure(err.responseType === 'INTEGRATION_TIMEOUT' ? 504 : 500, err.detail ?? err.message);
    throw err;
  }
}

/** The function an integration or authorizer uri names: an invocation uri or a bare function ARN. */
export function functionTarget(uri: string, c: Connection): FunctionTarget | undefined {
  const resolved = substituteStageVariables(uri, c.stage.variables);
  const scope = c.stage.scope;
  const invocation = FUNCTION_ARN.test(resolved) ? `arn:aws:apigateway:${scope.region}:lambda:path/2015-03-31/functions/${resolved}/invocations` : resolved;
  return parseLambdaUri(invocation, scope);
}

async function httpCall(integration: WsIntegration, c: Connection, body: Buffer, env: IntegrationEnv): Promise<{ status: number; body: Buffer }> {
  let url: URL;
  try {
    url = new URL(substituteStageVariables(integration.uri, c.stage.variables));
  } catch {
    throw new IntegrationFailure(500, `Invalid HTTP endpoint: ${integration.uri}`);
  }
  try {
    const answer = await env.http.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: integration.method === 'ANY' ? 'POST' : integration.method,
      headers: { 'Content-Type': ['application/json'] },
      body: body.length ? body : null,
      timeoutMs: integration.timeoutMs,
      insecure: false,
    });
    return { status: answer.statusCode, body: answer.body };
  } catch (err) {
    throw new IntegrationFailure(/timeout/i.test((err as Error).name + (err as Error).message) ? 504 : 500, `Execution failed due to a network error: ${(err as Error).message}`);
  }
}

interface Variables {
  input: TemplateInput;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

function templateVariables(c: Connection, r: WsRequest): Variables {
  const header: Record<string, string> = {};
  for (const [name, value] of c.rawHeaders) header[name] = value;
  return {
    input: { body: r.body ?? '', params: { path: {}, querystring: { ...c.query }, header } },
    context: { ...requestContext(c, r), eventType: r.eventType },
    stageVariables: c.stage.variables,
  };
}

/** The integration request's body: the selected template's output, or the message passed through. */
function requestBody(integration: WsIntegration, variables: Variables, r: WsRequest): string {
  const templates = integration.requestTemplates;
  const key = integration.templateSelection
    ? evaluateSelection(integration.templateSelection, { body: parseJson(r.body ?? ''), context: variables.context, stageVariables: variables.stageVariables })
    : '$default';
  const template = pick(templates, key);
  if (template) return render(template, variables);
  if (templates.size === 0 ? integration.passthrough === 'NEVER' : integration.passthrough !== 'WHEN_NO_MATCH') {
    throw new IntegrationFailure(500, `No request template matches '${key}' and the passthrough behavior is ${integration.passthrough}`);
  }
  return r.body ?? '';
}

/** A literal key, then a `/pattern/` key, then `$default`. */
function selectResponse(integration: WsIntegration, value: string): WsIntegrationResponse | undefined {
  const responses = integration.responses;
  return (
    responses.find((x) => !x.pattern && x.key === value) ??
    responses.find((x) => x.pattern && x.pattern.test(value)) ??
    responses.find((x) => x.key === '$default')
  );
}

function pick(templates: Map<string, MaybeTemplate>, key: string): CompiledTemplate | undefined {
  const t = templates.get(key) ?? templates.get('$default');
  if (!t) return undefined;
  if (!t.ok) throw new IntegrationFailure(500, `Unable to parse the mapping template: ${t.error}`);
  return t.template;
}

function render(template: CompiledTemplate, variables: Variables): string {
  try {
    return template.render(variables).output;
  } catch (err) {
    throw new IntegrationFailure(500, `Mapping template failed: ${(err as Error).message}`);
  }
}

/** A MOCK integration answers the statusCode its request template wrote ({"statusCode": 200}). */
function mockStatus(body: string): number {
  const parsed = parseJson(body) as { statusCode?: unknown } | undefined;
  const status = parsed && typeof parsed === 'object' ? Number(parsed.statusCode) : NaN;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new IntegrationFailure(500, 'The MOCK integration request template wrote no valid statusCode');
  return status;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * runIntegration, recording on `r` what metrics and the access log need: the integration's
 * latency (not for MOCK, which AWS suppresses) and status, and which error metric an answer
 * counts in: IntegrationError for a 4XX/5XX or a failed function, ExecutionError when calling
 * the integration failed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
export async function runRecorded(route: WsRoute, c: Connection, r: WsRequest, env: IntegrationEnv): Promise<IntegrationResult> {
  const timed = route.integration !== undefined && route.integration.type !== 'MOCK';
  const start = timed ? performance.now() : 0;
  try {
    const result = await runIntegration(route, c, r, env);
    if (timed) r.integrationLatency = Math.round(performance.now() - start);
    r.integrationStatus = result.status;
    if (result.status >= 400) r.outcome = 'IntegrationError';
    return result;
  } catch (err) {
    if (timed) r.integrationLatency = Math.round(performance.now() - start);
    r.outcome = err instanceof IntegrationFailure && err.status === 502 ? 'IntegrationError' : 'ExecutionError';
    r.integrationError = err instanceof IntegrationFailure ? err.detail : (err as Error).message;
    r.errorMessage = 'Internal server error';
    throw err;
  }
}
