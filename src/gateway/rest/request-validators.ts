/**
 * Request validators compiled once per deployment: for each method with a requestValidatorId, the
 * required parameters it checks (validateRequestParameters) and the JSON Schema draft 4 validators
 * of its request models by content type (validateRequestBody). Model schemas are compiled by one
 * Ajv per deployment, made only when a method needs one, with every model of the API registered
 * under its AWS URL so `$ref`s between models (and `#/definitions/...` inside one) resolve.
 * A method without a validator, or whose validator checks nothing, compiles to nothing and its
 * requests pay nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 */
import ajvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type { S_Method } from '../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../definitions/apigateway.js';

/** A required `method.request.{header|querystring|path}.{name}` parameter. */
export interface RequiredParameter {
  from: 'header' | 'querystring' | 'path';
  /** As written (AWS lists it so in its message); headers are matched case-insensitively. */
  name: string;
}

/** A request model's validator, or why its schema cannot be used (API_CONFIGURATION_ERROR when needed). */
export type BodyValidator = { ok: true; model: string; validate: ValidateFunction } | { ok: false; model: string; error: string };

export interface CompiledValidation {
  /** validateRequestParameters: the parameters marked required, in AWS's order (by their full name). */
  requiredParameters?: RequiredParameter[];
  /** validateRequestBody: lower-cased content type (or `$default`) -> the model's validator. */
  bodyModels?: Map<string, BodyValidator>;
}

// A CommonJS package: under NodeNext the class is its `default` member.
const Ajv = ajvDraft04.default;
type AjvInstance = InstanceType<typeof Ajv>;

/** The URL a model is known by in `$ref`s: https://apigateway.amazonaws.com/restapis/{id}/models/{name}. */
export const modelUrl = (restApiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;

/** The deployment's models, compiled on first use (one Ajv for the deployment, made only if needed). */
export class ModelSchemas {
  private ajv?: AjvInstance;
  private readonly compiled = new Map<string, BodyValidator>();

  constructor(private readonly snapshot: DeploymentSnapshot) {}

  validator(name: string): BodyValidator {
    let v = this.compiled.get(name);
    if (!v) this.compiled.set(name, (v = this.compile(name)));
    return v;
  }

  private compile(name: string): BodyValidator {
    if (!this.snapshot.models?.[name]) return { ok: false, model: name, error: `Invalid model name specified: ${name}` };
    try {
      const validate = this.instance().getSchema(modelUrl(this.snapshot.restApiId, name));
      if (!validate) return { ok: false, model: name, error: `Invalid model specified: ${name}` };
      return { ok: true, model: name, validate };
    } catch (err) {
      return { ok: false, model: name, error: `Invalid model schema specified for ${name}: ${(err as Error).message}` };
    }
  }

  private instance(): AjvInstance {
    if (this.ajv) return this.ajv;
    // allErrors and verbose: the validation error string names every failure and its value, as AWS's
    // does (schema-errors.ts). Formats draft 4
    // names but Ajv does not bundle are ignored (strict: false), not failed.
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, logger: false });
    for (const [name, model] of Object.entries(this.snapshot.models ?? {})) {
      const schema = parse(model.schema);
      if (!schema) continue;
      // The model's own `id` would register it a second time (and clash with another model's): its AWS URL names it.
      delete schema.id;
      try {
        ajv.addSchema(schema, modelUrl(this.snapshot.restApiId, name));
      } catch {
        // A schema Ajv refuses stays unregistered: a method using it answers a configuration error.
      }
    }
    return (this.ajv = ajv);
  }
}

function parse(source: string | undefined): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(source ?? '');
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const LOCATIONS = new Set(['header', 'querystring', 'path']);

/** The method's validation, or undefined when it has none that checks anything. */
export function compileValidation(method: S_Method, snapshot: DeploymentSnapshot, models: () => ModelSchemas): CompiledValidation | undefined {
  const id = (method.requestValidatorId ?? '').trim();
  const validator = id ? snapshot.requestValidators?.[id] : undefined;
  if (!validator) return undefined;
  const out: CompiledValidation = {};
  if (validator.validateRequestParameters) {
    const required: RequiredParameter[] = [];
    for (const key of Object.keys(method.requestParameters ?? {}).sort()) {
      if (method.requestParameters![key] !== true) continue;
      const m = /^method\.request\.([a-z]+)\.(.+)$/.exec(key);
      if (!m || !LOCATIONS.has(m[1])) continue;
      required.push({ from: m[1] as RequiredParameter['from'], name: m[2] });
    }
    if (required.length) out.requiredParameters = required;
  }
  if (validator.validateRequestBody) {
    const bodyModels = new Map<string, BodyValidator>();
    for (const [contentType, name] of Object.entries(method.requestModels ?? {})) {
      if (name) bodyModels.set(contentType.toLowerCase(), models().validator(name));
    }
    if (bodyModels.size) out.bodyModels = bodyModels;
  }
  return out.requiredParameters || out.bodyModels ? out : undefined;
}
