/**
 * Documentation parts and versions of a REST API (v1), each version with the parts it froze.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-content-representation.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-quick-start-publishing.html
 *
 * A version is a snapshot of the API's parts when it was created, and no call lists a version's
 * parts: GetDocumentationVersion answers its name, date and description only. GetExport of a
 * stage that publishes the version (Stage.documentationVersion) with extensions=documentation is
 * the one public read of them (x-amazon-apigateway-documentation). So a capture exports, for each
 * version, a stage publishing it; a version no stage publishes has no read-only way to its parts
 * (binding a source stage to it would change the source), so it is captured with the API's
 * current parts and the point's warnings say it is approximate.
 *
 * In the target, versions are made before the working parts (order 51, parts 52): each missing
 * version, oldest first, is ImportDocumentationParts (mode=overwrite) of its parts, then
 * CreateDocumentationVersion (one journaled create); the parts step that follows brings the
 * working parts back to the source's current ones. A run that stops part-way leaves each version
 * made (found by name next time, never made again) or not (made next time, from its own parts),
 * and the parts step of the rerun repairs whatever an import left. A version is immutable: one the
 * target already holds under the name is left as it is (only its description is updated).
 */
import {
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  DeleteDocumentationPartCommand,
  DeleteDocumentationVersionCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionsCommand,
  GetExportCommand,
  GetStagesCommand,
  ImportDocumentationPartsCommand,
  UpdateDocumentationPartCommand,
  UpdateDocumentationVersionCommand,
  type DocumentationPart,
  type DocumentationVersion,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import type { Node, ResourceType, Side } from '../model.js';
import { clean, pick } from './common.js';
import { REST_API } from './rest-apis.js';

export const DOCUMENTATION_PART = 'apigateway:DocumentationPart';
export const DOCUMENTATION_VERSION = 'apigateway:DocumentationVersion';

const LOCATION_FIELDS = ['type', 'path', 'method', 'statusCode', 'name'];

/** A part as x-amazon-apigateway-documentation writes it (what ImportDocumentationParts reads). */
interface ImportPart {
  location: Record<string, unknown>;
  properties: unknown;
}

const apiIdOfActual = (node: Node) => lastSegment(rootKey(node.key)).id;

function child(api: Node, type: string, keyId: string, id: string, label: string, props: Record<string, unknown>, payload?: Record<string, unknown>): Node {
  return { type, key: makeKey(api.key, type, keyId), id, parent: api.key, label, props: clean(props), ...(payload ? { payload } : {}) };
}

const listParts = (side: Side, restApiId: string) =>
  pages<DocumentationPart>((position) => send(side.apigateway, new GetDocumentationPartsCommand({ restApiId, position, limit: 500 })));

/** A documentation part's location as a stable key: the fields in one order. */
const locationKey = (l: DocumentationPart['location']) => JSON.stringify(pick(l, LOCATION_FIELDS));

/** The parts a stage publishes: its documentation version's, from the stage's export. */
async function publishedParts(side: Side, restApiId: string, stageName: string): Promise<ImportPart[]> {
  const out = await send<{ body?: Uint8Array }>(
    side.apigateway,
    new GetExportCommand({ restApiId, stageName, exportType: 'oas30', parameters: { extensions: 'documentation' }, accepts: 'application/json' }),
  );
  const doc = JSON.parse(Buffer.from(out.body ?? new Uint8Array()).toString('utf8')) as Record<string, { documentationParts?: ImportPart[] } | undefined>;
  return doc['x-amazon-apigateway-documentation']?.documentationParts ?? [];
}

/** The API's working parts in the export's form (properties as the object their text holds). */
function asImportParts(parts: DocumentationPart[]): ImportPart[] {
  return parts.map((p) => {
    let properties: unknown = p.properties;
    try {
      const parsed = JSON.parse(p.properties ?? '{}') as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) properties = parsed;
    } catch {
      // kept as the text it is
    }
    return { location: pick(p.location, LOCATION_FIELDS), properties };
  });
}

