/**
 * What an integration may be, per protocol, checked on the integration as it will be stored (so
 * CreateIntegration and UpdateIntegration share one set of rules).
 *
 * HTTP APIs: AWS_PROXY (a Lambda function, payload format 1.0 or 2.0; or an AWS service action
 * named by IntegrationSubtype, payload 1.0) and HTTP_PROXY (a URL, or a private resource through
 * a VPC link); timeouts 50-30000 ms (default 30000).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
 *
 * WebSocket APIs: AWS, AWS_PROXY, HTTP, HTTP_PROXY and MOCK, with request templates and
 * passthrough behaviour; payload format 1.0 only; timeouts 50-29000 ms (default 29000).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-integration-requests.html
 */
import { badRequest, notFound } from '../../aws/errors.js';
import { KIND as V1_KIND } from '../../definitions/apigateway.js';
import { KIND, type ApiRecord, type IntegrationRecord } from '../../definitions/apigatewayv2.js';
import type { RequestContext } from '../types.js';
import {
  checkHttpRequestParameters,
  checkHttpResponseParameters,
  checkSubtypeParameters,
  checkWebSocketRequestParameters,
} from './parameter-mapping.js';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const AWS_INTEGRATION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(path|action)\/.+$/;
const HTTP_URL = /^https?:\/\/[^/\s?#]+(\/\S*)?$/;
const PRIVATE_TARGET = /^arn:aws[a-z-]*:(elasticloadbalancing|servicediscovery):[a-z0-9-]+:\d{12}:\S+$/;
const HTTP_METHODS = /^(ANY|GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/;

const HTTP_ONLY = ['ResponseParameters', 'IntegrationSubtype', 'TlsConfig'] as const;
const WEBSOCKET_ONLY = ['RequestTemplates', 'TemplateSelectionExpression', 'PassthroughBehavior', 'ContentHandlingStrategy'] as const;

/** Fills AWS's defaults for what the caller left out. */
export function withDefaults(api: ApiRecord, i: IntegrationRecord): IntegrationRecord {
  const http = api.ProtocolType === 'HTTP';
  const out: IntegrationRecord = { ConnectionType: 'INTERNET', ...i };
  out.TimeoutInMillis ??= http ? 30000 : 29000;
  if (out.PayloadFormatVersion === undefined && !(http && out.IntegrationType === 'AWS_PROXY' && !out.IntegrationSubtype)) out.PayloadFormatVersion = '1.0';
  if (out.IntegrationType === 'AWS_PROXY' && !out.IntegrationSubtype && !out.IntegrationMethod) out.IntegrationMethod = 'POST';
  if (!http && ['AWS', 'HTTP', 'MOCK'].includes(out.IntegrationType ?? '')) out.PassthroughBehavior ??= 'WHEN_NO_MATCH';
  return out;
}

export async function checkIntegration(ctx: RequestContext, api: ApiRecord, i: IntegrationRecord): Promise<void> {
  const http = api.ProtocolType === 'HTTP';
  const type = i.IntegrationType!;
  for (const member of http ? WEBSOCKET_ONLY : HTTP_ONLY) {
    if (i[member] !== undefined) throw badRequest(`${member} is supported only for ${http ? 'WebSocket' : 'HTTP'} APIs`);
  }
  if (http && !['AWS_PROXY', 'HTTP_PROXY'].includes(type)) {
    throw badRequest(`Integration type ${type} is not supported for HTTP APIs. Supported types are AWS_PROXY and HTTP_PROXY`);
  }
  if (i.TimeoutInMillis !== undefined) {
    const max = http ? 30000 : 29000;
    if (i.TimeoutInMillis < 50 || i.TimeoutInMillis > max) throw badRequest(`Timeout must be between 50 ms and ${max} ms`);
  }
  checkPayloadFormat(http, i);
  checkUri(http, i);
  if (i.IntegrationMethod !== undefined && !HTTP_METHODS.test(i.IntegrationMethod)) throw badRequest(`Invalid HTTP method specified: ${i.IntegrationMethod}`);
  if (type === 'HTTP_PROXY' && http && !i.IntegrationMethod) throw badRequest('An integration method is required for HTTP_PROXY integrations');
  if (!http && ['HTTP', 'HTTP_PROXY', 'AWS'].includes(type) && !i.IntegrationMethod) throw badRequest(`An integration method is required for ${type} integrations`);
  await checkConnection(ctx, http, i);
  if (http) {
    if (i.IntegrationSubtype !== undefined) checkSubtypeParameters(i.IntegrationSubtype, i.RequestParameters);
    else checkHttpRequestParameters(i.RequestParameters);
    checkHttpResponseParameters(i.ResponseParameters);
  } else {
    checkWebSocketRequestParameters(i.RequestParameters);
  }
}

function checkPayloadFormat(http: boolean, i: IntegrationRecord): void {
  const v = i.PayloadFormatVersion;
  if (http && i.IntegrationType === 'AWS_PROXY' && !i.IntegrationSubtype) {
    if (v === undefined) throw badRequest('A payload format version is required for AWS_PROXY integrations. Supported values are 1.0 and 2.0');
    if (v !== '1.0' && v !== '2.0') throw badRequest(`Unsupported payload format version ${v}. Supported values for Lambda proxy integrations are 1.0 and 2.0`);
  } else if (v !== undefined && v !== '1.0') {
    throw badRequest(`Unsupported payload format version ${v}. Only 1.0 is supported for this integration`);
  }
}

function checkUri(http: boolean, i: IntegrationRecord): void {
  const uri = i.IntegrationUri;
  const type = i.IntegrationType;
  if (i.IntegrationSubtype !== undefined) {
    if (type !== 'AWS_PROXY') throw badRequest('IntegrationSubtype is supported only for AWS_PROXY integrations');
    if (uri !== undefined) throw badRequest('IntegrationUri must not be specified for an integration with an IntegrationSubtype');
    return;
  }
  if (type === 'MOCK') {
    if (uri !== undefined) throw badRequest('IntegrationUri is not supported for MOCK integrations');
    return;
  }
  if (uri === undefined) throw badRequest(`An integration URI is required for ${type} integrations`);
  const ok =
    type === 'AWS_PROXY' ? LAMBDA_ARN.test(uri) || /:lambda:path\/2015-03-31\/functions\/.+\/invocations$/.test(uri)
    : type === 'AWS' ? AWS_INTEGRATION_URI.test(uri)
    : i.ConnectionType === 'VPC_LINK' && http ? PRIVATE_TARGET.test(uri)
    : HTTP_URL.test(uri);
  if (!ok) throw badRequest(`Invalid integration URI specified: ${uri}`);
}

async function checkConnection(ctx: RequestContext, http: boolean, i: IntegrationRecord): Promise<void> {
  if (i.ConnectionType !== 'VPC_LINK') {
    if (i.ConnectionId !== undefined) throw badRequest('ConnectionId is supported only when ConnectionType is VPC_LINK');
    if (i.TlsConfig !== undefined) throw badRequest('TlsConfig is supported only for private integrations (ConnectionType VPC_LINK)');
    return;
  }
  if (!['HTTP', 'HTTP_PROXY'].includes(i.IntegrationType ?? '')) throw badRequest('ConnectionType VPC_LINK is supported only for HTTP and HTTP_PROXY integrations');
  if (!i.ConnectionId) throw badRequest('ConnectionId is required when ConnectionType is VPC_LINK');
  // HTTP APIs reach private resources through their own (v2) VPC links, WebSocket APIs through
  // REST API (v1) ones.
  if (!(await ctx.tx.get(http ? KIND.vpcLink : V1_KIND.vpcLink, i.ConnectionId))) throw notFound(`Invalid VpcLink identifier specified ${i.ConnectionId}`);
}
