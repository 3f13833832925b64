/**
 * The parts of a REST API besides its resource tree (v1): models, request validators,
 * authorizers, gateway responses (documentation parts and versions: documentation.ts). Seed:
 * their Rest API ID is the replicated API's; an authorizer's URI names the replicated Lambda
 * function, its credentials the replicated role, its provider ARNs the replicated user pools
 * (translate.ts does the ARNs).
 * Validators and authorizers are keyed by id (methods name them by id) and found again by name
 * when an import replaced them (PutRestApi gives new ids).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
 */
import {
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  DeleteAuthorizerCommand,
  DeleteGatewayResponseCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetAuthorizersCommand,
  GetGatewayResponsesCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  PutGatewayResponseCommand,
  UpdateAuthorizerCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  type Authorizer,
  type GatewayResponse,
  type Model,
  type PatchOperation,
  type RequestValidator,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import type { Node, ResourceType, Side } from '../model.js';
import { clean, listOps, pick, replaceOps } from './common.js';
import { AUTHORIZER, REQUEST_VALIDATOR } from './resources.js';
import { REST_API } from './rest-apis.js';

export const MODEL = 'apigateway:Model';
export const GATEWAY_RESPONSE = 'apigateway:GatewayResponse';

/** The target API's id, from a node of either side (target keys hold the target's id). */
const apiIdOf = (node: Node, ctx: { targetId(key: string): string }, side: 'desired' | 'actual') =>
  side === 'desired' ? ctx.targetId(rootKey(node.key)) : lastSegment(rootKey(node.key)).id;

function child(api: Node, type: string, keyId: string, id: string, label: string, props: Record<string, unknown>): Node {
  return { type, key: makeKey(api.key, type, keyId), id, parent: api.key, label, props: clean(props) };
}

const list = <T>(side: Side, fetch: (position: string | undefined) => object) =>
  pages<T>((position) => send(side.apigateway, fetch(position)));

export const modelType: ResourceType = {
  type: MODEL,
  parentType: REST_API,
  order: 30,
  idKeyed: false,
  async list(side, api) {
    const items = await list<Model>(side, (position) => new GetModelsCommand({ restApiId: api!.id, position, limit: 500 }));
    return items.map((m) => child(api!, MODEL, m.name!, m.id!, m.name!, pick(m, ['name', 'description', 'schema', 'contentType'])));
  },
  async create(ctx, d, apiId) {
    const p = d.props as { name: string; description?: string; schema?: string; contentType?: string };
    const m = await send<Model>(ctx.target.apigateway, new CreateModelCommand({ restApiId: apiId!, ...p, contentType: p.contentType ?? 'application/json' }));
    return m.id!;
  },
  async update(ctx, d, a) {
    const ops = replaceOps(['description', 'schema'], d.props, a.props);
    if (d.props.contentType !== a.props.contentType) {
      await this.delete(ctx, a, undefined);
      await this.create(ctx, d, apiIdOf(d, ctx, 'desired'));
      return;
    }
    if (ops.length) await send(ctx.target.apigateway, new UpdateModelCommand({ restApiId: apiIdOf(a, ctx, 'actual'), modelName: a.props.name as string, patchOperations: ops }));
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteModelCommand({ restApiId: apiIdOf(a, ctx, 'actual'), modelName: a.props.name as string }));
  },
};

