/**
 * Models in an export: the schemas of the models the API's methods use (directly or through
 * other models' `$ref`s), under #/definitions (Swagger 2) or #/components/schemas (OpenAPI 3).
 *
 * - Only used models are written: the guide's exported samples omit the unused Error model every
 *   API is created with (api-as-lambda-proxy-export-swagger-with-extensions: Input, Output, Result
 *   only) and recorded exports list exactly the models the methods reach.
 * - `$schema` is dropped and each model `$ref`
 *   (`https://apigateway.amazonaws.com/restapis/{id}/models/{name}`) becomes a local reference
 *   (recorded: test_export_swagger_openapi, `"$ref": "#/definitions/Pet"`).
 */
import type { S_Model } from '../../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../../definitions/apigateway.js';
import type { ExportDocumentation } from './documentation.js';

const MODEL_REF = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#?]+)$/;
const LOCAL_REF = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/;

/** The model a `$ref` names, whichever form it has. */
export function refName(ref: string): string | undefined {
  const m = MODEL_REF.exec(ref) ?? LOCAL_REF.exec(ref);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export type RefPrefix = '#/definitions/' | '#/components/schemas/';

export const schemaRef = (prefix: RefPrefix, name: string) => ({ $ref: prefix + name });

/** The model's schema as the export writes it, or undefined when its text is not JSON. */
export function exportSchema(model: S_Model, prefix: RefPrefix): Record<string, unknown> | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(model.schema ?? '');
  } catch {
    return undefined;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const { $schema: _drop, ...rest } = schema as Record<string, unknown>;
  return rewriteRefs(rest, prefix) as Record<string, unknown>;
}

function rewriteRefs(value: unknown, prefix: RefPrefix): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = refName(v);
      out[k] = name === undefined ? v : prefix + name;
    } else if (k === 'enum' || k === 'default') out[k] = v; // data, not schema
    else out[k] = rewriteRefs(v, prefix);
  }
  return out;
}

function refsIn(value: unknown, found: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = refName(v);
        if (name !== undefined) found.push(name);
      } else if (k !== 'enum' && k !== 'default') refsIn(v, found);
    }
  }
  return found;
}

/** The names of the models the methods use, with the models those reach, in the API's model order. */
export function usedModels(snapshot: DeploymentSnapshot): string[] {
  const pending: string[] = [];
  for (const resource of snapshot.resources) {
    for (const method of Object.values(resource.resourceMethods)) {
      pending.push(...Object.values(method.requestModels ?? {}));
      for (const response of Object.values(method.methodResponses ?? {})) pending.push(...Object.values(response.responseModels ?? {}));
    }
  }
  const used = new Set<string>();
  while (pending.length) {
    const name = pending.pop()!;
    const model = snapshot.models[name];
    if (used.has(name) || !model) continue;
    used.add(name);
    try {
      refsIn(JSON.parse(model.schema ?? ''), pending);
    } catch {
      // a schema that is not JSON reaches no other model
    }
  }
  return Object.keys(snapshot.models).filter((name) => used.has(name));
}

/** The definitions / components.schemas map. */
export function exportModels(snapshot: DeploymentSnapshot, prefix: RefPrefix, docs: ExportDocumentation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of usedModels(snapshot)) {
    const schema = exportSchema(snapshot.models[name], prefix);
    if (schema) out[name] = { ...schema, ...docs.model(name) };
  }
  return out;
}

/** A method's request or response models, without any the deployed API does not have (no dangling $ref). */
export function knownModels(models: Record<string, string> | undefined, snapshot: DeploymentSnapshot): Record<string, string> | undefined {
  const known = Object.entries(models ?? {}).filter(([, name]) => snapshot.models[name]);
  return known.length ? Object.fromEntries(known) : undefined;
}

/** The content type whose model stands for a body in Swagger 2 (one schema per body/response). */
export function preferredModel(models: Record<string, string> | undefined): { contentType: string; name: string } | undefined {
  const entries = Object.entries(models ?? {});
  const chosen = entries.find(([ct]) => ct === 'application/json') ?? entries[0];
  return chosen ? { contentType: chosen[0], name: chosen[1] } : undefined;
}
