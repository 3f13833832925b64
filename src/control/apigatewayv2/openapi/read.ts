/**
 * An OpenAPI 3 definition read into an ImportPlan for an HTTP API. Paths and their operations
 * become routes `METHOD /path` (x-amazon-apigateway-any-method: `ANY`; with isDefaultRoute, or on
 * the path `/$default`: the `$default` route); the base path (servers) is ignored, prepended or
 * split per the `basepath` parameter. OpenAPI members HTTP APIs do not use (parameters,
 * requestBody, responses, schemas) are ignored, as AWS reports them as info only.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
 */
import { basePathSegments, withBasePath } from '../../apigateway/openapi-import/basepath.js';
import { deref, entries, isObject, type JsonObject } from '../../apigateway/openapi-import/json.js';
import { readApi } from './read-api.js';
import { readIntegration } from './read-integration.js';
import { readAuthorization, readSecuritySchemes } from './read-security.js';
import type { BasePathMode, ImportPlan, PlannedIntegration, PlannedRoute } from './plan.js';
import { flag, Problems, text } from './values.js';

export const ANY_METHOD = 'x-amazon-apigateway-any-method';
export const DEFAULT_PATH = '/$default';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

export function readDefinition(root: JsonObject, basePath: BasePathMode): ImportPlan {
  const p = new Problems();
  const api = readApi(p, root);
  const security = readSecuritySchemes(p, root);
  const integrations = new Map<string, PlannedIntegration>();
  const routes: PlannedRoute[] = [];
  const base = basePathSegments({ version: 'oas3', root });
  if (root.paths !== undefined && !isObject(root.paths)) p.error('Invalid value for paths: expected an object');
  for (const [path, rawItem] of entries(root.paths)) {
    if (!path.startsWith('/')) {
      p.error(`Invalid path ${path}: paths must begin with /`);
      continue;
    }
    if (!isObject(rawItem)) {
      p.error(`Invalid path item for ${path}: expected an object`);
      continue;
    }
    const item = deref(root, rawItem);
    for (const [member, rawOp] of entries(item)) {
      const method = member === ANY_METHOD ? 'ANY' : METHODS.includes(member) ? member.toUpperCase() : undefined;
      if (!method) {
        if (member === 'trace') p.warn(`Unsupported method trace on path ${path}: the operation was not imported`);
        continue;
      }
      if (!isObject(rawOp)) {
        p.error(`Invalid operation ${member} on path ${path}: expected an object`);
        continue;
      }
      const op = deref(root, rawOp);
      const isDefault = method === 'ANY' && (flag(p, op, 'isDefaultRoute', `${path} ${member}`) === true || path === DEFAULT_PATH);
      const routeKey = isDefault ? '$default' : `${method} ${routePath(path, base, basePath)}`;
      const operationName = text(p, op, 'operationId', `${path} ${member}`);
      if (operationName !== undefined && (operationName.length < 1 || operationName.length > 64)) {
        p.error(`Invalid operationId for route ${routeKey}: it must be between 1 and 64 characters`);
      }
      routes.push({
        routeKey,
        operationName,
        integration: readIntegration(p, root, op, routeKey, integrations),
        ...readAuthorization(p, security, op.security !== undefined ? op.security : root.security, routeKey),
      });
    }
  }
  return { api, authorizers: security.authorizers, integrations: [...integrations.values()], routes, errors: p.errors, warnings: p.warnings };
}

function routePath(path: string, base: string[], mode: BasePathMode): string {
  const segments = withBasePath(path.split('/').filter((s) => s !== ''), base, mode);
  return '/' + segments.join('/');
}
