/**
 * An HTTP API as an OpenAPI 3.0 document (ExportApi), from a deployment snapshot (a stage's, or
 * one built from the current definition). With extensions, what ImportApi reads comes back out:
 * x-amazon-apigateway-integration per route, x-amazon-apigateway-authorizer per security scheme
 * (scheme `sigv4` with x-amazon-apigateway-authtype awsSigv4 for IAM routes),
 * x-amazon-apigateway-any-method (isDefaultRoute for `$default`), x-amazon-apigateway-cors,
 * x-amazon-apigateway-endpoint-configuration, x-amazon-apigateway-tag-value and
 * x-amazon-apigateway-importexport-version, so export -> import -> export is stable. Paths,
 * operations and schemes are in a fixed order (sorted), whatever order they were created in.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-export.html
 */
import type { S_Tags } from '../../../aws/generated/apigatewayv2.js';
import type { AuthorizerRecord, DeploymentSnapshot, IntegrationRecord } from '../../../definitions/apigatewayv2.js';
import { parseHttpRouteKey } from '../route-keys.js';
import { CORS, ENDPOINT_CONFIGURATION, IMPORTEXPORT_VERSION, TAG_VALUE } from './read-api.js';
import { INTEGRATION } from './read-integration.js';
import { AUTHORIZER, AUTHTYPE, SIGV4 } from './read-security.js';
import { ANY_METHOD, DEFAULT_PATH } from './read.js';

type Doc = Record<string, unknown>;

export interface ExportInput {
  snapshot: DeploymentSnapshot;
  description?: string;
  version: string;
  tags: S_Tags;
  /** Set for a stage's export: the server block names its base path. */
  stageName?: string;
  region: string;
  includeExtensions: boolean;
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', ANY_METHOD];
const defined = (o: Doc): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const camel = (o: Record<string, unknown> | undefined) => (o ? defined(Object.fromEntries(Object.entries(o).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), v]))) : undefined);

export function exportDocument(input: ExportInput): Doc {
  const { snapshot, includeExtensions: ext } = input;
  const api = snapshot.api;
  const authorizers = Object.values(snapshot.authorizers).sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
  const nameOf = new Map(authorizers.map((a) => [a.AuthorizerId, a.Name ?? a.AuthorizerId]));
  const paths = new Map<string, Record<string, Doc>>();
  const parameters = new Map<string, Set<string>>();
  let sigv4 = false;
  for (const route of snapshot.routes) {
    const isDefault = route.RouteKey === '$default';
    const parsed = isDefault ? { method: 'ANY', segments: [] } : parseHttpRouteKey(route.RouteKey!);
    if (parsed.method === 'ANY' && !ext) continue; // ANY has no OpenAPI word but the extension
    const path = isDefault ? DEFAULT_PATH : '/' + parsed.segments.join('/');
    const member = parsed.method === 'ANY' ? ANY_METHOD : parsed.method!.toLowerCase();
    for (const s of parsed.segments) {
      const v = /^\{([^}+]+)\+?\}$/.exec(s);
      if (v) parameters.set(path, (parameters.get(path) ?? new Set()).add(v[1]));
    }
    let security: Doc[] | undefined;
    if (route.AuthorizationType === 'AWS_IAM') {
      sigv4 = true;
      security = [{ sigv4: [] }];
    } else if (route.AuthorizerId && nameOf.has(route.AuthorizerId)) {
      security = [{ [nameOf.get(route.AuthorizerId)!]: route.AuthorizationType === 'JWT' ? (route.AuthorizationScopes ?? []) : [] }];
    }
    const integrationId = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1];
    const integration = integrationId ? snapshot.integrations[integrationId] : undefined;
    if (!paths.has(path)) paths.set(path, {});
    paths.get(path)![member] = defined({
      operationId: route.OperationName,
      responses: { default: { description: `Default response for ${route.RouteKey}` } },
      security,
      ...(ext && isDefault ? { isDefaultRoute: true } : {}),
      ...(ext && integration ? { [INTEGRATION]: integrationExtension(integration) } : {}),
    });
  }
  const sortedPaths: [string, Doc][] = [];
  for (const path of [...paths.keys()].sort()) {
    const item: Doc = {};
    for (const m of METHOD_ORDER) if (paths.get(path)![m]) item[m] = paths.get(path)![m];
    const names = [...(parameters.get(path) ?? [])];
    if (names.length) {
      item.parameters = names.map((name) => ({ name, in: 'path', description: `Generated path parameter for ${name}`, required: true, schema: { type: 'string' } }));
    }
    sortedPaths.push([path, item]);
  }
  const schemeList: [string, Doc][] = authorizers.map((a) => [a.Name ?? a.AuthorizerId, securityScheme(a, ext)]);
  if (sigv4) schemeList.push(['sigv4', defined({ type: 'apiKey', name: 'Authorization', in: 'header', [AUTHTYPE]: ext ? SIGV4 : undefined })]);
  const schemes = Object.fromEntries(schemeList);
  const tags = Object.entries(input.tags).sort(([a], [b]) => a.localeCompare(b));
  return defined({
    openapi: '3.0.1',
    info: defined({ title: api.Name, description: input.description, version: input.version }),
    servers:
      input.stageName !== undefined
        ? [{ url: `https://${api.ApiId}.execute-api.${input.region}.amazonaws.com/{basePath}`, variables: { basePath: { default: input.stageName === '$default' ? '' : input.stageName } } }]
        : undefined,
    tags: ext && tags.length ? tags.map(([name, value]) => ({ name, [TAG_VALUE]: value })) : undefined,
    paths: Object.fromEntries(sortedPaths),
    components: Object.keys(schemes).length ? { securitySchemes: schemes } : undefined,
    [CORS]: ext && api.CorsConfiguration ? camel(api.CorsConfiguration as Record<string, unknown>) : undefined,
    [ENDPOINT_CONFIGURATION]: ext && api.DisableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : undefined,
    [IMPORTEXPORT_VERSION]: ext ? '1.0' : undefined,
  });
}

