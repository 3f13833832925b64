/**
 * `$context.error.validationErrorString` for a body that fails its model: AWS validates with a
 * Java JSON Schema draft 4 validator and lists its reports in brackets, comma-separated, in that
 * validator's words ("[object has missing required properties ([\"a\",\"b\"])]", "[instance value
 * (\"bird\") not found in enum (possible values: [\"dog\",\"cat\",\"fish\"])]"). Ajv's errors are
 * reworded into those sentences for the keywords models use; any other keyword keeps Ajv's message.
 * Runs only for a request that failed validation.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import type { ErrorObject } from 'ajv';

const TYPE_NAMES: Record<string, string> = { object: 'object', array: 'array', string: 'string', boolean: 'boolean', null: 'null' };

/** JSON Schema's name for a value's type ("integer" for whole numbers, as the Java validator says). */
function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return TYPE_NAMES[typeof v] ?? typeof v;
}

const count = (schemas: unknown) => (Array.isArray(schemas) ? schemas.length : 0);
const list = (values: unknown[]) => `[${values.map((v) => JSON.stringify(v)).join(',')}]`;

/** Ajv's errors (compiled with `verbose`, so each carries the failing value and its schema) in AWS's words. */
export function validationErrorString(errors: ErrorObject[] | null | undefined): string {
  const reports: string[] = [];
  // The Java validator reports an object's missing properties once, all together.
  const missing = new Map<string, string[]>();
  for (const e of errors ?? []) {
    if (e.keyword === 'required') {
      const names = missing.get(e.instancePath);
      const name = (e.params as { missingProperty: string }).missingProperty;
      if (names) names.push(name);
      else {
        missing.set(e.instancePath, [name]);
        reports.push(`\0required${e.instancePath}`);
      }
      continue;
    }
    reports.push(sentence(e, e.data));
  }
  const out = reports.map((r) => (r.startsWith('\0required') ? `object has missing required properties (${list(missing.get(r.slice(9)) ?? [])})` : r));
  return `[${out.join(', ')}]`;
}

function sentence(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const allowed = Array.isArray(p.type) ? p.type : String(p.type).split(',');
      return `instance type (${typeOf(value)}) does not match any allowed primitive type (allowed: ${list(allowed)})`;
    }
    case 'enum':
      return `instance value (${JSON.stringify(value)}) not found in enum (possible values: ${list((p.allowedValues as unknown[]) ?? [])})`;
    case 'minimum':
      return `numeric instance is lower than the required minimum (minimum: ${p.limit}, found: ${value})`;
    case 'maximum':
      return `numeric instance is greater than the required maximum (maximum: ${p.limit}, found: ${value})`;
    case 'minLength':
      return `string ${JSON.stringify(value)} is too short (length: ${String(value).length}, required minimum: ${p.limit})`;
    case 'maxLength':
      return `string ${JSON.stringify(value)} is too long (length: ${String(value).length}, maximum allowed: ${p.limit})`;
    case 'pattern':
      return `ECMA 262 regex ${JSON.stringify(p.pattern)} does not match input string ${JSON.stringify(value)}`;
    case 'additionalProperties':
      return `object instance has properties which are not allowed by the schema: ${list([p.additionalProperty])}`;
    case 'minItems':
      return `array is too short: must have at least ${p.limit} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`;
    case 'maxItems':
      return `array is too long: must have at most ${p.limit} elements but instance has ${Array.isArray(value) ? value.length : 0} elements`;
    case 'oneOf':
      return `instance failed to match exactly one schema (matched ${Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0} out of ${count(e.schema)})`;
    case 'anyOf':
      return `instance failed to match at least one required schema among ${count(e.schema)}`;
    default:
      return `${e.instancePath || 'instance'} ${e.message ?? e.keyword}`;
  }
}