export const requestValidatorType: ResourceType = {
  type: REQUEST_VALIDATOR,
  parentType: REST_API,
  order: 31,
  idKeyed: true,
  async list(side, api) {
    const items = await list<RequestValidator>(side, (position) => new GetRequestValidatorsCommand({ restApiId: api!.id, position, limit: 500 }));
    return items.map((v) => child(api!, REQUEST_VALIDATOR, v.id!, v.id!, v.name ?? v.id!, pick(v, ['name', 'validateRequestBody', 'validateRequestParameters'])));
  },
  async create(ctx, d, apiId) {
    const v = await send<RequestValidator>(ctx.target.apigateway, new CreateRequestValidatorCommand({ restApiId: apiId!, ...(d.props as object) }));
    return v.id!;
  },
  async update(ctx, d, a) {
    const ops: PatchOperation[] = replaceOps(['name'], d.props, a.props);
    for (const f of ['validateRequestBody', 'validateRequestParameters']) {
      if (Boolean(d.props[f]) !== Boolean(a.props[f])) ops.push({ op: 'replace', path: `/${f}`, value: String(Boolean(d.props[f])) });
    }
    if (ops.length) await send(ctx.target.apigateway, new UpdateRequestValidatorCommand({ restApiId: apiIdOf(a, ctx, 'actual'), requestValidatorId: a.id, patchOperations: ops }));
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteRequestValidatorCommand({ restApiId: apiIdOf(a, ctx, 'actual'), requestValidatorId: a.id }));
  },
  async adopt(ctx, source, apiId) {
    const items = await list<RequestValidator>(ctx.target, (position) => new GetRequestValidatorsCommand({ restApiId: apiId!, position, limit: 500 }));
    return items.find((v) => v.name === source.props.name)?.id;
  },
};

const AUTHORIZER_FIELDS = [
  'name',
  'type',
  'providerARNs',
  'authType',
  'authorizerUri',
  'authorizerCredentials',
  'identitySource',
  'identityValidationExpression',
  'authorizerResultTtlInSeconds',
] as const;

export const authorizerType: ResourceType = {
  type: AUTHORIZER,
  parentType: REST_API,
  order: 32,
  idKeyed: true,
  async list(side, api) {
    const items = await list<Authorizer>(side, (position) => new GetAuthorizersCommand({ restApiId: api!.id, position, limit: 500 }));
    return items.map((a) => child(api!, AUTHORIZER, a.id!, a.id!, a.name ?? a.id!, pick(a, AUTHORIZER_FIELDS)));
  },
  async create(ctx, d, apiId) {
    const a = await send<Authorizer>(ctx.target.apigateway, new CreateAuthorizerCommand({ restApiId: apiId!, ...(d.props as { name: string; type: 'TOKEN' }) }));
    return a.id!;
  },
  async update(ctx, d, a) {
    const ops: PatchOperation[] = replaceOps(
      ['name', 'type', 'authType', 'authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression', 'authorizerResultTtlInSeconds'],
      d.props,
      a.props,
    );
    ops.push(...listOps('providerARNs', d.props.providerARNs as string[], a.props.providerARNs as string[]));
    if (ops.length) await send(ctx.target.apigateway, new UpdateAuthorizerCommand({ restApiId: apiIdOf(a, ctx, 'actual'), authorizerId: a.id, patchOperations: ops }));
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteAuthorizerCommand({ restApiId: apiIdOf(a, ctx, 'actual'), authorizerId: a.id }));
  },
  async adopt(ctx, source, apiId) {
    const items = await list<Authorizer>(ctx.target, (position) => new GetAuthorizersCommand({ restApiId: apiId!, position, limit: 500 }));
    return items.find((a) => a.name === source.props.name)?.id;
  },
};

export const gatewayResponseType: ResourceType = {
  type: GATEWAY_RESPONSE,
  parentType: REST_API,
  order: 50,
  idKeyed: false,
  async list(side, api) {
    const items = await list<GatewayResponse>(side, (position) => new GetGatewayResponsesCommand({ restApiId: api!.id, position, limit: 500 }));
    // Defaults are every API's own; only what the user put is replicated and compared.
    return items
      .filter((r) => !r.defaultResponse)
      .map((r) => child(api!, GATEWAY_RESPONSE, r.responseType!, r.responseType!, r.responseType!, pick(r, ['statusCode', 'responseParameters', 'responseTemplates'])));
  },
  async create(ctx, d, apiId) {
    await send(ctx.target.apigateway, new PutGatewayResponseCommand({ restApiId: apiId!, responseType: d.id as never, ...(d.props as object) }));
    return d.id;
  },
  async update(ctx, d) {
    await this.create(ctx, d, apiIdOf(d, ctx, 'desired'));
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteGatewayResponseCommand({ restApiId: apiIdOf(a, ctx, 'actual'), responseType: a.id as never }));
  },
};
