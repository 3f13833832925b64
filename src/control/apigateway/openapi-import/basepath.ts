/**
 * The base path of a definition and what `basepath=ignore|prepend|split` makes of it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
 *
 * Swagger 2 has `basePath`. OpenAPI 3 has none; AWS takes the first `basePath` server variable
 * (its default), even when server.url does not use it, and otherwise the path of the first
 * server's url beyond "/". ignore drops the base path, prepend puts all of it before every path,
 * split drops its first segment and prepends the rest.
 */
import { entries, isObject, obj, str } from './json.js';
import type { OpenApiDocument } from './parse.js';
import type { ImportOptions } from './context.js';

/** The base path's segments (none for "/" or no base path). */
export function basePathSegments(doc: OpenApiDocument): string[] {
  const root = doc.root;
  if (doc.version === 'swagger2') return segments(str(root.basePath) ?? '');
  const servers = Array.isArray(root.servers) ? root.servers.filter(isObject) : [];
  for (const server of servers) {
    const variable = obj(obj(server.variables).basePath);
    if (isObject(obj(server.variables).basePath)) return segments(str(variable.default) ?? '');
  }
  const first = servers[0];
  if (!first) return [];
  let url = str(first.url) ?? '';
  // Server variables stand in the url as {name}; their defaults make it a URL.
  for (const [name, v] of entries(first.variables)) url = url.split(`{${name}}`).join(str(obj(v).default) ?? '');
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : url;
  return segments(path.split(/[?#]/)[0]);
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** The resource path segments a definition path lands on, under the chosen base path mode. */
export function withBasePath(pathSegments: string[], base: string[], mode: ImportOptions['basePath']): string[] {
  if (mode === 'prepend') return [...base, ...pathSegments];
  if (mode === 'split') return [...base.slice(1), ...pathSegments];
  return pathSegments;
}