function integrationExtension(i: IntegrationRecord): Doc {
  return defined({
    type: i.IntegrationType?.toLowerCase(),
    httpMethod: i.IntegrationMethod,
    uri: i.IntegrationUri,
    integrationSubtype: i.IntegrationSubtype,
    payloadFormatVersion: i.PayloadFormatVersion,
    connectionType: i.ConnectionType,
    connectionId: i.ConnectionId,
    credentials: i.CredentialsArn,
    description: i.Description,
    requestParameters: i.RequestParameters,
    responseParameters: i.ResponseParameters,
    tlsConfig: camel(i.TlsConfig as Record<string, unknown> | undefined),
    timeoutInMillis: i.TimeoutInMillis,
  });
}

function securityScheme(a: AuthorizerRecord, ext: boolean): Doc {
  const source = a.IdentitySource?.join(', ');
  if (a.AuthorizerType === 'JWT') {
    const extension = { type: 'jwt', identitySource: source, jwtConfiguration: camel(a.JwtConfiguration as Record<string, unknown> | undefined) };
    return defined({ type: 'oauth2', flows: {}, [AUTHORIZER]: ext ? defined(extension) : undefined });
  }
  // OpenAPI's apiKey scheme names one header or query parameter; more sources name none of them.
  const only = a.IdentitySource?.length === 1 ? /^\$request\.(header|querystring)\.(.+)$/.exec(a.IdentitySource[0]) : null;
  const extension = {
    type: 'request',
    identitySource: source,
    authorizerUri: a.AuthorizerUri,
    authorizerCredentials: a.AuthorizerCredentialsArn,
    authorizerPayloadFormatVersion: a.AuthorizerPayloadFormatVersion,
    authorizerResultTtlInSeconds: a.AuthorizerResultTtlInSeconds,
    enableSimpleResponses: a.EnableSimpleResponses,
  };
  return defined({
    type: 'apiKey',
    name: only ? only[2] : 'Unused',
    in: only?.[1] === 'querystring' ? 'query' : 'header',
    [AUTHORIZER]: ext ? defined(extension) : undefined,
  });
}
