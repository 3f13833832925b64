/**
 * The `paths` of a definition: each path (moved by the base path mode) becomes a resource, each
 * operation on it a method. x-amazon-apigateway-any-method is the ANY method.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html
 */
import type { ImportRun } from './context.js';
import { basePathSegments, withBasePath } from './basepath.js';
import { deref, entries, isObject, type JsonObject } from './json.js';
import { importOperation } from './methods.js';
import type { ResourceTree } from './resources.js';

const OPERATIONS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

export interface DefinitionPath {
  /** The path as the definition writes it ("/pets/{petId}"). */
  template: string;
  /** Where it lands in the API, after the base path mode. */
  segments: string[];
  item: JsonObject;
}

export function definitionPaths(run: ImportRun): DefinitionPath[] {
  const base = basePathSegments(run.doc);
  return entries(run.doc.root.paths).map(([template, item]) => ({
    template,
    segments: withBasePath(template.split('/').filter((s) => s !== ''), base, run.options.basePath),
    item: deref(run.doc.root, item),
  }));
}

/** Creates the resources and, on each, the methods the definition declares. */
export async function importPaths(run: ImportRun, paths: DefinitionPath[], tree: ResourceTree): Promise<void> {
  for (const { segments, item } of paths) {
    const resourceId = await tree.ensure(segments);
    if (!resourceId) continue;
    const path = '/' + segments.join('/');
    for (const [key, value] of entries(item)) {
      const httpMethod = OPERATIONS[key.toLowerCase()];
      if (key === 'trace') run.warn(`The TRACE method of resource '${path}' is not supported by API Gateway and was left out`);
      if (!httpMethod || !isObject(value)) continue;
      if (run.options.mode === 'merge') await tree.dropMethod(resourceId, httpMethod);
      await importOperation(run, value, item.parameters, { resourceId, path, httpMethod });
    }
  }
}
