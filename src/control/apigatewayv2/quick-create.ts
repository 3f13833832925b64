/**
 * Quick create: CreateApi with a Target makes, in one call, an integration (AWS_PROXY payload 2.0
 * for a Lambda function ARN, HTTP_PROXY for a URL), a route (RouteKey, default `$default`) and a
 * `$default` stage with autoDeploy, all marked ApiGatewayManaged. UpdateApi's Target, RouteKey and
 * CredentialsArn change them later; managed resources can be updated but not deleted.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#apis-prop-createapiinput-target
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html#http-api-examples
 */
import { badRequest } from '../../aws/errors.js';
import type { ApiRecord, IntegrationRecord, RouteRecord, StageRecord } from '../../definitions/apigatewayv2.js';
import type { RequestContext } from '../types.js';
import { autoDeployStage } from './deploy.js';
import { KIND, childKey, listChildren, newId } from './records.js';
import { checkRouteKeyConflicts, parseHttpRouteKey } from './route-keys.js';

export interface QuickCreateInput {
  Target?: string;
  RouteKey?: string;
  CredentialsArn?: string;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const LAMBDA_INVOKE_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/.+\/invocations$/;

/** The integration a quick-create target means. */
function integrationFor(target: string): Pick<IntegrationRecord, 'IntegrationType' | 'IntegrationMethod' | 'PayloadFormatVersion' | 'IntegrationUri'> {
  if (LAMBDA_ARN.test(target) || LAMBDA_INVOKE_URI.test(target)) {
    return { IntegrationType: 'AWS_PROXY', IntegrationMethod: 'POST', PayloadFormatVersion: '2.0', IntegrationUri: target };
  }
  if (/^https?:\/\/[^/\s]+/.test(target)) return { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', IntegrationUri: target };
  throw badRequest(`Invalid target specified: ${target}. Specify a Lambda function ARN or an HTTP(S) URL`);
}

export async function quickCreate(ctx: RequestContext, api: ApiRecord, input: QuickCreateInput): Promise<void> {
  if (input.Target === undefined) {
    if (input.RouteKey !== undefined || input.CredentialsArn !== undefined) throw badRequest('RouteKey and CredentialsArn require a Target (quick create)');
    return;
  }
  const routeKey = input.RouteKey ?? '$default';
  parseHttpRouteKey(routeKey);
  const integration: IntegrationRecord = {
    ApiGatewayManaged: true,
    ConnectionType: 'INTERNET',
    IntegrationId: newId(7),
    ...integrationFor(input.Target),
    TimeoutInMillis: 30000,
    ...(input.CredentialsArn !== undefined ? { CredentialsArn: input.CredentialsArn } : {}),
  };
  const route: RouteRecord = {
    ApiGatewayManaged: true,
    ApiKeyRequired: false,
    AuthorizationType: 'NONE',
    RouteId: newId(7),
    RouteKey: routeKey,
    Target: `integrations/${integration.IntegrationId}`,
  };
  await ctx.tx.put(KIND.integration, childKey(api.ApiId, integration.IntegrationId), integration);
  await ctx.tx.put(KIND.route, childKey(api.ApiId, route.RouteId), route);
  const now = ctx.now.toISOString();
  const stage: StageRecord = {
    ApiGatewayManaged: true,
    AutoDeploy: true,
    CreatedDate: now,
    DefaultRouteSettings: { DetailedMetricsEnabled: false },
    LastUpdatedDate: now,
    RouteSettings: {},
    StageName: '$default',
    StageVariables: {},
    Tags: {},
  };
  await ctx.tx.put(KIND.stage, childKey(api.ApiId, '$default'), await autoDeployStage(ctx, api, stage));
}

/** UpdateApi's Target / RouteKey / CredentialsArn: changes the quick-created integration and route. */
export async function quickUpdate(ctx: RequestContext, api: ApiRecord, input: QuickCreateInput): Promise<void> {
  if (input.Target === undefined && input.RouteKey === undefined && input.CredentialsArn === undefined) return;
  const integration = (await listChildren<IntegrationRecord>(ctx, KIND.integration, api.ApiId)).find((i) => i.ApiGatewayManaged);
  const routes = await listChildren<RouteRecord>(ctx, KIND.route, api.ApiId);
  const route = routes.find((r) => r.ApiGatewayManaged);
  if (!integration || !route) throw badRequest('Target, RouteKey and CredentialsArn can only be updated on an API created with quick create');
  if (input.Target !== undefined || input.CredentialsArn !== undefined) {
    const next = { ...integration, ...(input.Target !== undefined ? integrationFor(input.Target) : {}) };
    if (input.CredentialsArn !== undefined) next.CredentialsArn = input.CredentialsArn;
    await ctx.tx.put(KIND.integration, childKey(api.ApiId, integration.IntegrationId), next);
  }
  if (input.RouteKey !== undefined && input.RouteKey !== route.RouteKey) {
    parseHttpRouteKey(input.RouteKey);
    checkRouteKeyConflicts('HTTP', input.RouteKey, routes.filter((r) => r !== route).map((r) => r.RouteKey));
    await ctx.tx.put(KIND.route, childKey(api.ApiId, route.RouteId), { ...route, RouteKey: input.RouteKey });
  }
}

export const managedDelete = (what: string) =>
  badRequest(`Cannot delete ${what}: it is managed by API Gateway (quick create). Update it through UpdateApi, or delete the API`);
