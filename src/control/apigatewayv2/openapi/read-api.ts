/**
 * The API's own settings in an OpenAPI 3 definition: info.title / description / version, the
 * root `tags` (AWS tags, values in x-amazon-apigateway-tag-value, "" without one),
 * x-amazon-apigateway-cors, x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint
 * and x-amazon-apigateway-importexport-version (only 1.0 exists).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-cors-configuration.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-openapi-extensions-x-amazon-apigateway-tag-value.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-extensions-importexport-version.html
 */
import type { S_Cors } from '../../../aws/generated/apigatewayv2.js';
import { isObject, obj, type JsonObject } from '../../apigateway/openapi-import/json.js';
import type { PlannedApi } from './plan.js';
import { flag, integer, object, Problems, text, textList, version } from './values.js';

export const CORS = 'x-amazon-apigateway-cors';
export const ENDPOINT_CONFIGURATION = 'x-amazon-apigateway-endpoint-configuration';
export const IMPORTEXPORT_VERSION = 'x-amazon-apigateway-importexport-version';
export const TAG_VALUE = 'x-amazon-apigateway-tag-value';

export function readApi(p: Problems, root: JsonObject): PlannedApi {
  const info = obj(root.info);
  const Name = text(p, info, 'title', 'info');
  if (Name === undefined || Name.trim() === '') p.error('Unable to create the API: the definition has no info.title, the name of the API');
  else if (Name.length > 128) p.error('Unable to create the API: info.title must be at most 128 characters');
  const Description = text(p, info, 'description', 'info');
  if (Description !== undefined && Description.length > 1024) p.error('info.description must be at most 1024 characters');
  const Version = version(p, info, 'version', 'info');
  if (Version !== undefined && (Version.length < 1 || Version.length > 64)) p.error('info.version must be between 1 and 64 characters');
  const exportVersion = version(p, root, IMPORTEXPORT_VERSION, '');
  if (exportVersion !== undefined && exportVersion !== '1.0') p.error(`Unsupported ${IMPORTEXPORT_VERSION} ${exportVersion}. The only supported version is 1.0`);
  const endpoint = object(p, root, ENDPOINT_CONFIGURATION, '');
  const DisableExecuteApiEndpoint = endpoint ? flag(p, endpoint, 'disableExecuteApiEndpoint', ENDPOINT_CONFIGURATION) : undefined;
  return { Name, Description, Version, CorsConfiguration: readCors(p, root), DisableExecuteApiEndpoint, Tags: readTags(p, root) };
}

function readCors(p: Problems, root: JsonObject): S_Cors | undefined {
  const cors = object(p, root, CORS, '');
  if (!cors) return undefined;
  const out: S_Cors = {
    AllowCredentials: flag(p, cors, 'allowCredentials', CORS),
    AllowHeaders: textList(p, cors, 'allowHeaders', CORS),
    AllowMethods: textList(p, cors, 'allowMethods', CORS),
    AllowOrigins: textList(p, cors, 'allowOrigins', CORS),
    ExposeHeaders: textList(p, cors, 'exposeHeaders', CORS),
    MaxAge: integer(p, cors, 'maxAge', CORS),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as S_Cors;
}

function readTags(p: Problems, root: JsonObject): Record<string, string> {
  const tags: [string, string][] = [];
  if (root.tags === undefined) return {};
  if (!Array.isArray(root.tags)) {
    p.error('Invalid value for tags: expected a list of tag objects');
    return {};
  }
  for (const tag of root.tags) {
    if (!isObject(tag) || typeof tag.name !== 'string') {
      p.error('Invalid tag: every tag needs a name');
      continue;
    }
    tags.push([tag.name, text(p, tag, TAG_VALUE, `tags.${tag.name}`) ?? '']);
  }
  return Object.fromEntries(tags);
}
