/**
 * Maps whose values must be strings (request/response parameters, mapping templates). AWS skips
 * an entry of another type with a warning, worded as recorded in test_apigateway_import
 * (test_import_rest_api_with_base_path_oas30): "Invalid format for 'requestParameters'. Expected
 * type string for property 'integration.request.header.nothing' of resource '/test' and method
 * 'GET' but got 'true'".
 */
import type { ImportRun } from './context.js';
import { entries, isObject, shown } from './json.js';

export function stringMap(run: ImportRun, value: unknown, field: string, where: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    run.warn(`Invalid format for '${field}'. Expected an object for ${where} but got '${shown(value)}'`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, v] of entries(value)) {
    if (typeof v === 'string') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else run.warn(`Invalid format for '${field}'. Expected type string for property '${key}' of ${where} but got '${shown(v)}'`);
  }
  return out;
}

/** How AWS names a method in its warnings. */
export const methodWhere = (path: string, httpMethod: string) => `resource '${path}' and method '${httpMethod}'`;
