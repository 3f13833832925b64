/**
 * DocumentationPart: CreateDocumentationPart, GetDocumentationPart(s), UpdateDocumentationPart,
 * DeleteDocumentationPart. A part is documentation content (`properties`, a JSON object text) for
 * one API entity (`location`); an entity has at most one part.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDocumentationPart.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-content-representation.html
 */
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateDocumentationPartRequest,
  S_DeleteDocumentationPartRequest,
  S_DocumentationPart,
  S_GetDocumentationPartRequest,
  S_GetDocumentationPartsRequest,
  S_UpdateDocumentationPartRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { alreadyExists, findAtLocation, normaliseLocation } from './documentation-location.js';
import { hasContent, parseProperties } from './documentation-properties.js';
import { applyPatch, defaultInvalidPath, type PatchRule } from './patch/index.js';
import { apiKey, KIND, listUnderApi, paginate, requireDoc, requireRestApi } from './records.js';

const NOT_FOUND = 'Invalid Documentation part identifier specified';

function listParts(ctx: RequestContext, restApiId: string): Promise<S_DocumentationPart[]> {
  return listUnderApi<S_DocumentationPart>(ctx.tx, KIND.documentationPart, restApiId);
}

async function createDocumentationPart(input: S_CreateDocumentationPartRequest, ctx: RequestContext): Promise<S_DocumentationPart> {
  await requireRestApi(ctx, input.restApiId);
  const location = normaliseLocation(input.location);
  parseProperties(input.properties);
  if (findAtLocation(await listParts(ctx, input.restApiId), location)) throw alreadyExists(location);
  const part: S_DocumentationPart = { id: shortId(6), location, properties: input.properties };
  await ctx.tx.put(KIND.documentationPart, apiKey(input.restApiId, part.id!), part);
  return part;
}

/** An unknown API reads as an unknown part (recorded: get-documentation-part-invalid-api-id, update-documentation-part-invalid-api-id). */
function requirePart(ctx: RequestContext, restApiId: string, id: string): Promise<S_DocumentationPart> {
  return requireDoc(ctx.tx, KIND.documentationPart, apiKey(restApiId, id), NOT_FOUND);
}

function getDocumentationPart(input: S_GetDocumentationPartRequest, ctx: RequestContext): Promise<S_DocumentationPart> {
  return requirePart(ctx, input.restApiId, input.documentationPartId);
}

/**
 * Filters: `type` and `path` match exactly, `name` (nameQuery) matches any part of the
 * location's name, `locationStatus` DOCUMENTED keeps parts with content and UNDOCUMENTED those
 * without (the model's words: "DocumentationPart resources without content").
 */
async function getDocumentationParts(input: S_GetDocumentationPartsRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const parts = (await listParts(ctx, input.restApiId)).filter((p) => {
    const l = p.location!;
    if (input.type !== undefined && l.type !== input.type) return false;
    if (input.path !== undefined && l.path !== input.path) return false;
    if (input.nameQuery !== undefined && !(l.name ?? '').includes(input.nameQuery)) return false;
    if (input.locationStatus === 'DOCUMENTED' && !hasContent(p.properties)) return false;
    if (input.locationStatus === 'UNDOCUMENTED' && hasContent(p.properties)) return false;
    return true;
  });
  return paginate(parts, input.position, input.limit);
}

const RULES: PatchRule<S_DocumentationPart>[] = [
  {
    path: '/properties',
    ops: ['replace'],
    apply(doc, c) {
      parseProperties(c.value);
      doc.properties = c.value;
    },
  },
  // Only replace is supported; AWS words other ops as an unsupported path (recorded:
  // update-documentation-part-invalid-add-operation).
  {
    path: '/{any+}',
    ops: ['add', 'remove', 'move', 'copy', 'test'],
    listed: false,
    apply(_doc, c) {
      throw defaultInvalidPath(c.op, c.path, []);
    },
  },
];

async function updateDocumentationPart(input: S_UpdateDocumentationPartRequest, ctx: RequestContext): Promise<S_DocumentationPart> {
  const current = await requirePart(ctx, input.restApiId, input.documentationPartId);
  const updated = applyPatch(current, input.patchOperations, RULES);
  await ctx.tx.put(KIND.documentationPart, apiKey(input.restApiId, current.id!), updated);
  return updated;
}

/** Here the API is checked first (recorded: delete_documentation_part_wrong_api_id names the API). */
async function deleteDocumentationPart(input: S_DeleteDocumentationPartRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  const part = await requirePart(ctx, input.restApiId, input.documentationPartId);
  await ctx.tx.delete(KIND.documentationPart, apiKey(input.restApiId, part.id!));
}

export const handlers: Handlers = {
  CreateDocumentationPart: createDocumentationPart,
  GetDocumentationPart: getDocumentationPart,
  GetDocumentationParts: getDocumentationParts,
  UpdateDocumentationPart: updateDocumentationPart,
  DeleteDocumentationPart: deleteDocumentationPart,
};
