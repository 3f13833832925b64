/**
 * API mappings: CreateApiMapping, GetApiMapping(s), UpdateApiMapping, DeleteApiMapping. A mapping
 * sends `https://{domainName}/{apiMappingKey}/...` to an API's stage; the key may have several
 * levels (`orders/v2`) on a Regional name. On AWS these are the REST API base path mappings seen
 * through apigatewayv2 (either API reads and deletes the other's), so they are stored as those
 * documents (src/definitions/domains.ts), plus the mapping's id; a mapping made through the REST
 * API, which has no stored id, is known by one derived from its key.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html
 * Mappings may point at HTTP, WebSocket or REST APIs.
 */
import { createHash } from 'node:crypto';
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateApiMappingRequest,
  S_DeleteApiMappingRequest,
  S_GetApiMappingRequest,
  S_GetApiMappingsRequest,
  S_UpdateApiMappingRequest,
} from '../../aws/generated/apigatewayv2.js';
import { KIND as V1_KIND, apiKey as v1Key } from '../../definitions/apigateway.js';
import { EMPTY_BASE_PATH, basePathMappingKey, domainKey, type BasePathMappingRecord, type DomainNameRecord } from '../../definitions/domains.js';
import type { ApiRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { requirePublicDomainName } from './domain-names.js';
import { KIND, childKey, newId, page } from './records.js';

type MappingDoc = BasePathMappingRecord & { apiMappingId?: string };

const NOT_FOUND = 'The api mapping resource specified in the request was not found.';
const SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/;

const idOf = (domain: string, m: MappingDoc) =>
  m.apiMappingId ?? BigInt('0x' + createHash('sha256').update(`${domain}/${m.basePath}`).digest('hex').slice(0, 12)).toString(36).slice(0, 6);

function output(domain: string, m: MappingDoc) {
  return { ApiId: m.restApiId, ApiMappingId: idOf(domain, m), ApiMappingKey: m.basePath === EMPTY_BASE_PATH ? '' : m.basePath, Stage: m.stage };
}

function basePathOf(domain: DomainNameRecord, key: string | undefined): string {
  if (key === undefined || key === '' || key === EMPTY_BASE_PATH) return EMPTY_BASE_PATH;
  const segments = key.split('/');
  if (key.length > 300 || !segments.every((s) => SEGMENT.test(s))) {
    throw badRequest("Invalid API mapping key: it may contain only letters, numbers, the characters $-_.+!*'() and slashes between levels, and be at most 300 characters long.");
  }
  if (segments.length > 1 && !domain.endpointConfiguration.types.includes('REGIONAL')) {
    throw badRequest('Multi-level API mappings are supported only for REGIONAL domain names.');
  }
  return key;
}

/** The API (HTTP, WebSocket or REST) and its stage must exist. */
async function checkTarget(ctx: RequestContext, domain: DomainNameRecord, apiId: string, stage: string): Promise<void> {
  const v2 = await ctx.tx.get<ApiRecord>(KIND.api, apiId);
  if (v2) {
    if (v2.ProtocolType === 'HTTP' && !domain.endpointConfiguration.types.includes('REGIONAL')) throw badRequest('HTTP APIs can be mapped only to REGIONAL domain names.');
    if (!(await ctx.tx.get(KIND.stage, childKey(apiId, stage)))) throw badRequest('Invalid stage identifier specified');
    return;
  }
  if (!(await ctx.tx.get(V1_KIND.restApi, apiId))) throw notFound(`Invalid API identifier specified ${ctx.scope.account}:${apiId}`);
  if (!(await ctx.tx.get(V1_KIND.stage, v1Key(apiId, stage)))) throw badRequest('Invalid stage identifier specified');
}

async function mappingsOf(ctx: RequestContext, domainName: string) {
  const domain = await requirePublicDomainName(ctx, domainName);
  const key = domainKey(domain.domainName);
  const mappings = (await ctx.tx.list<MappingDoc>(V1_KIND.basePathMapping, `${key}/`)).map((e) => e.value);
  return { domain, key, mappings };
}

async function createApiMapping(input: S_CreateApiMappingRequest, ctx: RequestContext) {
  const { domain, key, mappings } = await mappingsOf(ctx, input.DomainName);
  const basePath = basePathOf(domain, input.ApiMappingKey);
  await checkTarget(ctx, domain, input.ApiId, input.Stage);
  if (mappings.some((m) => m.basePath === basePath)) throw conflict('Base path already exists for this domain name');
  const mapping: MappingDoc = { basePath, restApiId: input.ApiId, stage: input.Stage, apiMappingId: newId(6) };
  await ctx.tx.put(V1_KIND.basePathMapping, basePathMappingKey(key, basePath), mapping);
  return output(key, mapping);
}

async function requireMapping(ctx: RequestContext, domainName: string, apiMappingId: string) {
  const found = await mappingsOf(ctx, domainName);
  const mapping = found.mappings.find((m) => idOf(found.key, m) === apiMappingId);
  if (!mapping) throw notFound(NOT_FOUND);
  return { ...found, mapping };
}

async function getApiMapping(input: S_GetApiMappingRequest, ctx: RequestContext) {
  const { key, mapping } = await requireMapping(ctx, input.DomainName, input.ApiMappingId);
  return output(key, mapping);
}

async function getApiMappings(input: S_GetApiMappingsRequest, ctx: RequestContext) {
  const { key, mappings } = await mappingsOf(ctx, input.DomainName);
  return page(mappings.map((m) => output(key, m)), input);
}

async function updateApiMapping(input: S_UpdateApiMappingRequest, ctx: RequestContext) {
  const { domain, key, mappings, mapping } = await requireMapping(ctx, input.DomainName, input.ApiMappingId);
  const basePath = input.ApiMappingKey !== undefined ? basePathOf(domain, input.ApiMappingKey) : mapping.basePath;
  const stage = input.Stage ?? mapping.stage;
  if (!stage) throw badRequest('Stage must be specified');
  await checkTarget(ctx, domain, input.ApiId, stage);
  if (basePath !== mapping.basePath && mappings.some((m) => m.basePath === basePath)) throw conflict('Base path already exists for this domain name');
  const next: MappingDoc = { basePath, restApiId: input.ApiId, stage, apiMappingId: idOf(key, mapping) };
  if (basePath !== mapping.basePath) await ctx.tx.delete(V1_KIND.basePathMapping, basePathMappingKey(key, mapping.basePath));
  await ctx.tx.put(V1_KIND.basePathMapping, basePathMappingKey(key, basePath), next);
  return output(key, next);
}

async function deleteApiMapping(input: S_DeleteApiMappingRequest, ctx: RequestContext) {
  const { key, mapping } = await requireMapping(ctx, input.DomainName, input.ApiMappingId);
  await ctx.tx.delete(V1_KIND.basePathMapping, basePathMappingKey(key, mapping.basePath));
}

export const handlers: Handlers = {
  CreateApiMapping: createApiMapping,
  GetApiMapping: getApiMapping,
  GetApiMappings: getApiMappings,
  UpdateApiMapping: updateApiMapping,
  DeleteApiMapping: deleteApiMapping,
};
