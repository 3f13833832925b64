/**
 * BasePathMapping: CreateBasePathMapping, GetBasePathMapping(s), UpdateBasePathMapping,
 * DeleteBasePathMapping. A mapping sends https://{domainName}/{basePath}/... to a REST API's stage.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_BasePathMapping.html
 *
 * The empty base path is shown and addressed as "(none)"; while it exists it is the domain
 * name's only mapping ("Only one base path mapping is allowed if the base path is empty.", 409,
 * as AWS answers it: aws-cdk#11095). "Base path already exists for this domain name" (409) and
 * "Invalid base path mapping identifier specified" (404) are AWS's words too
 * (serverless-domain-manager#214, #613). API Gateway v1 takes one path segment only; multi-level
 * mappings are an apigatewayv2 feature (rest-api-mappings).
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateBasePathMappingRequest,
  S_DeleteBasePathMappingRequest,
  S_GetBasePathMappingRequest,
  S_GetBasePathMappingsRequest,
  S_UpdateBasePathMappingRequest,
} from '../../aws/generated/apigateway.js';
import { basePathMappingKey, domainKey, EMPTY_BASE_PATH, type BasePathMappingRecord } from '../../definitions/domains.js';
import type { Handlers, RequestContext } from '../types.js';
import { requireDomainName } from './domain-names.js';
import { applyPatch, type PatchRule } from './patch/index.js';
import { apiKey, KIND, paginate } from './records.js';

const MAPPING_NOT_FOUND = 'Invalid base path mapping identifier specified';
/** "API mappings must contain only letters, numbers, and the following characters: $-_.+!*'()" (rest-api-mappings). */
const BASE_PATH = /^[A-Za-z0-9$\-_.+!*'()]{1,300}$/;

/** The stored form of a base path as the caller gave it: empty (or "(none)") is "(none)". */
function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === EMPTY_BASE_PATH) return EMPTY_BASE_PATH;
  if (basePath.includes('/')) {
    throw badRequest("API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.");
  }
  if (!BASE_PATH.test(basePath)) {
    throw badRequest("Invalid base path: it may contain only letters, numbers, and the characters $-_.+!*'() and be at most 300 characters long.");
  }
  return basePath;
}

/** The API must exist and, when named, its stage (AWS answers both as 400, not 404). */
async function checkTarget(ctx: RequestContext, restApiId: string, stage: string | undefined): Promise<void> {
  if (!(await ctx.tx.get(KIND.restApi, restApiId))) throw badRequest('Invalid REST API identifier specified');
  if (stage !== undefined && !(await ctx.tx.get(KIND.stage, apiKey(restApiId, stage)))) throw badRequest('Invalid stage identifier specified');
}

/** Mapping keys of a domain name and the domain's own key, read once. */
async function mappingsOf(ctx: RequestContext, domainName: string, domainNameId?: string) {
  const domain = await requireDomainName(ctx, domainName, domainNameId);
  const key = domainKey(domain.domainName, domain.domainNameId);
  const entries = await ctx.tx.list<BasePathMappingRecord>(KIND.basePathMapping, `${key}/`);
  return { key, mappings: entries.map((e) => e.value) };
}

/** Taking `basePath` on this domain must not clash with the mappings already there. */
function checkFree(mappings: BasePathMappingRecord[], basePath: string): void {
  if (mappings.some((m) => m.basePath === basePath)) throw conflict('Base path already exists for this domain name');
  if (mappings.length && (basePath === EMPTY_BASE_PATH || mappings.some((m) => m.basePath === EMPTY_BASE_PATH))) {
    throw conflict('Only one base path mapping is allowed if the base path is empty.');
  }
}

