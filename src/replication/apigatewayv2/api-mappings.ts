/**
 * API mappings (v2) under the custom domain names the v1 half replicates (apigateway:DomainName:
 * v1 and v2 domain names are one resource on AWS and in Gatehouse, so the name itself, with its
 * certificate ARN translation, is the v1 module's). Seed, "API Mapping": the API the mapping
 * references, the domain name and the stage are included; the mapping's API ID is the replicated
 * API's. A mapping pointing at a REST API is a base path mapping, the v1 module's; this type keeps
 * the mappings of HTTP and WebSocket APIs. Keyed by the mapping key ('(none)' for the empty one).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html
 */
import { CreateApiMappingCommand, DeleteApiMappingCommand, GetApiMappingsCommand, UpdateApiMappingCommand, type ApiMapping } from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { makeKey } from '../keys.js';
import type { Node, ResourceType } from '../model.js';
import { ref } from '../neutral.js';
import { DOMAIN_NAME } from '../apigateway/domains.js';
import { apiKey, listApis } from './apis.js';
import { all, clean, v2 } from './common.js';

export const API_MAPPING = 'apigatewayv2:ApiMapping';

const NONE = '(none)';

export const apiMappingType: ResourceType = {
  type: API_MAPPING,
  parentType: DOMAIN_NAME,
  order: 82,
  idKeyed: false,
  async list(side, domain) {
    const items = await all<ApiMapping>((NextToken) => send(v2(side), new GetApiMappingsCommand({ DomainName: domain!.id, NextToken, MaxResults: '500' })));
    if (!items.length) return [];
    const v2Apis = new Set((await listApis(side)).map((a) => a.ApiId));
    return items
      .filter((m) => v2Apis.has(m.ApiId))
      .map(
        (m): Node => ({
          type: API_MAPPING,
          key: makeKey(domain!.key, API_MAPPING, m.ApiMappingKey || NONE),
          id: m.ApiMappingId!,
          parent: domain!.key,
          label: `${domain!.id}/${m.ApiMappingKey ?? ''} -> ${m.ApiId}/${m.Stage}`,
          props: clean({ ApiId: ref(apiKey(m.ApiId!)), Stage: m.Stage }),
        }),
      );
  },
  async create(ctx, d, domainName) {
    const key = d.key.slice(d.key.lastIndexOf(':') + 1);
    const mappingKey = decodeURIComponent(key);
    const out = await send<ApiMapping>(
      v2(ctx.target),
      new CreateApiMappingCommand({ DomainName: domainName!, ApiMappingKey: mappingKey === NONE ? undefined : mappingKey, ApiId: d.props.ApiId as string, Stage: d.props.Stage as string }),
    );
    return out.ApiMappingId!;
  },
  async update(ctx, d, a, domainName) {
    await send(v2(ctx.target), new UpdateApiMappingCommand({ DomainName: domainName!, ApiMappingId: a.id, ApiId: d.props.ApiId as string, Stage: d.props.Stage as string }));
  },
  async delete(ctx, a, domainName) {
    await send(v2(ctx.target), new DeleteApiMappingCommand({ DomainName: domainName!, ApiMappingId: a.id }));
  },
};
