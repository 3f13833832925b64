/**
 * The REST API's own settings in a definition: info (name, description, version) and the
 * API-level extensions.
 *  - x-amazon-apigateway-binary-media-types: list of media types
 *  - x-amazon-apigateway-api-key-source: HEADER | AUTHORIZER
 *  - x-amazon-apigateway-minimum-compression-size: 0..10485760
 *  - x-amazon-apigateway-policy: the resource policy ("execute-api:/" expanded to the API's ARN)
 *  - x-amazon-apigateway-endpoint-configuration: disableExecuteApiEndpoint, vpcEndpointIds
 *    (top level in Swagger 2, on a server object in OpenAPI 3)
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
 */
import { badRequest } from '../../../aws/errors.js';
import { MAX_COMPRESSION_SIZE } from '../restapi-patch.js';
import { isObject, obj, scalarText, str, type JsonObject } from './json.js';
import type { OpenApiDocument } from './parse.js';

export interface ApiSettings {
  name?: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  minimumCompressionSize?: number;
  /** The policy document as JSON text, before normalisePolicy. */
  policy?: string;
  disableExecuteApiEndpoint?: boolean;
  vpcEndpointIds?: string[];
}

export const importError = (line: string) => badRequest(`Errors found during import:\n\t${line}`);

const stringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function readApiSettings(doc: OpenApiDocument): ApiSettings {
  const root = doc.root;
  const info = obj(root.info);
  const out: ApiSettings = {
    name: scalarText(info.title),
    description: scalarText(info.description),
    version: scalarText(info.version),
  };
  const media = root['x-amazon-apigateway-binary-media-types'];
  if (media !== undefined) {
    if (!stringList(media)) throw importError('Invalid value for x-amazon-apigateway-binary-media-types: a list of media types is expected');
    out.binaryMediaTypes = [...new Set(media as string[])];
  }
  const source = root['x-amazon-apigateway-api-key-source'];
  if (source !== undefined) {
    const s = str(source)?.toUpperCase();
    if (s !== 'HEADER' && s !== 'AUTHORIZER') throw importError(`Invalid apiKeySource '${scalarText(source) ?? JSON.stringify(source)}'. Must be one of: [HEADER, AUTHORIZER]`);
    out.apiKeySource = s;
  }
  const size = root['x-amazon-apigateway-minimum-compression-size'];
  if (size !== undefined && size !== null) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_COMPRESSION_SIZE) {
      throw importError(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION_SIZE}`);
    }
    out.minimumCompressionSize = size;
  }
  const policy = root['x-amazon-apigateway-policy'];
  if (policy !== undefined && policy !== null) {
    if (typeof policy === 'string') out.policy = policy;
    else if (isObject(policy)) out.policy = JSON.stringify(policy);
    else throw importError('Invalid policy document. Please check the policy syntax and ensure that Principals are valid.');
  }
  const endpoint = endpointExtension(doc);
  if (endpoint) {
    const disable = endpoint.disableExecuteApiEndpoint;
    if (disable !== undefined) {
      if (typeof disable !== 'boolean') throw importError('Invalid value for disableExecuteApiEndpoint: true or false is expected');
      out.disableExecuteApiEndpoint = disable;
    }
    const ids = endpoint.vpcEndpointIds;
    if (ids !== undefined) {
      if (!stringList(ids)) throw importError('Invalid value for vpcEndpointIds: a list of VPC endpoint ids is expected');
      out.vpcEndpointIds = ids as string[];
    }
  }
  return out;
}

function endpointExtension(doc: OpenApiDocument): JsonObject | undefined {
  const key = 'x-amazon-apigateway-endpoint-configuration';
  if (doc.version === 'swagger2') return isObject(doc.root[key]) ? doc.root[key] : undefined;
  for (const server of Array.isArray(doc.root.servers) ? doc.root.servers : []) {
    if (isObject(server) && isObject(server[key])) return server[key];
  }
  return isObject(doc.root[key]) ? doc.root[key] : undefined;
}