async function createBasePathMapping(input: S_CreateBasePathMappingRequest, ctx: RequestContext): Promise<BasePathMappingRecord> {
  const { key, mappings } = await mappingsOf(ctx, input.domainName, input.domainNameId);
  const basePath = normaliseBasePath(input.basePath);
  const stage = input.stage || undefined;
  await checkTarget(ctx, input.restApiId, stage);
  checkFree(mappings, basePath);
  const mapping: BasePathMappingRecord = { basePath, restApiId: input.restApiId, ...(stage ? { stage } : {}) };
  await ctx.tx.put(KIND.basePathMapping, basePathMappingKey(key, basePath), mapping);
  return mapping;
}

async function requireMapping(ctx: RequestContext, domainName: string, domainNameId: string | undefined, basePath: string) {
  const domain = await requireDomainName(ctx, domainName, domainNameId);
  const key = domainKey(domain.domainName, domain.domainNameId);
  const stored = basePath === '' ? EMPTY_BASE_PATH : basePath;
  const mapping = await ctx.tx.get<BasePathMappingRecord>(KIND.basePathMapping, basePathMappingKey(key, stored));
  if (!mapping) throw notFound(MAPPING_NOT_FOUND);
  return { key, mapping };
}

async function getBasePathMapping(input: S_GetBasePathMappingRequest, ctx: RequestContext): Promise<BasePathMappingRecord> {
  return (await requireMapping(ctx, input.domainName, input.domainNameId, input.basePath)).mapping;
}

async function getBasePathMappings(input: S_GetBasePathMappingsRequest, ctx: RequestContext) {
  const { mappings } = await mappingsOf(ctx, input.domainName, input.domainNameId);
  return paginate(mappings, input.position, input.limit);
}

const rules: PatchRule<BasePathMappingRecord>[] = [
  {
    path: '/basePath',
    ops: ['replace'],
    apply(doc, ctx) {
      doc.basePath = normaliseBasePath(ctx.value);
    },
  },
  {
    // AWS spells this path /restapiId; the member's own spelling is taken too.
    path: '/restapiId',
    ops: ['replace'],
    apply(doc, ctx) {
      if (!ctx.value) throw badRequest('Invalid REST API identifier specified');
      doc.restApiId = ctx.value;
    },
  },
  {
    path: '/restApiId',
    ops: ['replace'],
    listed: false,
    apply(doc, ctx) {
      if (!ctx.value) throw badRequest('Invalid REST API identifier specified');
      doc.restApiId = ctx.value;
    },
  },
  {
    path: '/stage',
    ops: ['replace'],
    apply(doc, ctx) {
      if (ctx.value) doc.stage = ctx.value;
      else delete doc.stage;
    },
  },
];

async function updateBasePathMapping(input: S_UpdateBasePathMappingRequest, ctx: RequestContext): Promise<BasePathMappingRecord> {
  const { key, mapping } = await requireMapping(ctx, input.domainName, input.domainNameId, input.basePath);
  const updated = applyPatch(mapping, input.patchOperations, rules);
  await checkTarget(ctx, updated.restApiId, updated.stage);
  if (updated.basePath !== mapping.basePath) {
    const others = (await ctx.tx.list<BasePathMappingRecord>(KIND.basePathMapping, `${key}/`)).map((e) => e.value).filter((m) => m.basePath !== mapping.basePath);
    checkFree(others, updated.basePath);
    await ctx.tx.delete(KIND.basePathMapping, basePathMappingKey(key, mapping.basePath));
  }
  await ctx.tx.put(KIND.basePathMapping, basePathMappingKey(key, updated.basePath), updated);
  return updated;
}

async function deleteBasePathMapping(input: S_DeleteBasePathMappingRequest, ctx: RequestContext): Promise<void> {
  const { key, mapping } = await requireMapping(ctx, input.domainName, input.domainNameId, input.basePath);
  await ctx.tx.delete(KIND.basePathMapping, basePathMappingKey(key, mapping.basePath));
}

export const handlers: Handlers = {
  CreateBasePathMapping: createBasePathMapping,
  GetBasePathMapping: getBasePathMapping,
  GetBasePathMappings: getBasePathMappings,
  UpdateBasePathMapping: updateBasePathMapping,
  DeleteBasePathMapping: deleteBasePathMapping,
};
