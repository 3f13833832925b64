/**
 * DocumentationVersion: CreateDocumentationVersion, GetDocumentationVersion(s),
 * UpdateDocumentationVersion, DeleteDocumentationVersion. "A documentation version is a snapshot
 * of the DocumentationParts collection of an API"; publishing associates it with a stage
 * (Stage.documentationVersion), either here (stageName) or through UpdateStage.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-content-representation.html#api-gateway-documenting-api-content-representation-documentation-versions
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-quick-start-publishing.html
 *
 * Stored under KIND.documentationVersion at apiKey(restApiId, version): the DocumentationVersion
 * shape plus `parts`, the API's documentation parts as they were when the version was created
 * (what a stage-specific export publishes; see documentationVersionParts).
 */
import { badRequest, conflict } from '../../aws/errors.js';
import type {
  S_CreateDocumentationVersionRequest,
  S_DeleteDocumentationVersionRequest,
  S_DocumentationPart,
  S_DocumentationVersion,
  S_GetDocumentationVersionRequest,
  S_GetDocumentationVersionsRequest,
  S_UpdateDocumentationVersionRequest,
} from '../../aws/generated/apigateway.js';
import type { StageRecord } from '../../definitions/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, defaultInvalidPath, type PatchRule } from './patch/index.js';
import { apiKey, KIND, listUnderApi, paginate, requireDoc, requireRestApi } from './records.js';
import { requireStage } from './stage-record.js';

interface DocumentationVersionRecord {
  version: string;
  createdDate: string;
  description?: string;
  parts: S_DocumentationPart[];
}

/** AWS's answer for an unknown version (the message tools such as serverless-aws-documentation test for). */
const NOT_FOUND = 'Invalid Documentation version specified';

function answer(record: DocumentationVersionRecord): S_DocumentationVersion {
  return { version: record.version, createdDate: new Date(record.createdDate), description: record.description };
}

function requireVersion(tx: StoreTx, restApiId: string, version: string): Promise<DocumentationVersionRecord> {
  return requireDoc(tx, KIND.documentationVersion, apiKey(restApiId, version), NOT_FOUND);
}

/**
 * The documentation parts a version froze, for a stage-specific export (GetExport of a stage
 * whose documentationVersion is set). NotFoundException if the version does not exist.
 */
export async function documentationVersionParts(ctx: RequestContext, restApiId: string, version: string): Promise<S_DocumentationPart[]> {
  return (await requireVersion(ctx.tx, restApiId, version)).parts;
}

/** For stage writers: NotFoundException unless the API has this documentation version. */
export async function requireDocumentationVersion(ctx: RequestContext, restApiId: string, version: string): Promise<void> {
  await requireVersion(ctx.tx, restApiId, version);
}

async function createDocumentationVersion(input: S_CreateDocumentationVersionRequest, ctx: RequestContext): Promise<S_DocumentationVersion> {
  await requireRestApi(ctx, input.restApiId);
  if (!input.documentationVersion) throw badRequest('Documentation version must be specified');
  const key = apiKey(input.restApiId, input.documentationVersion);
  if (await ctx.tx.get(KIND.documentationVersion, key)) throw conflict('Documentation version already exists');
  const stage = input.stageName ? await requireStage(ctx.tx, input.restApiId, input.stageName) : undefined;
  const record: DocumentationVersionRecord = {
    version: input.documentationVersion,
    createdDate: ctx.now.toISOString(),
    description: input.description || undefined,
    parts: await listUnderApi<S_DocumentationPart>(ctx.tx, KIND.documentationPart, input.restApiId),
  };
  await ctx.tx.put(KIND.documentationVersion, key, record);
  if (stage) {
    const updated: StageRecord = { ...stage, documentationVersion: record.version, lastUpdatedDate: ctx.now.toISOString() };
    await ctx.tx.put(KIND.stage, apiKey(input.restApiId, stage.stageName), updated);
  }
  return answer(record);
}

async function getDocumentationVersion(input: S_GetDocumentationVersionRequest, ctx: RequestContext): Promise<S_DocumentationVersion> {
  return answer(await requireVersion(ctx.tx, input.restApiId, input.documentationVersion));
}

async function getDocumentationVersions(input: S_GetDocumentationVersionsRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const all = await listUnderApi<DocumentationVersionRecord>(ctx.tx, KIND.documentationVersion, input.restApiId);
  const page = paginate(all, input.position, input.limit);
  return { items: page.items.map(answer), position: page.position };
}

/** "You can only update a documentation snapshot by modifying the description property" (the guide). */
const RULES: PatchRule<DocumentationVersionRecord>[] = [
  {
    path: '/description',
    ops: ['replace'],
    apply(doc, c) {
      if (c.value) doc.description = c.value;
      else delete doc.description;
    },
  },
  {
    path: '/{any+}',
    ops: ['add', 'remove', 'move', 'copy', 'test'],
    listed: false,
    apply(_doc, c) {
      throw defaultInvalidPath(c.op, c.path, []);
    },
  },
];

async function updateDocumentationVersion(input: S_UpdateDocumentationVersionRequest, ctx: RequestContext): Promise<S_DocumentationVersion> {
  const current = await requireVersion(ctx.tx, input.restApiId, input.documentationVersion);
  const updated = applyPatch(current, input.patchOperations, RULES);
  await ctx.tx.put(KIND.documentationVersion, apiKey(input.restApiId, current.version), updated);
  return answer(updated);
}

/**
 * Deleting a version a stage publishes leaves that stage without a documentation version, so no
 * stage names a snapshot that is gone. (AWS's behaviour here is not recorded; this keeps the
 * stage's GetExport answerable.)
 */
async function deleteDocumentationVersion(input: S_DeleteDocumentationVersionRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  const record = await requireVersion(ctx.tx, input.restApiId, input.documentationVersion);
  await ctx.tx.delete(KIND.documentationVersion, apiKey(input.restApiId, record.version));
  for (const stage of await listUnderApi<StageRecord>(ctx.tx, KIND.stage, input.restApiId)) {
    if (stage.documentationVersion !== record.version) continue;
    const { documentationVersion: _dropped, ...rest } = stage;
    await ctx.tx.put(KIND.stage, apiKey(input.restApiId, stage.stageName), { ...rest, lastUpdatedDate: ctx.now.toISOString() });
  }
}

export const handlers: Handlers = {
  CreateDocumentationVersion: createDocumentationVersion,
  GetDocumentationVersion: getDocumentationVersion,
  GetDocumentationVersions: getDocumentationVersions,
  UpdateDocumentationVersion: updateDocumentationVersion,
  DeleteDocumentationVersion: deleteDocumentationVersion,
};
