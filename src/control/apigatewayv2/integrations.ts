/**
 * Integrations: CreateIntegration, GetIntegration(s), UpdateIntegration, DeleteIntegration.
 * UpdateIntegration changes only what it is given; in RequestParameters an empty value removes
 * that mapping, and in ResponseParameters an empty map removes that status code's mappings
 * (AWS's documented way to remove them).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html#http-api-parameter-mapping-examples-remove
 */
import { conflict } from '../../aws/errors.js';
import { setEntry } from '../../aws/rest-json/parse.js';
import type {
  S_CreateIntegrationRequest,
  S_DeleteIntegrationRequest,
  S_GetIntegrationRequest,
  S_GetIntegrationsRequest,
  S_UpdateIntegrationRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { IntegrationRecord, RouteRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { afterApiChange } from './deploy.js';
import { checkIntegration, withDefaults } from './integration-rules.js';
import { managedDelete } from './quick-create.js';
import { KIND, childKey, childPrefix, compact, listChildren, newId, page, requireApi, requireChild } from './records.js';

const MEMBERS = [
  'ConnectionId', 'ConnectionType', 'ContentHandlingStrategy', 'CredentialsArn', 'Description', 'IntegrationMethod',
  'IntegrationSubtype', 'IntegrationType', 'IntegrationUri', 'PassthroughBehavior', 'PayloadFormatVersion',
  'RequestTemplates', 'TemplateSelectionExpression', 'TimeoutInMillis',
] as const;

export const requireIntegration = (ctx: RequestContext, apiId: string, integrationId: string) =>
  requireChild<IntegrationRecord>(ctx, KIND.integration, 'Integration', apiId, integrationId);

async function createIntegration(input: S_CreateIntegrationRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const draft: IntegrationRecord = compact({
    IntegrationId: newId(7),
    ...Object.fromEntries(MEMBERS.map((m) => [m, input[m]])),
    RequestParameters: input.RequestParameters,
    ResponseParameters: input.ResponseParameters,
    TlsConfig: input.TlsConfig,
  });
  const integration = withDefaults(api, draft);
  await checkIntegration(ctx, api, integration);
  await ctx.tx.put(KIND.integration, childKey(api.ApiId, integration.IntegrationId), integration);
  await afterApiChange(ctx, api.ApiId);
  return integration;
}

async function getIntegration(input: S_GetIntegrationRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireIntegration(ctx, input.ApiId, input.IntegrationId);
}

async function getIntegrations(input: S_GetIntegrationsRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<IntegrationRecord>(ctx, KIND.integration, input.ApiId), input);
}

/** Merges mappings; an empty value (or an empty status-code map) removes the entry. */
function mergeMappings<V>(current: Record<string, V> | undefined, changes: Record<string, V>): Record<string, V> | undefined {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(current ?? {})) setEntry(out, k, v);
  for (const [k, v] of Object.entries(changes)) {
    const empty = v === '' || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
    if (empty) delete out[k];
    else setEntry(out, k, v);
  }
  return Object.keys(out).length ? out : undefined;
}

async function updateIntegration(input: S_UpdateIntegrationRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const current = await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  const next: IntegrationRecord = { ...current };
  for (const m of MEMBERS) if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  if (input.TlsConfig !== undefined) next.TlsConfig = input.TlsConfig;
  if (input.RequestParameters !== undefined) next.RequestParameters = mergeMappings(current.RequestParameters, input.RequestParameters);
  if (input.ResponseParameters !== undefined) next.ResponseParameters = mergeMappings(current.ResponseParameters, input.ResponseParameters);
  const integration = withDefaults(api, compact(next));
  await checkIntegration(ctx, api, integration);
  await ctx.tx.put(KIND.integration, childKey(api.ApiId, integration.IntegrationId), integration);
  await afterApiChange(ctx, api.ApiId);
  return integration;
}

async function deleteIntegration(input: S_DeleteIntegrationRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const integration = await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  if (integration.ApiGatewayManaged) throw managedDelete(`integration ${integration.IntegrationId}`);
  const user = (await listChildren<RouteRecord>(ctx, KIND.route, input.ApiId)).find((r) => r.Target === `integrations/${input.IntegrationId}`);
  if (user) throw conflict(`Integration ${input.IntegrationId} cannot be deleted: it is the target of route ${user.RouteId} (${user.RouteKey})`);
  await ctx.tx.deletePrefix(KIND.integrationResponse, childPrefix(input.ApiId, input.IntegrationId));
  await ctx.tx.delete(KIND.integration, childKey(input.ApiId, input.IntegrationId));
  await afterApiChange(ctx, input.ApiId);
}

export const handlers: Handlers = {
  CreateIntegration: createIntegration,
  GetIntegration: getIntegration,
  GetIntegrations: getIntegrations,
  UpdateIntegration: updateIntegration,
  DeleteIntegration: deleteIntegration,
};
