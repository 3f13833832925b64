/**
 * Schemas become models: every entry of `definitions` (Swagger 2) or `components.schemas`
 * (OpenAPI 3) is a model of that name, content type application/json, its description taken from
 * the schema's. References between them are rewritten to the form API Gateway models use,
 * https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}, so that circular
 * references (Person -> House -> Person) stay references (recorded: test_import_with_circular_models).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 *
 * Models are JSON Schema draft 4: the OpenAPI-only keywords (nullable, example, discriminator,
 * readOnly, writeOnly, xml, externalDocs, deprecated, x-*) are left out, and the result is
 * checked as CreateModel checks it. A body or response schema written inline (not a $ref) gets a
 * model of its own named "MODEL" and six hex digits, as AWS names them (MODELd2a00d, seen by
 * users in aws/aws-sdk#468); the digits come from the schema, so importing the same definition
 * twice gives the same model.
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../../../aws/errors.js';
import { shortId } from '../../../aws/ids.js';
import type { S_Model } from '../../../aws/generated/apigateway.js';
import { checkModelReferences, parseModelSchema } from '../model-schema.js';
import { apiKey, KIND, listUnderApi } from '../records.js';
import type { ImportRun } from './context.js';
import { entries, isObject, obj, type Json, type JsonObject } from './json.js';

const MODEL_NAME = /^[A-Za-z0-9]+$/;
const OPENAPI_ONLY = new Set(['nullable', 'example', 'examples', 'discriminator', 'readOnly', 'writeOnly', 'xml', 'externalDocs', 'deprecated']);
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_VALUES = ['items', 'additionalItems', 'additionalProperties', 'not'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/** Where a definition keeps its named schemas. */
export function schemaSection(run: ImportRun): JsonObject {
  return run.doc.version === 'swagger2' ? obj(run.doc.root.definitions) : obj(obj(run.doc.root.components).schemas);
}

const refPrefix = (run: ImportRun) => (run.doc.version === 'swagger2' ? '#/definitions/' : '#/components/schemas/');

export const modelUrl = (restApiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;

/** Creates (or, merging, replaces) a model for every named schema. */
export async function importModels(run: ImportRun): Promise<void> {
  const existing = new Map((await listUnderApi<S_Model>(run.ctx.tx, KIND.model, run.restApiId)).map((m) => [m.name!, m]));
  const named = entries(schemaSection(run));
  const names = new Set([...existing.keys(), ...named.map(([n]) => n)]);
  for (const [name, schema] of named) {
    await run.attempt(`Unable to create model for '${name}'`, async () => {
      if (!MODEL_NAME.test(name)) throw badRequest('Model name must be alphanumeric');
      const converted = toModelSchema(run, schema);
      await putModel(run, name, converted, existing.get(name), names);
      run.modelNames.set(refPrefix(run) + name, name);
    });
  }
}

async function putModel(run: ImportRun, name: string, schema: JsonObject, current: S_Model | undefined, names: Set<string>): Promise<void> {
  const text = JSON.stringify(schema, null, 2);
  checkModelReferences(parseModelSchema(text), run.restApiId, (n) => names.has(n));
  const model: S_Model = {
    id: current?.id ?? shortId(6),
    name,
    description: typeof schema.description === 'string' && schema.description !== '' ? schema.description : undefined,
    schema: text,
    contentType: 'application/json',
  };
  await run.ctx.tx.put(KIND.model, apiKey(run.restApiId, name), model);
}

/**
 * The model a request body or response schema names: the model of its `$ref`, or a model made
 * for an inline schema. A reference to a schema the definition does not have is a warning, as AWS
 * reports "missing model references".
 */
export async function modelFor(run: ImportRun, schema: unknown, where: string): Promise<string | undefined> {
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref === 'string') {
    const name = run.modelNames.get(schema.$ref);
    if (!name) run.warn(`Unable to find model '${schema.$ref}' referenced by ${where}`);
    return name;
  }
  const converted = toModelSchema(run, schema);
  if (Object.keys(converted).length === 0) return undefined;
  const text = JSON.stringify(converted, null, 2);
  const hash = createHash('sha256').update(text).digest('hex');
  const key = 'inline:' + hash;
  const known = run.modelNames.get(key);
  if (known) return known;
  const name = await run.attempt(`Unable to create model for ${where}`, async () => {
    const models = await listUnderApi<S_Model>(run.ctx.tx, KIND.model, run.restApiId);
    const byName = new Map(models.map((m) => [m.name!, m]));
    // "MODEL" and six hex digits, as AWS names them; longer if that name holds another schema.
    let length = 6;
    while (byName.has('MODEL' + hash.slice(0, length)) && byName.get('MODEL' + hash.slice(0, length))!.schema !== text && length < hash.length) length++;
    const chosen = 'MODEL' + hash.slice(0, length);
    await putModel(run, chosen, converted, byName.get(chosen), new Set(byName.keys()));
    return chosen;
  });
  if (!name) return undefined;
  run.modelNames.set(key, name);
  return name;
}

/** A draft 4 copy of an OpenAPI schema, with references rewritten to model URLs. */
export function toModelSchema(run: ImportRun, schema: Json): JsonObject {
  const prefix = refPrefix(run);
  const known = schemaSection(run);
  const convert = (s: Json, depth: number): Json => {
    if (!isObject(s) || depth > 64) return s;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(s)) {
      if (OPENAPI_ONLY.has(key) || key.startsWith('x-')) continue;
      let v: Json = value;
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const name = value.slice(prefix.length);
        if (Object.prototype.hasOwnProperty.call(known, name)) v = modelUrl(run.restApiId, name);
        else run.warn(`Unable to find model '${value}' referenced by a schema`);
      } else if (SCHEMA_MAPS.includes(key) && isObject(value)) {
        v = Object.fromEntries(Object.entries(value).map(([k, sub]) => [k, convert(sub, depth + 1)]));
      } else if (SCHEMA_VALUES.includes(key)) {
        v = Array.isArray(value) ? value.map((sub) => convert(sub, depth + 1)) : convert(value, depth + 1);
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
        v = value.map((sub) => convert(sub, depth + 1));
      }
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return obj(convert(schema, 0));
}
