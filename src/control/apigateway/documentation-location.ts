/**
 * Where a documentation part points: which `location` fields each entity type takes, their
 * defaults, and the one-part-per-location rule. Shared by CreateDocumentationPart and
 * ImportDocumentationParts (and, through documentation-import.ts, by ImportRestApi/PutRestApi).
 *
 * The rules are the guide's table "Valid location fields of DocumentationPart":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-content-representation.html
 *  - `type` is required for every entity; a field the type does not take is an error;
 *  - `path` defaults to `/` (the root resource), `method` and `statusCode` to `*` (any);
 *  - `name` is required for the entities that only a name identifies (AUTHORIZER, MODEL) and for
 *    message parameters (path/query parameters, request and response headers). The API reference
 *    also lists `name` for REQUEST_BODY while the guide's table does not: it is taken, not required.
 * Defaults are stored filled in, as AWS answers them (the guide's RESOURCE example answers
 * `"path": "/"` for a part created without a path; recorded: an imported METHOD part without a
 * path reads back with `"path": "/"`).
 */
import { badRequest, conflict } from '../../aws/errors.js';
import type { S_DocumentationPart, S_DocumentationPartLocation, S_DocumentationPartType } from '../../aws/generated/apigateway.js';

type Field = 'path' | 'method' | 'statusCode' | 'name';

interface LocationRule {
  /** The optional fields besides `type`, in the order AWS names them. */
  fields: Field[];
  nameRequired?: boolean;
}

const PARAMETER: LocationRule = { fields: ['path', 'method', 'name'], nameRequired: true };

export const LOCATION_RULES: Record<S_DocumentationPartType, LocationRule> = {
  API: { fields: [] },
  AUTHORIZER: { fields: ['name'], nameRequired: true },
  MODEL: { fields: ['name'], nameRequired: true },
  RESOURCE: { fields: ['path'] },
  METHOD: { fields: ['path', 'method'] },
  PATH_PARAMETER: PARAMETER,
  QUERY_PARAMETER: PARAMETER,
  REQUEST_HEADER: PARAMETER,
  REQUEST_BODY: { fields: ['path', 'method', 'name'] },
  RESPONSE: { fields: ['path', 'method', 'statusCode'] },
  RESPONSE_HEADER: { fields: ['path', 'method', 'statusCode', 'name'], nameRequired: true },
  RESPONSE_BODY: { fields: ['path', 'method', 'statusCode'] },
};

export const DOCUMENTATION_PART_TYPES = Object.keys(LOCATION_RULES) as S_DocumentationPartType[];

const DEFAULTS: Partial<Record<Field, string>> = { path: '/', method: '*', statusCode: '*' };

/** DocumentationPartLocationStatusCode's pattern in the service model. */
const STATUS_CODE = /^([1-5]\d\d|\*|\s*)$/;
/** An HTTP verb or `*` for any method. */
const METHOD = /^(\*|[A-Za-z]+)$/;

/**
 * The location as stored: checked against its type's rule, defaults filled in. Throws
 * BadRequestException naming the first offending field. (AWS's wording for these was not
 * recorded; the messages are Gatehouse's, naming the field and the type.)
 */
export function normaliseLocation(input: unknown): S_DocumentationPartLocation {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('Invalid documentation part location: location must be an object');
  const raw = input as Record<string, unknown>;
  const type = raw.type;
  if (typeof type !== 'string' || !(type in LOCATION_RULES)) {
    throw badRequest(`Invalid documentation part location type: ${typeof type === 'string' ? type : JSON.stringify(type ?? null)}`);
  }
  const rule = LOCATION_RULES[type as S_DocumentationPartType];
  const location: S_DocumentationPartLocation = { type: type as S_DocumentationPartType };
  for (const field of ['path', 'method', 'statusCode', 'name'] as Field[]) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (!rule.fields.includes(field)) throw badRequest(`Invalid documentation part location: '${field}' is not a valid location field for type '${type}'`);
    if (typeof value !== 'string') throw badRequest(`Invalid documentation part location: '${field}' must be a string`);
  }
  for (const field of rule.fields) {
    const given = raw[field] as string | undefined;
    const value = given === undefined || given === null || given === '' ? DEFAULTS[field] : given;
    if (value !== undefined) location[field] = value;
  }
  if (rule.nameRequired && !location.name) throw badRequest(`Invalid documentation part location: 'name' is required for type '${type}'`);
  if (location.path !== undefined && !location.path.startsWith('/')) throw badRequest(`Invalid documentation part location: path '${location.path}' must start with '/'`);
  if (location.method !== undefined) {
    if (!METHOD.test(location.method)) throw badRequest(`Invalid documentation part location: method '${location.method}' is not an HTTP method or '*'`);
    if (location.method !== '*') location.method = location.method.toUpperCase();
  }
  if (location.statusCode !== undefined && !STATUS_CODE.test(location.statusCode)) {
    throw badRequest(`Invalid documentation part location: status code '${location.statusCode}' must be a 1xx-5xx code or '*'`);
  }
  return location;
}

/** One string per location: two parts with the same key target the same entity. */
export function locationKey(location: S_DocumentationPartLocation): string {
  return JSON.stringify([location.type, location.path ?? null, location.method ?? null, location.statusCode ?? null, location.name ?? null]);
}

/**
 * The location as AWS names it in the conflict: "Documentation part already exists for the
 * specified location: type 'API'." (the guide, api-gateway-documenting-api-quick-start-with-restapi.md),
 * with each further field the location has.
 */
export function describeLocation(location: S_DocumentationPartLocation): string {
  const fields: string[] = [`type '${location.type}'`];
  if (location.path !== undefined) fields.push(`path '${location.path}'`);
  if (location.method !== undefined) fields.push(`method '${location.method}'`);
  if (location.statusCode !== undefined) fields.push(`statusCode '${location.statusCode}'`);
  if (location.name !== undefined) fields.push(`name '${location.name}'`);
  return fields.join(', ');
}

export function alreadyExists(location: S_DocumentationPartLocation) {
  return conflict(`Documentation part already exists for the specified location: ${describeLocation(location)}.`);
}

/** The part already at this location, if any (ignoring the part `exceptId`). */
export function findAtLocation(parts: S_DocumentationPart[], location: S_DocumentationPartLocation, exceptId?: string): S_DocumentationPart | undefined {
  const key = locationKey(location);
  return parts.find((p) => p.id !== exceptId && locationKey(p.location!) === key);
}