export const documentationPartType: ResourceType = {
  type: DOCUMENTATION_PART,
  parentType: REST_API,
  // After the versions: making a version overwrites the working parts with its own.
  order: 52,
  idKeyed: false,
  async list(side, api) {
    const items = await listParts(side, api!.id);
    return items.map((p) => child(api!, DOCUMENTATION_PART, locationKey(p.location), p.id!, locationKey(p.location), { location: pick(p.location, LOCATION_FIELDS), properties: p.properties }));
  },
  async create(ctx, d, apiId) {
    const p = await send<DocumentationPart>(ctx.target.apigateway, new CreateDocumentationPartCommand({ restApiId: apiId!, ...(d.props as { location: never; properties: string }) }));
    return p.id!;
  },
  async update(ctx, d, a) {
    await send(
      ctx.target.apigateway,
      new UpdateDocumentationPartCommand({ restApiId: apiIdOfActual(a), documentationPartId: a.id, patchOperations: [{ op: 'replace', path: '/properties', value: d.props.properties as string }] }),
    );
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteDocumentationPartCommand({ restApiId: apiIdOfActual(a), documentationPartId: a.id }));
  },
};

export const documentationVersionType: ResourceType = {
  type: DOCUMENTATION_VERSION,
  parentType: REST_API,
  order: 51,
  idKeyed: false,
  async list(side, api, options) {
    const items = await pages<DocumentationVersion>((position) => send(side.apigateway, new GetDocumentationVersionsCommand({ restApiId: api!.id, position, limit: 500 })));
    // Oldest first: the target's versions are made in the source's order.
    const versions = [...items].sort((a, b) => (a.createdDate?.getTime() ?? 0) - (b.createdDate?.getTime() ?? 0));
    const stages = options.capture && versions.length ? ((await send<{ item?: Stage[] }>(side.apigateway, new GetStagesCommand({ restApiId: api!.id }))).item ?? []) : [];
    let current: ImportPart[] | undefined;
    const nodes: Node[] = [];
    for (const v of versions) {
      let payload: Record<string, unknown> | undefined;
      if (options.capture) {
        const stage = stages.filter((s) => s.documentationVersion === v.version).map((s) => s.stageName!).sort()[0];
        if (stage) payload = { parts: await publishedParts(side, api!.id, stage), partsFrom: `stage ${stage}` };
        else {
          current ??= asImportParts(await listParts(side, api!.id));
          payload = {
            parts: current,
            partsFrom: 'current parts',
            warning: `documentation version ${v.version} of API ${api!.label} (${api!.id}) is published by no stage, and only a stage's export reads a version's own parts: it is recovered with the API's current documentation parts, an approximation of what it froze`,
          };
        }
      }
      nodes.push(child(api!, DOCUMENTATION_VERSION, v.version!, v.version!, v.version!, pick(v, ['version', 'description']), payload));
    }
    return nodes;
  },
  async create(ctx, d, apiId) {
    // The version snapshots the working parts: they are made the version's first (the parts step,
    // after this one, puts the current parts back). A point without them (captured before
    // versions kept their parts) snapshots whatever the working parts are.
    const parts = d.payload?.parts;
    if (Array.isArray(parts)) {
      const body = { openapi: '3.0.1', info: { title: 'documentation', version: d.id }, paths: {}, 'x-amazon-apigateway-documentation': { version: d.id, documentationParts: parts } };
      await send(ctx.target.apigateway, new ImportDocumentationPartsCommand({ restApiId: apiId!, mode: 'overwrite', body: Buffer.from(JSON.stringify(body)) }));
    }
    await send(ctx.target.apigateway, new CreateDocumentationVersionCommand({ restApiId: apiId!, documentationVersion: d.id, description: d.props.description as string | undefined }));
    return d.id;
  },
  async update(ctx, d, a) {
    await send(
      ctx.target.apigateway,
      new UpdateDocumentationVersionCommand({ restApiId: apiIdOfActual(a), documentationVersion: a.id, patchOperations: [{ op: 'replace', path: '/description', value: (d.props.description as string) ?? '' }] }),
    );
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteDocumentationVersionCommand({ restApiId: apiIdOfActual(a), documentationVersion: a.id }));
  },
};
