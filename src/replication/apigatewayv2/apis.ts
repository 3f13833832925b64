/**
 * HTTP and WebSocket APIs (apigatewayv2), the root of their trees: selected by id or tags like a
 * REST API, brought with routes, integrations, authorizers, models, stages and deployments
 * (seed, "API": deployed stages, the undeployed version's integrations and routes, the API
 * mappings that use it). Arpio replicates HTTP APIs only; WebSocket APIs are replicated too.
 *
 * CORS configuration is a part of the API (UpdateApi writes it; DeleteCorsConfiguration removes it).
 *
 * Quick create (CreateApi with a Target): the integration, route and `$default` stage AWS makes
 * are marked ApiGatewayManaged, cannot be deleted, and follow UpdateApi's Target/RouteKey/
 * CredentialsArn. Recreating them as unmanaged resources would break that coupling (an UpdateApi
 * of Target in the recovered API would not reach them), so the API is recreated with the same
 * Target, RouteKey and CredentialsArn (props.QuickCreate, read from the managed integration and
 * route), the managed resources come back with it, and the managed integration is adopted
 * (integrations.ts) rather than created; the managed route and stage are found by their keys.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 */
import {
  CreateApiCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  UpdateApiCommand,
  type Api,
  type Integration,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { makeKey } from '../keys.js';
import { ENV_TAG, SOURCE_TAG, type Node, type ResourceType, type Side } from '../model.js';
import { RULES } from '../rules.js';
import { all, clean, same, syncV2Tags, userTags, v2 } from './common.js';

export const API = 'apigatewayv2:Api';
export const apiKey = (id: string) => makeKey(undefined, API, id);

export async function listApis(side: Side): Promise<Api[]> {
  return all<Api>((NextToken) => send(v2(side), new GetApisCommand({ NextToken, MaxResults: '500' })));
}

interface QuickCreate {
  Target?: string;
  RouteKey?: string;
  CredentialsArn?: string;
}

interface ApiProps {
  Name?: string;
  ProtocolType?: string;
  Description?: string;
  Version?: string;
  RouteSelectionExpression?: string;
  ApiKeySelectionExpression?: string;
  CorsConfiguration?: Record<string, unknown>;
  DisableSchemaValidation?: boolean;
  DisableExecuteApiEndpoint?: boolean;
  IpAddressType?: string;
  QuickCreate?: QuickCreate;
  Tags?: Record<string, string>;
}

/** The quick-create inputs that would make the API's managed integration and route again. */
async function quickCreateOf(side: Side, api: Api): Promise<QuickCreate | undefined> {
  if (api.ProtocolType !== 'HTTP') return undefined;
  const integrations = await all<Integration>((NextToken) => send(v2(side), new GetIntegrationsCommand({ ApiId: api.ApiId!, NextToken, MaxResults: '500' })));
  const managed = integrations.find((i) => i.ApiGatewayManaged);
  if (!managed) return undefined;
  const routes = await all<Route>((NextToken) => send(v2(side), new GetRoutesCommand({ ApiId: api.ApiId!, NextToken, MaxResults: '500' })));
  const route = routes.find((r) => r.ApiGatewayManaged);
  return clean({ Target: managed.IntegrationUri, RouteKey: route?.RouteKey === '$default' ? undefined : route?.RouteKey, CredentialsArn: managed.CredentialsArn });
}

export async function apiNode(side: Side, api: Api): Promise<Node> {
  const props: ApiProps = clean({
    Name: api.Name,
    ProtocolType: api.ProtocolType,
    Description: api.Description,
    Version: api.Version,
    RouteSelectionExpression: api.RouteSelectionExpression,
    ApiKeySelectionExpression: api.ApiKeySelectionExpression,
    CorsConfiguration: api.CorsConfiguration
      ? { ...api.CorsConfiguration, AllowHeaders: api.CorsConfiguration.AllowHeaders?.slice().sort(), AllowMethods: api.CorsConfiguration.AllowMethods?.slice().sort(), AllowOrigins: api.CorsConfiguration.AllowOrigins?.slice().sort(), ExposeHeaders: api.CorsConfiguration.ExposeHeaders?.slice().sort() }
      : undefined,
    DisableSchemaValidation: api.DisableSchemaValidation || undefined,
    DisableExecuteApiEndpoint: api.DisableExecuteApiEndpoint || undefined,
    IpAddressType: api.IpAddressType === 'ipv4' ? undefined : api.IpAddressType,
    QuickCreate: await quickCreateOf(side, api),
    Tags: userTags(api.Tags),
  });
  return { type: API, key: apiKey(api.ApiId!), id: api.ApiId!, label: `${api.ProtocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'} API ${api.Name ?? api.ApiId}`, props: props as Record<string, unknown>, payload: { tags: api.Tags ?? {} } };
}

/** The fields UpdateApi writes (QuickCreate, Tags and ProtocolType are not among them). */
function updatable(p: ApiProps) {
  return {
    Name: p.Name,
    Description: p.Description ?? '',
    Version: p.Version ?? '',
    RouteSelectionExpression: p.RouteSelectionExpression,
    ApiKeySelectionExpression: p.ApiKeySelectionExpression,
    ...(p.ProtocolType === 'WEBSOCKET' ? { DisableSchemaValidation: p.DisableSchemaValidation ?? false } : {}),
    DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint ?? false,
    ...(p.IpAddressType ? { IpAddressType: p.IpAddressType as 'dualstack' } : {}),
    ...(p.CorsConfiguration ? { CorsConfiguration: p.CorsConfiguration } : {}),
  };
}

export const apiType: ResourceType = {
  type: API,
  order: 12,
  idKeyed: true,
  root: true,
  async list(side) {
    const out: Node[] = [];
    for (const api of await listApis(side)) out.push(await apiNode(side, api));
    return out;
  },
  translate(node, hooks) {
    const p = node.props as ApiProps;
    p.Name = hooks.name(p.Name ?? node.id);
    if (p.QuickCreate) hooks.report('QuickCreate', 'ApiGatewayManaged', 'CreateApi with Target', RULES.QUICK_CREATE, 'rule');
  },
  async create(ctx, desired) {
    const p = desired.props as ApiProps;
    const api = await send<Api>(
      v2(ctx.target),
      new CreateApiCommand({
        ...updatable(p),
        Description: p.Description,
        Version: p.Version,
        Name: p.Name ?? desired.id,
        ProtocolType: p.ProtocolType as 'HTTP',
        ...(p.QuickCreate ?? {}),
        Tags: { ...(p.Tags ?? {}), ...ctx.marker(desired) },
      }),
    );
    return api.ApiId!;
  },
  async update(ctx, desired, actual) {
    const d = desired.props as ApiProps;
    const a = actual.props as ApiProps;
    if (d.ProtocolType !== a.ProtocolType) return 'replace';
    const { Tags: _dt, QuickCreate: dq, ...dRest } = d;
    const { Tags: _at, QuickCreate: aq, ...aRest } = a;
    if (!same(dRest, aRest) || !same(dq, aq)) {
      if (a.CorsConfiguration && !d.CorsConfiguration) await send(v2(ctx.target), new DeleteCorsConfigurationCommand({ ApiId: actual.id }));
      await send(v2(ctx.target), new UpdateApiCommand({ ApiId: actual.id, ...updatable(d), ...(d.QuickCreate && !same(dq, aq) ? d.QuickCreate : {}) }));
    }
    if (!same(d.Tags ?? {}, a.Tags ?? {})) await syncV2Tags(ctx.target, `/apis/${actual.id}`, d.Tags);
  },
  async delete(ctx, actual) {
    await send(v2(ctx.target), new DeleteApiCommand({ ApiId: actual.id }));
  },
  async adopt(ctx, source) {
    const marker = ctx.marker(source);
    return (await listApis(ctx.target)).find((a) => a.Tags?.[SOURCE_TAG] === marker[SOURCE_TAG] && a.Tags?.[ENV_TAG] === marker[ENV_TAG])?.ApiId;
  },
};
