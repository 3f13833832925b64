/**
 * Writes an ImportPlan onto an HTTP API: authorizers, then integrations, then routes, each
 * through the same rules CreateAuthorizer, CreateIntegration and CreateRoute apply (so an import
 * makes exactly what those calls would), all in the request's one transaction. Every refusal is
 * collected; any refusal (or, with failOnWarnings, any warning) throws, and the transaction takes
 * back whatever was written: nothing is half-imported.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 */
import { AwsError } from '../../../aws/errors.js';
import type { ApiRecord, AuthorizerRecord, IntegrationRecord, RouteRecord } from '../../../definitions/apigatewayv2.js';
import type { RequestContext } from '../../types.js';
import { checkAuthorizer } from '../authorizer-rules.js';
import { checkIntegration, withDefaults } from '../integration-rules.js';
import { KIND, childKey, compact, newId } from '../records.js';
import { checkRoute } from '../route-rules.js';
import { importErrors, importWarnings, type ImportPlan } from './plan.js';

/** Runs `write`; a refusal of the rules becomes a line of the import's errors. */
async function attempt(errors: string[], what: string, write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (!(err instanceof AwsError) || err.status >= 500) throw err;
    errors.push(`Unable to create ${what}: ${err.message}`);
    return false;
  }
}

export async function applyPlan(ctx: RequestContext, api: ApiRecord, plan: ImportPlan, failOnWarnings: boolean): Promise<void> {
  const errors: string[] = [...plan.errors];
  const authorizerIds = new Map<string, string>();
  for (const { name, record } of plan.authorizers) {
    const authorizer: AuthorizerRecord = compact({ AuthorizerId: newId(6), ...record });
    const ok = await attempt(errors, `authorizer ${name}`, async () => {
      checkAuthorizer(api, authorizer);
      await ctx.tx.put(KIND.authorizer, childKey(api.ApiId, authorizer.AuthorizerId), authorizer);
    });
    if (ok) authorizerIds.set(name, authorizer.AuthorizerId);
  }
  const integrationIds = new Map<string, string>();
  for (const { key, where, record } of plan.integrations) {
    const integration = withDefaults(api, compact({ IntegrationId: newId(7), ...record } as IntegrationRecord));
    const ok = await attempt(errors, `integration (${where})`, async () => {
      await checkIntegration(ctx, api, integration);
      await ctx.tx.put(KIND.integration, childKey(api.ApiId, integration.IntegrationId), integration);
    });
    if (ok) integrationIds.set(key, integration.IntegrationId);
  }
  for (const planned of plan.routes) {
    // A route whose authorizer or integration was refused is not written: that refusal is reported.
    if (planned.authorizer !== undefined && !authorizerIds.has(planned.authorizer)) continue;
    if (planned.integration !== undefined && !integrationIds.has(planned.integration)) continue;
    const route: RouteRecord = compact({
      ApiKeyRequired: false,
      AuthorizationScopes: planned.scopes,
      AuthorizationType: planned.authorizationType,
      AuthorizerId: planned.authorizer !== undefined ? authorizerIds.get(planned.authorizer) : undefined,
      OperationName: planned.operationName,
      RouteId: newId(7),
      RouteKey: planned.routeKey,
      Target: planned.integration !== undefined ? `integrations/${integrationIds.get(planned.integration)}` : undefined,
    });
    await attempt(errors, `route ${planned.routeKey}`, async () => {
      await checkRoute(ctx, api, route);
      await ctx.tx.put(KIND.route, childKey(api.ApiId, route.RouteId), route);
    });
  }
  if (errors.length) throw importErrors(errors);
  if (failOnWarnings && plan.warnings.length) throw importWarnings(plan.warnings);
}
