/**
 * ImportDocumentationParts, and the documentation half of ImportRestApi/PutRestApi: the parts an
 * OpenAPI/Swagger file carries in its `x-amazon-apigateway-documentation` extension
 * ({ version, documentationParts: [{ location, properties }] }).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_ImportDocumentationParts.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-documentation.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-quick-start-import-export.html
 *
 * mode `overwrite` replaces every part of the API with the file's; `merge` (the default) adds the
 * file's parts and replaces the content of those whose location already has a part. Each part is
 * checked as CreateDocumentationPart checks it; one bad part fails the whole import (the thrown
 * error rolls the request back, so nothing is half-imported).
 */
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type { S_DocumentationPart, S_DocumentationPartIds, S_ImportDocumentationPartsRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { describeLocation, findAtLocation, locationKey, normaliseLocation } from './documentation-location.js';
import { jacksonPretty, parseProperties } from './documentation-properties.js';
import { apiKey, KIND, listUnderApi, requireRestApi } from './records.js';

/** AWS's answer to a body that is not an OpenAPI/Swagger document (recorded: test_import_documentation_parts_bad_file). */
const UNREADABLE = 'Unable to build importer with provided input.';

/** The properties text of an imported part: the file's object as AWS prints it, or a JSON object text kept as given. */
function importedProperties(value: unknown, where: string): string {
  if (typeof value === 'string') {
    parseProperties(value);
    return value;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Invalid documentation part at ${where}: properties must be a JSON object`);
  }
  return jacksonPretty(value);
}

/**
 * Imports documentation parts into a REST API inside the caller's transaction (ImportRestApi and
 * PutRestApi call this with the file's `x-amazon-apigateway-documentation.documentationParts`).
 * Answers the ids of the parts written, in the file's order, and the warnings. Throws
 * BadRequestException on the first invalid part; the caller's transaction then rolls back.
 */
export async function importDocumentationParts(
  ctx: RequestContext,
  restApiId: string,
  parts: unknown[],
  mode: 'merge' | 'overwrite',
): Promise<{ ids: string[]; warnings: string[] }> {
  // Check the whole file before writing anything.
  const incoming: { location: S_DocumentationPart['location']; properties: string }[] = [];
  parts.forEach((raw, i) => {
    const where = `documentationParts[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(`Invalid documentation part at ${where}: must be an object`);
    const part = raw as Record<string, unknown>;
    if (part.location === undefined || part.location === null) throw badRequest(`Invalid documentation part at ${where}: location is required`);
    if (part.properties === undefined || part.properties === null) throw badRequest(`Invalid documentation part at ${where}: properties is required`);
    incoming.push({ location: normaliseLocation(part.location), properties: importedProperties(part.properties, where) });
  });

  const warnings: string[] = [];
  const existing = await listUnderApi<S_DocumentationPart>(ctx.tx, KIND.documentationPart, restApiId);
  if (mode === 'overwrite') {
    for (const part of existing) await ctx.tx.delete(KIND.documentationPart, apiKey(restApiId, part.id!));
    existing.length = 0;
  }
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const { location, properties } of incoming) {
    const key = locationKey(location!);
    if (seen.has(key)) warnings.push(`Documentation part for location ${describeLocation(location!)} is defined more than once; the last definition is kept.`);
    seen.add(key);
    const current = findAtLocation(existing, location!);
    const part: S_DocumentationPart = current ? { ...current, properties } : { id: shortId(6), location, properties };
    if (!current) existing.push(part);
    else existing[existing.indexOf(current)] = part;
    await ctx.tx.put(KIND.documentationPart, apiKey(restApiId, part.id!), part);
    if (!ids.includes(part.id!)) ids.push(part.id!);
  }
  return { ids, warnings };
}

/** The OpenAPI/Swagger document of an import body, JSON or YAML; AWS's "Unable to build importer" otherwise. */
export function parseDefinition(body: Uint8Array | string | undefined): Record<string, unknown> {
  const text = typeof body === 'string' ? body : Buffer.from(body ?? new Uint8Array()).toString('utf8');
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch {
    throw badRequest(UNREADABLE);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest(UNREADABLE);
  const definition = doc as Record<string, unknown>;
  if (definition.swagger === undefined && definition.openapi === undefined) throw badRequest(UNREADABLE);
  return definition;
}

/** The `documentationParts` list of a definition's `x-amazon-apigateway-documentation`, [] when it has none. */
export function documentationPartsOf(definition: Record<string, unknown>): unknown[] {
  const extension = definition['x-amazon-apigateway-documentation'];
  if (extension === undefined || extension === null) return [];
  if (typeof extension !== 'object' || Array.isArray(extension)) {
    throw badRequest('Invalid x-amazon-apigateway-documentation: must be an object with a documentationParts list');
  }
  const parts = (extension as Record<string, unknown>).documentationParts;
  if (parts === undefined || parts === null) return [];
  if (!Array.isArray(parts)) throw badRequest('Invalid x-amazon-apigateway-documentation: documentationParts must be a list');
  return parts;
}

async function importDocumentationPartsHandler(input: S_ImportDocumentationPartsRequest, ctx: RequestContext): Promise<S_DocumentationPartIds> {
  await requireRestApi(ctx, input.restApiId);
  const definition = parseDefinition(input.body);
  const parts = documentationPartsOf(definition);
  const result = await importDocumentationParts(ctx, input.restApiId, parts, input.mode === 'overwrite' ? 'overwrite' : 'merge');
  if (input.failOnWarnings && result.warnings.length) {
    throw badRequest(`Warnings found during import:\n\t${result.warnings.join('\n\t')}`);
  }
  return { ids: result.ids, warnings: result.warnings.length ? result.warnings : undefined };
}

export const handlers: Handlers = {
  ImportDocumentationParts: importDocumentationPartsHandler,
};
