/**
 * Model schemas: API Gateway models are JSON Schema draft 4 documents, validated on CreateModel
 * and UpdateModel, and may point at other models of the same API with
 * `"$ref": "https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}"`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 *
 * AWS's messages, as users met them:
 *  - "Model schema must have at least 1 property or array items defined" (recorded, empty schema);
 *  - "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema
 *    specified]" for a schema that is not valid draft 4 (e.g. `"required": []`);
 *  - "... errors : [Invalid model schema specified. Unsupported keyword(s): [\"example\"]]" for
 *    keywords draft 4 does not define (`example`, `$id`, ...);
 *  - "... errors : [Invalid model specified: {name}]" for a reference to a model that is not there.
 */
import ajvDraft04 from 'ajv-draft-04';
import { badRequest } from '../../aws/errors.js';

const EMPTY = 'Model schema must have at least 1 property or array items defined';
const invalid = (detail: string) => badRequest(`Invalid model specified: Validation Result: warnings : [], errors : [${detail}]`);

/** Every keyword JSON Schema draft 4 defines (core + validation). */
const DRAFT4_KEYWORDS = new Set([
  '$schema', 'id', '$ref', 'title', 'description', 'default', 'format',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'required', 'additionalProperties', 'definitions', 'properties',
  'patternProperties', 'dependencies', 'enum', 'type', 'allOf', 'anyOf', 'oneOf', 'not',
]);
const DRAFT4_URIS = new Set(['http://json-schema.org/draft-04/schema#', 'http://json-schema.org/draft-04/schema']);

// A CommonJS package: under NodeNext the class is its `default` member (it sets both).
const Ajv = ajvDraft04.default;
// One validator for the process: it only checks schemas against the draft 4 meta-schema.
const ajv = new Ajv({ strict: false, logger: false });

export type Schema = Record<string, unknown>;
export const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks a model schema; throws AWS's BadRequestException when it is not usable. */
export function parseModelSchema(schema: string | undefined): Schema {
  if (schema === undefined || schema.trim() === '') throw badRequest(EMPTY);
  let doc: unknown;
  try {
    doc = JSON.parse(schema);
  } catch {
    throw invalid('Invalid model schema specified');
  }
  if (!isObject(doc)) throw invalid('Invalid model schema specified');
  if (Object.keys(doc).length === 0) throw badRequest(EMPTY);
  const unsupported = [...new Set(unknownKeywords(doc))];
  if (unsupported.length) {
    throw invalid(`Invalid model schema specified. Unsupported keyword(s): [${unsupported.map((k) => JSON.stringify(k)).join(', ')}]`);
  }
  if (doc.$schema !== undefined && !DRAFT4_URIS.has(String(doc.$schema))) {
    throw invalid(`Invalid model schema specified. Models use JSON Schema draft 4 ($schema ${JSON.stringify(doc.$schema)} is not supported)`);
  }
  if (!ajv.validateSchema(doc)) {
    const first = ajv.errors?.[0];
    const where = first?.instancePath ? `${first.instancePath} ` : '';
    throw invalid(`Invalid model schema specified. ${where}${first?.message ?? 'not a JSON Schema draft 4 document'}`.trim());
  }
  return doc;
}

/** Keywords draft 4 does not know, anywhere a subschema can stand. */
function unknownKeywords(schema: Schema): string[] {
  const found = Object.keys(schema).filter((k) => !DRAFT4_KEYWORDS.has(k));
  for (const sub of subschemas(schema)) found.push(...unknownKeywords(sub));
  return found;
}

/** The direct subschemas of a schema (not `enum` or `default`, which hold data). */
function subschemas(schema: Schema): Schema[] {
  const out: unknown[] = [];
  for (const key of ['properties', 'patternProperties', 'definitions', 'dependencies']) {
    if (isObject(schema[key])) out.push(...Object.values(schema[key] as Schema));
  }
  for (const key of ['items', 'additionalItems', 'additionalProperties', 'not']) {
    const v = schema[key];
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(schema[key])) out.push(...(schema[key] as unknown[]));
  }
  return out.filter(isObject);
}

const MODEL_REF = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/([^/]+)\/models\/([^/#?]+)$/;

/** The models a schema points at, as {restApiId, name}, from its `$ref`s. */
export function modelReferences(schema: Schema): { restApiId: string; name: string }[] {
  const refs: { restApiId: string; name: string }[] = [];
  const visit = (s: Schema) => {
    const m = typeof s.$ref === 'string' ? MODEL_REF.exec(s.$ref) : null;
    if (m) refs.push({ restApiId: m[1], name: decodeURIComponent(m[2]) });
    subschemas(s).forEach(visit);
  };
  visit(schema);
  return refs;
}

/** Refuses a schema that points at a model this API does not have. */
export function checkModelReferences(schema: Schema, restApiId: string, exists: (name: string) => boolean): void {
  for (const ref of modelReferences(schema)) {
    if (ref.restApiId !== restApiId || !exists(ref.name)) throw invalid(`Invalid model specified: ${ref.name}`);
  }
}

/**
 * Replaces each model `$ref` by the referenced model's schema (GetModel with flatten=true, and the
 * mapping-template generator). A reference that loops back is left as it is.
 */
export function flattenSchema(schema: Schema, lookup: (name: string) => Schema | undefined, seen: string[] = []): Schema {
  const flat = (s: unknown): unknown => (isObject(s) ? flattenSchema(s, lookup, seen) : s);
  const m = typeof schema.$ref === 'string' ? MODEL_REF.exec(schema.$ref) : null;
  if (m) {
    const name = decodeURIComponent(m[2]);
    const target = seen.includes(name) ? undefined : lookup(name);
    if (target) {
      const { $schema: _schema, ...inlined } = flattenSchema(target, lookup, [...seen, name]);
      const { $ref: _ref, ...rest } = schema;
      return { ...inlined, ...flattenSchema(rest, lookup, seen) };
    }
  }
  const out: Schema = { ...schema };
  for (const key of ['properties', 'patternProperties', 'definitions', 'dependencies']) {
    const map = schema[key];
    if (isObject(map)) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, flat(v)]));
  }
  for (const key of ['items', 'additionalItems', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']) {
    const v = schema[key];
    if (v !== undefined) out[key] = Array.isArray(v) ? v.map(flat) : flat(v);
  }
  return out;
}
