/**
 * REST APIs (v1). Seed, "Rest API": the endpoint configuration's VPC endpoints are translated
 * to the recovery environment's, the policy's execute-api ARNs name the replicated API, and EDGE
 * endpoints are recovered as REGIONAL (CloudFront keeps a domain name to one distribution).
 * The policy can only name the new API once it exists, so it is written by the update that
 * follows the create (apply.ts re-resolves a node after creating it).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_RestApi.html
 */
import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApisCommand,
  UpdateRestApiCommand,
  type PatchOperation,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { RULES } from '../rules.js';
import { makeKey } from '../keys.js';
import { SOURCE_TAG, ENV_TAG, type ApplyContext, type Node, type ResourceType, type Side } from '../model.js';
import { clean, listOps, parsePolicy, replaceOps, syncTags, userTags } from './common.js';

export const REST_API = 'apigateway:RestApi';

export const restApiKey = (id: string) => makeKey(undefined, REST_API, id);

export async function listRestApis(side: Side): Promise<RestApi[]> {
  return pages((position) => send(side.apigateway, new GetRestApisCommand({ position, limit: 500 })));
}

export function restApiNode(api: RestApi): Node {
  return {
    type: REST_API,
    key: restApiKey(api.id!),
    id: api.id!,
    label: api.name ?? api.id!,
    props: clean({
      name: api.name,
      description: api.description,
      version: api.version,
      binaryMediaTypes: api.binaryMediaTypes ? [...api.binaryMediaTypes].sort() : undefined,
      minimumCompressionSize: api.minimumCompressionSize,
      apiKeySource: api.apiKeySource,
      endpointConfiguration: { types: api.endpointConfiguration?.types, vpcEndpointIds: api.endpointConfiguration?.vpcEndpointIds },
      policy: parsePolicy(api.policy),
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint || undefined,
      tags: userTags(api.tags),
    }),
    payload: { tags: api.tags ?? {} },
  };
}

const SCALARS = ['name', 'description', 'version', 'minimumCompressionSize', 'apiKeySource'] as const;

type Props = ReturnType<typeof restApiNode>['props'] & {
  name?: string;
  binaryMediaTypes?: string[];
  endpointConfiguration?: { types?: string[]; vpcEndpointIds?: string[] };
  policy?: unknown;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint?: boolean;
};

const policyText = (p: unknown) => (p === undefined ? undefined : typeof p === 'string' ? p : JSON.stringify(p));

export const restApiType: ResourceType = {
  type: REST_API,
  order: 10,
  idKeyed: true,
  root: true,
  async list(side) {
    return (await listRestApis(side)).map(restApiNode);
  },
  translate(node, hooks) {
    const p = node.props as Props;
    p.name = hooks.name(p.name ?? node.id);
    const types = p.endpointConfiguration?.types;
    if (types?.includes('EDGE')) {
      p.endpointConfiguration = { ...p.endpointConfiguration, types: ['REGIONAL'] };
      hooks.report('endpointConfiguration.types', 'EDGE', 'REGIONAL', RULES.EDGE_TO_REGIONAL, 'rule');
    }
  },
  async create(ctx: ApplyContext, desired: Node) {
    const p = desired.props as Props;
    const api = await send<RestApi>(
      ctx.target.apigateway,
      new CreateRestApiCommand({
        name: p.name ?? desired.id,
        description: p.description as string | undefined,
        version: p.version as string | undefined,
        binaryMediaTypes: p.binaryMediaTypes,
        minimumCompressionSize: p.minimumCompressionSize as number | undefined,
        apiKeySource: p.apiKeySource as 'HEADER' | undefined,
        endpointConfiguration: p.endpointConfiguration as never,
        disableExecuteApiEndpoint: p.disableExecuteApiEndpoint,
        tags: { ...(p.tags ?? {}), ...ctx.marker(desired) },
      }),
    );
    return api.id!;
  },
  async update(ctx, desired, actual) {
    const d = desired.props as Props;
    const a = actual.props as Props;
    const ops: PatchOperation[] = replaceOps(SCALARS, d, a);
    ops.push(...listOps('binaryMediaTypes', d.binaryMediaTypes, a.binaryMediaTypes));
    const dt = d.endpointConfiguration?.types?.[0];
    const at = a.endpointConfiguration?.types?.[0];
    if (dt && dt !== at) ops.push({ op: 'replace', path: `/endpointConfiguration/types/${at}`, value: dt });
    ops.push(...listOps('endpointConfiguration/vpcEndpointIds', d.endpointConfiguration?.vpcEndpointIds, a.endpointConfiguration?.vpcEndpointIds));
    if (JSON.stringify(d.policy) !== JSON.stringify(a.policy)) ops.push({ op: 'replace', path: '/policy', value: policyText(d.policy) ?? '' });
    if (Boolean(d.disableExecuteApiEndpoint) !== Boolean(a.disableExecuteApiEndpoint)) {
      ops.push({ op: 'replace', path: '/disableExecuteApiEndpoint', value: String(Boolean(d.disableExecuteApiEndpoint)) });
    }
    if (ops.length) await send(ctx.target.apigateway, new UpdateRestApiCommand({ restApiId: actual.id, patchOperations: ops }));
    if (JSON.stringify(d.tags ?? {}) !== JSON.stringify(a.tags ?? {})) await syncTags(ctx.target, `/restapis/${actual.id}`, d.tags);
  },
  async delete(ctx, actual) {
    await send(ctx.target.apigateway, new DeleteRestApiCommand({ restApiId: actual.id }));
  },
  async adopt(ctx, source) {
    const marker = ctx.marker(source);
    const found = (await listRestApis(ctx.target)).find((a) => a.tags?.[SOURCE_TAG] === marker[SOURCE_TAG] && a.tags?.[ENV_TAG] === marker[ENV_TAG]);
    return found?.id;
  },
};
