/**
 * Resources and methods (v1). Seed, "Resource" and "Method": the Rest API ID, Resource ID,
 * Authorizer ID and Request Validator ID of a method name the replicated ones. Resources are
 * keyed by path and methods by verb, so they match between the sides without a mapping; the
 * method's references are keys (`{{gh:ref:...}}`) resolved to the target's ids at apply.
 * A method is one unit (method request, method responses, integration, integration responses):
 * when any part differs it is put again whole, as PutMethod/PutIntegration define it.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html
 */
import {
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type Integration,
  type Method,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { lastSegment, makeKey, parentKey, rootKey } from '../keys.js';
import { ref } from '../neutral.js';
import type { ResourceType } from '../model.js';
import { clean, pick } from './common.js';
import { REST_API } from './rest-apis.js';

export const RESOURCE = 'apigateway:Resource';
export const METHOD = 'apigateway:Method';
export const AUTHORIZER = 'apigateway:Authorizer';
export const REQUEST_VALIDATOR = 'apigateway:RequestValidator';
export const VPC_LINK = 'apigateway:VpcLink';

export const vpcLinkKey = (id: string) => makeKey(undefined, VPC_LINK, id);

const parentPath = (path: string) => (path.lastIndexOf('/') <= 0 ? '/' : path.slice(0, path.lastIndexOf('/')));

export const resourceType: ResourceType = {
  type: RESOURCE,
  parentType: REST_API,
  order: 40,
  idKeyed: false,
  async list(side, api) {
    const items = await pages<Resource>((position) =>
      send(side.apigateway, new GetResourcesCommand({ restApiId: api!.id, position, limit: 500, embed: ['methods'] })),
    );
    return items
      .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''))
      .map((r) => ({
        type: RESOURCE,
        key: makeKey(api!.key, RESOURCE, r.path!),
        id: r.id!,
        parent: api!.key,
        label: r.path!,
        props: { path: r.path },
        payload: { methods: r.resourceMethods ?? {} },
      }));
  },
  async create(ctx, desired, apiId) {
    const path = desired.props.path as string;
    const parent = makeKey(parentKey(desired.key), RESOURCE, parentPath(path));
    const r = await send<Resource>(
      ctx.target.apigateway,
      new CreateResourceCommand({ restApiId: apiId!, parentId: ctx.targetId(parent), pathPart: path.slice(path.lastIndexOf('/') + 1) }),
    );
    return r.id!;
  },
  async delete(ctx, actual, apiId) {
    if (actual.props.path === '/') return;
    await send(ctx.target.apigateway, new DeleteResourceCommand({ restApiId: apiId!, resourceId: actual.id }));
  },
};

const METHOD_FIELDS = ['authorizationType', 'apiKeyRequired', 'operationName', 'requestParameters', 'requestModels', 'authorizationScopes'] as const;
const INTEGRATION_FIELDS = [
  'type',
  'httpMethod',
  'uri',
  'connectionType',
  'credentials',
  'requestParameters',
  'requestTemplates',
  'passthroughBehavior',
  'contentHandling',
  'timeoutInMillis',
  'cacheKeyParameters',
  'tlsConfig',
] as const;

function integrationProps(apiKey: string, i: Integration | undefined) {
  if (!i) return undefined;
  return {
    ...pick(i, INTEGRATION_FIELDS),
    connectionId: i.connectionType === 'VPC_LINK' && i.connectionId && !i.connectionId.includes('${') ? ref(vpcLinkKey(i.connectionId)) : i.connectionId,
    // cacheNamespace defaults to the resource id: a generated value, not the user's.
    integrationResponses: Object.fromEntries(
      Object.entries(i.integrationResponses ?? {}).map(([code, r]) => [code, pick(r, ['selectionPattern', 'responseParameters', 'responseTemplates', 'contentHandling'])]),
    ),
  };
}

export function methodProps(apiKey: string, m: Method): Record<string, unknown> {
  return clean({
    ...pick(m, METHOD_FIELDS),
    authorizerId: m.authorizerId ? ref(makeKey(apiKey, AUTHORIZER, m.authorizerId)) : undefined,
    requestValidatorId: m.requestValidatorId ? ref(makeKey(apiKey, REQUEST_VALIDATOR, m.requestValidatorId)) : undefined,
    methodResponses: Object.fromEntries(Object.entries(m.methodResponses ?? {}).map(([code, r]) => [code, pick(r, ['responseParameters', 'responseModels'])])),
    methodIntegration: integrationProps(apiKey, m.methodIntegration),
  });
}

interface MethodProps {
  authorizationType?: string;
  authorizerId?: string;
  requestValidatorId?: string;
  apiKeyRequired?: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, { responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }>;
  methodIntegration?: Record<string, unknown> & { integrationResponses?: Record<string, Record<string, unknown>> };
}

async function putMethod(ctx: Parameters<ResourceType['create']>[0], apiId: string, resourceId: string, httpMethod: string, p: MethodProps) {
  const ids = { restApiId: apiId, resourceId, httpMethod };
  await send(
    ctx.target.apigateway,
    new PutMethodCommand({
      ...ids,
      authorizationType: p.authorizationType ?? 'NONE',
      authorizerId: p.authorizerId,
      requestValidatorId: p.requestValidatorId,
      apiKeyRequired: p.apiKeyRequired,
      operationName: p.operationName,
      requestParameters: p.requestParameters,
      requestModels: p.requestModels,
      authorizationScopes: p.authorizationScopes,
    }),
  );
  for (const [statusCode, r] of Object.entries(p.methodResponses ?? {})) {
    await send(ctx.target.apigateway, new PutMethodResponseCommand({ ...ids, statusCode, ...r }));
  }
  const i = p.methodIntegration;
  if (!i) return;
  const { integrationResponses, httpMethod: integrationHttpMethod, ...rest } = i;
  await send(ctx.target.apigateway, new PutIntegrationCommand({ ...ids, ...(rest as object), integrationHttpMethod: integrationHttpMethod as string | undefined } as never));
  for (const [statusCode, r] of Object.entries(integrationResponses ?? {})) {
    await send(ctx.target.apigateway, new PutIntegrationResponseCommand({ ...ids, statusCode, ...(r as object) }));
  }
}

export const methodType: ResourceType = {
  type: METHOD,
  parentType: RESOURCE,
  order: 41,
  idKeyed: false,
  async list(_side, resource) {
    const methods = (resource!.payload?.methods ?? {}) as Record<string, Method>;
    const apiKey = rootKey(resource!.key);
    return Object.entries(methods).map(([verb, m]) => ({
      type: METHOD,
      key: makeKey(resource!.key, METHOD, verb),
      id: verb,
      parent: resource!.key,
      label: `${verb} ${resource!.label}`,
      props: methodProps(apiKey, m),
    }));
  },
  async create(ctx, desired, resourceId) {
    await putMethod(ctx, ctx.targetId(rootKey(desired.key)), resourceId!, desired.id, desired.props as MethodProps);
    return desired.id;
  },
  async update(ctx, desired, actual, resourceId) {
    const apiId = ctx.targetId(rootKey(desired.key));
    await send(ctx.target.apigateway, new DeleteMethodCommand({ restApiId: apiId, resourceId: resourceId!, httpMethod: actual.id }));
    await putMethod(ctx, apiId, resourceId!, desired.id, desired.props as MethodProps);
  },
  async delete(ctx, actual, resourceId) {
    await send(ctx.target.apigateway, new DeleteMethodCommand({ restApiId: lastSegment(rootKey(actual.key)).id, resourceId: resourceId!, httpMethod: actual.id }));
  },
};
