/**
 * The body of ImportRestApi / PutRestApi: an OpenAPI 3.0 or Swagger 2.0 definition in JSON or
 * YAML. Anything that does not parse, or parses to something that is not such a definition, is
 * refused as AWS refuses it (recorded: test_import_api_bad_file answers "Invalid OpenAPI input."
 * for broken YAML and broken JSON alike).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/import-edge-optimized-api.html
 *
 * AWS variables (${AWS::AccountId}, ${AWS::Partition}, ${AWS::Region}) are resolved here, in every
 * string of the document, with the importing account and region.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/import-api-aws-variables.html
 */
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../../../aws/errors.js';
import { partitionOf } from '../restapi-policy.js';
import { isObject, type Json, type JsonObject } from './json.js';

export const INVALID_INPUT = 'Invalid OpenAPI input.';

export interface OpenApiDocument {
  /** `swagger2` has definitions/securityDefinitions/basePath; `oas3` has components/servers/requestBody. */
  version: 'swagger2' | 'oas3';
  root: JsonObject;
}

export function parseDefinition(body: Uint8Array | string | undefined, scope: { account: string; region: string }): OpenApiDocument {
  const text = typeof body === 'string' ? body : Buffer.from(body ?? new Uint8Array()).toString('utf8');
  const parsed = parseText(text);
  if (!isObject(parsed)) throw badRequest(INVALID_INPUT);
  const root = substituteAwsVariables(parsed, scope) as JsonObject;
  if (root.swagger === '2.0' || root.swagger === 2) return { version: 'swagger2', root };
  if (typeof root.openapi === 'string' && /^3\.\d+(\.\d+)?$/.test(root.openapi.trim())) return { version: 'oas3', root };
  throw badRequest(INVALID_INPUT);
}

function parseText(text: string): unknown {
  if (text.trim() === '') throw badRequest(INVALID_INPUT);
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML (of which JSON is nearly a subset) is the other format AWS reads
  }
  try {
    // logLevel 'silent' would also swallow syntax errors ('a: b: c', an unclosed '{') and answer
    // whatever the parser recovered; 'error' throws them, and warnings stay quiet.
    return parseYaml(text, { maxAliasCount: 1000, prettyErrors: false, logLevel: 'error' });
  } catch {
    throw badRequest(INVALID_INPUT);
  }
}

function substituteAwsVariables(value: unknown, scope: { account: string; region: string }): Json {
  const vars: Record<string, string> = { 'AWS::AccountId': scope.account, 'AWS::Partition': partitionOf(scope.region), 'AWS::Region': scope.region };
  const walk = (v: unknown, depth: number): Json => {
    if (depth > 200) throw badRequest(INVALID_INPUT);
    if (typeof v === 'string') return v.includes('${AWS::') ? v.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (m, name: string) => vars[name] ?? m) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
    // YAML may yield values JSON has no word for (dates in YAML 1.1 tags, undefined): as text.
    return v === undefined ? null : String(v);
  };
  return walk(value, 0);
}
