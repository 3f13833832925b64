/**
 * x-amazon-apigateway-integration on an HTTP API route (or in
 * components.x-amazon-apigateway-integrations, named by `$ref` and shared by the routes naming it).
 * HTTP APIs take aws_proxy (Lambda, or an AWS service through integrationSubtype) and http_proxy;
 * another type is a warning and the route gets no integration (AWS's documented example).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-extensions-integrations.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-extensions-integration-tls-config.html
 */
import type { IntegrationRecord } from '../../../definitions/apigatewayv2.js';
import { deref, entries, isObject, type JsonObject } from '../../apigateway/openapi-import/json.js';
import type { PlannedIntegration } from './plan.js';
import { integer, object, Problems, text, textMap, version } from './values.js';

export const INTEGRATION = 'x-amazon-apigateway-integration';
export const INTEGRATIONS = 'x-amazon-apigateway-integrations';

/**
 * The integration an operation names, added to `planned` once per `$ref`; answers its key, or
 * undefined when the operation has none (or one HTTP APIs cannot have).
 */
export function readIntegration(p: Problems, root: JsonObject, op: JsonObject, routeKey: string, planned: Map<string, PlannedIntegration>): string | undefined {
  const raw = op[INTEGRATION];
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) return p.error(`Invalid ${INTEGRATION} for route ${routeKey}: expected an object`);
  const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
  const key = ref ?? `route ${routeKey}`;
  if (planned.has(key)) return key;
  const where = ref ? `${INTEGRATION} ${ref}` : `${INTEGRATION} of route ${routeKey}`;
  const ext = ref ? deref(root, raw) : raw;
  if (ref && !Object.keys(ext).length) return p.error(`Invalid ${where}: the reference does not name an integration`);
  const record = readRecord(p, ext, where);
  if (!record) return undefined;
  planned.set(key, { key, where, record });
  return key;
}

function readRecord(p: Problems, ext: JsonObject, where: string): Omit<IntegrationRecord, 'IntegrationId'> | undefined {
  const type = text(p, ext, 'type', where)?.toUpperCase();
  if (type === undefined) return p.error(`Invalid ${where}: type is required`);
  if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') {
    p.warn(`Unsupported integration type ${type} in ${where}: HTTP APIs support only AWS_PROXY and HTTP_PROXY integrations. The route was created without an integration`);
    return undefined;
  }
  const tls = object(p, ext, 'tlsConfig', where);
  const record: Omit<IntegrationRecord, 'IntegrationId'> = {
    IntegrationType: type,
    IntegrationUri: text(p, ext, 'uri', where),
    IntegrationMethod: text(p, ext, 'httpMethod', where)?.toUpperCase(),
    IntegrationSubtype: text(p, ext, 'integrationSubtype', where),
    PayloadFormatVersion: version(p, ext, 'payloadFormatVersion', where),
    ConnectionType: text(p, ext, 'connectionType', where)?.toUpperCase() as IntegrationRecord['ConnectionType'],
    ConnectionId: text(p, ext, 'connectionId', where),
    CredentialsArn: text(p, ext, 'credentials', where),
    Description: text(p, ext, 'description', where),
    TimeoutInMillis: integer(p, ext, 'timeoutInMillis', where),
    RequestParameters: textMap(p, ext.requestParameters, `${where}.requestParameters`),
    ResponseParameters: readResponseParameters(p, ext, where),
    TlsConfig: tls ? { ServerNameToVerify: text(p, tls, 'serverNameToVerify', `${where}.tlsConfig`) } : undefined,
  };
  // Lambda proxy integrations read as payload format 1.0 when the definition names none.
  if (type === 'AWS_PROXY' && !record.IntegrationSubtype) record.PayloadFormatVersion ??= '1.0';
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as typeof record;
}

function readResponseParameters(p: Problems, ext: JsonObject, where: string): Record<string, Record<string, string>> | undefined {
  const v = ext.responseParameters;
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return p.error(`Invalid ${where}.responseParameters: expected a map of status codes to mappings`);
  const out: [string, Record<string, string>][] = [];
  for (const [status, mapping] of entries(v)) {
    const m = textMap(p, mapping, `${where}.responseParameters.${status}`);
    if (m) out.push([status, m]);
  }
  return Object.fromEntries(out);
}
