/**
 * Integrations and integration responses (v2): every type (AWS_PROXY Lambda, HTTP_PROXY, and for
 * WebSocket APIs HTTP, AWS, MOCK), with VPC_LINK connections and AWS service integrations
 * (IntegrationSubtype with RequestParameters). Seed, "Integration": the API ID is the replicated
 * API's, the Connection ID the replicated VPC link's (a reference, so the link is pulled in), the
 * credentials ARN the replicated role's, SQS queue URLs in request parameters the recovery
 * region/account's queue (neutral.ts tokenises them, translate.ts reports SQS_QUEUE), and a
 * Lambda integration URI (a function ARN, or an invocation URI) the replicated function's.
 * Integrations are keyed by id (routes name them `integrations/{id}`); one that an import
 * replaced, or a quick-create API's managed one, is found again (adopt) by what it does.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
 */
import {
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  type Integration,
  type IntegrationResponse,
} from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import type { Node, ResourceType, Side } from '../model.js';
import { ref } from '../neutral.js';
import { API } from './apis.js';
import { all, clean, same, targetApiId, v2 } from './common.js';
import { vpcLinkV2Key } from './vpc-links.js';

export const INTEGRATION = 'apigatewayv2:Integration';
export const INTEGRATION_RESPONSE = 'apigatewayv2:IntegrationResponse';

export const integrationKey = (apiKeyOf: string, id: string) => makeKey(apiKeyOf, INTEGRATION, id);

const FIELDS = [
  'IntegrationType',
  'IntegrationSubtype',
  'IntegrationMethod',
  'IntegrationUri',
  'ConnectionType',
  'ConnectionId',
  'CredentialsArn',
  'Description',
  'ContentHandlingStrategy',
  'PassthroughBehavior',
  'PayloadFormatVersion',
  'RequestParameters',
  'RequestTemplates',
  'ResponseParameters',
  'TemplateSelectionExpression',
  'TimeoutInMillis',
  'TlsConfig',
] as const;

function integrationProps(i: Integration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = i[f];
  if (i.ConnectionType === 'VPC_LINK' && i.ConnectionId && !i.ConnectionId.includes('${')) out.ConnectionId = ref(vpcLinkV2Key(i.ConnectionId));
  return clean(out);
}

const listIntegrations = (side: Side, apiId: string) =>
  all<Integration>((NextToken) => send(v2(side), new GetIntegrationsCommand({ ApiId: apiId, NextToken, MaxResults: '500' })));

/** What an integration does, for finding it again after an import gave it a new id. */
const signature = (p: Record<string, unknown>) => JSON.stringify([p.IntegrationType, p.IntegrationSubtype, p.IntegrationMethod, p.IntegrationUri, p.ConnectionId, p.Description]);

/** Create input: the props. */
function input(p: Record<string, unknown>) {
  return { ...p } as never;
}

/**
 * Update input: UpdateIntegration changes only what it is given, so what the target has and the
 * source does not is cleared: a description by '', a request parameter by an empty value.
 */
function updateInput(d: Record<string, unknown>, a: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...d };
  if (a.Description !== undefined && d.Description === undefined) out.Description = '';
  const dp = (d.RequestParameters ?? {}) as Record<string, string>;
  const gone = Object.keys((a.RequestParameters ?? {}) as Record<string, string>).filter((k) => !(k in dp));
  if (gone.length) out.RequestParameters = { ...dp, ...Object.fromEntries(gone.map((k) => [k, ''])) };
  return out as never;
}

export const integrationType: ResourceType = {
  type: INTEGRATION,
  parentType: API,
  order: 15,
  idKeyed: true,
  async list(side, api) {
    return (await listIntegrations(side, api!.id)).map(
      (i): Node => ({
        type: INTEGRATION,
        key: integrationKey(api!.key, i.IntegrationId!),
        id: i.IntegrationId!,
        parent: api!.key,
        label: `integration ${i.IntegrationType} ${i.IntegrationUri ?? ''}`.trim(),
        props: integrationProps(i),
        ...(i.ApiGatewayManaged ? { payload: { managed: true } } : {}),
      }),
    );
  },
  async create(ctx, d, apiId) {
    const out = await send<Integration>(v2(ctx.target), new CreateIntegrationCommand({ ApiId: apiId!, ...(input(d.props) as object) } as never));
    return out.IntegrationId!;
  },
  async update(ctx, d, a) {
    if (d.props.IntegrationType !== a.props.IntegrationType) return 'replace';
    if (same(d.props, a.props)) return;
    await send(v2(ctx.target), new UpdateIntegrationCommand({ ApiId: targetApiId(a, ctx, 'actual'), IntegrationId: a.id, ...(updateInput(d.props, a.props) as object) } as never));
  },
  async delete(ctx, a) {
    await send(v2(ctx.target), new DeleteIntegrationCommand({ ApiId: targetApiId(a, ctx, 'actual'), IntegrationId: a.id }));
  },
  async adopt(ctx, source, apiId) {
    const items = await listIntegrations(ctx.target, apiId!);
    // A quick-create API's managed integration came back with the API (apis.ts).
    if (source.payload?.managed) return items.find((i) => i.ApiGatewayManaged)?.IntegrationId;
    const want = signature(source.props);
    return items.find((i) => !i.ApiGatewayManaged && signature(integrationProps(i)) === want)?.IntegrationId;
  },
};


/** Integration responses (WebSocket APIs), keyed by their IntegrationResponseKey. */
export const integrationResponseType: ResourceType = {
  type: INTEGRATION_RESPONSE,
  parentType: INTEGRATION,
  order: 16,
  idKeyed: false,
  async list(side, integration) {
    const apiId = lastSegment(rootKey(integration!.key)).id;
    const items = await all<IntegrationResponse>((NextToken) =>
      send(v2(side), new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integration!.id, NextToken, MaxResults: '500' })),
    );
    return items.map(
      (r): Node => ({
        type: INTEGRATION_RESPONSE,
        key: makeKey(integration!.key, INTEGRATION_RESPONSE, r.IntegrationResponseKey!),
        id: r.IntegrationResponseId!,
        parent: integration!.key,
        label: `integration response ${r.IntegrationResponseKey}`,
        props: clean({
          IntegrationResponseKey: r.IntegrationResponseKey,
          ContentHandlingStrategy: r.ContentHandlingStrategy,
          ResponseParameters: r.ResponseParameters,
          ResponseTemplates: r.ResponseTemplates,
          TemplateSelectionExpression: r.TemplateSelectionExpression,
        }),
      }),
    );
  },
  async create(ctx, d, integrationId) {
    const out = await send<IntegrationResponse>(
      v2(ctx.target),
      new CreateIntegrationResponseCommand({ ApiId: targetApiId(d, ctx, 'desired'), IntegrationId: integrationId!, ...(d.props as object) } as never),
    );
    return out.IntegrationResponseId!;
  },
  async update(ctx, d, a, integrationId) {
    await send(
      v2(ctx.target),
      new UpdateIntegrationResponseCommand({ ApiId: targetApiId(a, ctx, 'actual'), IntegrationId: integrationId!, IntegrationResponseId: a.id, ...(d.props as object) } as never),
    );
  },
  async delete(ctx, a, integrationId) {
    await send(v2(ctx.target), new DeleteIntegrationResponseCommand({ ApiId: targetApiId(a, ctx, 'actual'), IntegrationId: integrationId!, IntegrationResponseId: a.id }));
  },
};
