/**
 * What a stage may hold: its name (`$default` serves at the API's root, HTTP APIs only), stage
 * variables (the REST API rules), route settings keyed by route keys the API has (throttling and
 * detailed metrics; execution logging only for WebSocket APIs), access log settings.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 *
 * AWS's wording, as users met it: "Unable to find Route by key GET /some-route within the provided
 * RouteSettings" (NotFoundException) and "Execution logs are not supported on protocolType HTTP".
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { S_AccessLogSettings, S_RouteSettings } from '../../aws/generated/apigatewayv2.js';
import { KIND as V1_KIND } from '../../definitions/apigateway.js';
import type { ApiRecord, RouteRecord, StageRecord } from '../../definitions/apigatewayv2.js';
import { validateStageName, validateVariables } from '../apigateway/stage-record.js';
import type { RequestContext } from '../types.js';
import { KIND, listChildren } from './records.js';

const LOG_DESTINATION = /^arn:aws[a-z-]*:(logs:[a-z0-9-]+:\d{12}:log-group:[^\s]+|firehose:[a-z0-9-]+:\d{12}:deliverystream\/amazon-apigateway-[^\s]+)$/;

export function checkStageName(api: ApiRecord, name: string): void {
  if (name === '$default') {
    if (api.ProtocolType !== 'HTTP') throw badRequest('The $default stage is supported only for HTTP APIs');
    return;
  }
  validateStageName(name);
}

function checkSettings(api: ApiRecord, s: S_RouteSettings | undefined): void {
  if (!s) return;
  if (api.ProtocolType === 'HTTP' && (s.LoggingLevel !== undefined || s.DataTraceEnabled !== undefined)) {
    throw badRequest('Execution logs are not supported on protocolType HTTP');
  }
  if (s.ThrottlingBurstLimit !== undefined && s.ThrottlingBurstLimit < 0) throw badRequest('ThrottlingBurstLimit must be a non-negative number');
  if (s.ThrottlingRateLimit !== undefined && (s.ThrottlingRateLimit < 0 || !Number.isFinite(s.ThrottlingRateLimit))) {
    throw badRequest('ThrottlingRateLimit must be a non-negative number');
  }
}

function checkAccessLogs(settings: S_AccessLogSettings | undefined): void {
  if (!settings) return;
  const { DestinationArn, Format } = settings;
  if (DestinationArn === undefined && Format === undefined) return;
  if (!DestinationArn) throw badRequest('Access Log destination ARN must be specified together with the format');
  if (!LOG_DESTINATION.test(DestinationArn)) throw badRequest(`Invalid ARN specified in the request: ${DestinationArn}. Use a CloudWatch Logs log group or a Kinesis Data Firehose delivery stream named amazon-apigateway-*`);
  if (!Format) throw badRequest('Access Log format must be specified together with the destination ARN');
  if (!/\$(context\.requestId|\{context\.requestId\}|context\.extendedRequestId)/.test(Format)) {
    throw badRequest('Access Log format must contain $context.requestId or $context.extendedRequestId');
  }
}

/**
 * `givenRouteSettings` are the route settings the request names: only they must name existing
 * routes (settings of a route deleted since stay until DeleteRouteSettings removes them).
 */
export async function checkStage(ctx: RequestContext, api: ApiRecord, stage: StageRecord, givenRouteSettings = stage.RouteSettings): Promise<void> {
  validateVariables(stage.StageVariables);
  checkSettings(api, stage.DefaultRouteSettings);
  const routeKeys = new Set((await listChildren<RouteRecord>(ctx, KIND.route, api.ApiId)).map((r) => r.RouteKey));
  for (const [key, settings] of Object.entries(givenRouteSettings ?? {})) {
    if (!routeKeys.has(key)) throw notFound(`Unable to find Route by key ${key} within the provided RouteSettings`);
    checkSettings(api, settings);
  }
  checkAccessLogs(stage.AccessLogSettings);
  if (stage.ClientCertificateId !== undefined) {
    if (api.ProtocolType === 'HTTP') throw badRequest('ClientCertificateId is supported only for WebSocket APIs');
    if (!(await ctx.tx.get(V1_KIND.clientCertificate, stage.ClientCertificateId))) throw notFound('Invalid Client Certificate identifier specified');
  }
  if (stage.DeploymentId !== undefined && !(await ctx.tx.get(KIND.deployment, `${api.ApiId}/${stage.DeploymentId}`))) {
    throw notFound(`Invalid Deployment identifier specified ${stage.DeploymentId}`);
  }
}
