/**
 * Security in an export: the security schemes (Swagger 2 securityDefinitions, OpenAPI 3
 * components.securitySchemes) and each operation's `security` list.
 *
 * - An authorizer is an `apiKey` scheme named after it, whose `name`/`in` say where the identity
 *   is read, with `x-amazon-apigateway-authtype` (the authorizer's authType, else "custom" for
 *   Lambda and "cognito_user_pools" for Cognito) and, when authorizers are exported,
 *   `x-amazon-apigateway-authorizer`. A REQUEST authorizer with several identity sources is named
 *   "Unused" in the header. (api-gateway-swagger-extensions-authorizer, apigateway-enable-cognito-user-pool)
 * - AWS_IAM methods use `sigv4` (`x-amazon-apigateway-authtype: awsSigv4`, as in
 *   api-as-s3-proxy-export-swagger-with-extensions); API-key methods use `api_key` (`x-api-key`
 *   header, api-gateway-request-validation-sample-api-swagger).
 */
import type { S_Authorizer, S_Method } from '../../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../../definitions/apigateway.js';
import { compact } from './context.js';
import type { ExportDocumentation } from './documentation.js';

export const SIGV4 = 'sigv4';
export const API_KEY = 'api_key';

type Scheme = Record<string, unknown>;

function identityLocation(identitySource: string | undefined): { name: string; in: 'header' | 'query' } {
  const sources = (identitySource ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (sources.length === 1) {
    const m = /^method\.request\.(header|querystring)\.(.+)$/.exec(sources[0]);
    if (m) return { name: m[2], in: m[1] === 'header' ? 'header' : 'query' };
  }
  return { name: 'Unused', in: 'header' };
}

function authorizerScheme(a: S_Authorizer, withAuthorizer: boolean): Scheme {
  const cognito = a.type === 'COGNITO_USER_POOLS';
  const where = cognito || a.type === 'TOKEN' ? identityLocation(a.identitySource ?? 'method.request.header.Authorization') : identityLocation(a.identitySource);
  const authorizer = cognito
    ? compact({ type: 'cognito_user_pools', providerARNs: a.providerARNs })
    : compact({
        type: a.type === 'REQUEST' ? 'request' : 'token',
        authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentials,
        identitySource: a.type === 'REQUEST' ? a.identitySource : undefined,
        identityValidationExpression: a.identityValidationExpression,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      });
  return compact({
    type: 'apiKey',
    name: where.name,
    in: where.in,
    'x-amazon-apigateway-authtype': a.authType ?? (cognito ? 'cognito_user_pools' : 'custom'),
    'x-amazon-apigateway-authorizer': withAuthorizer ? authorizer : undefined,
  });
}

const methods = (snapshot: DeploymentSnapshot): S_Method[] => snapshot.resources.flatMap((r) => Object.values(r.resourceMethods));

/** The schemes the API uses: its authorizers (by name), then sigv4 and api_key when a method needs them. */
export function securitySchemes(snapshot: DeploymentSnapshot, withAuthorizers: boolean, docs: ExportDocumentation): Record<string, Scheme> {
  const schemes: Record<string, Scheme> = {};
  for (const a of Object.values(snapshot.authorizers)) if (a.name) schemes[a.name] = { ...authorizerScheme(a, withAuthorizers), ...docs.authorizer(a.name) };
  const all = methods(snapshot);
  if (all.some((m) => m.authorizationType === 'AWS_IAM')) {
    schemes[SIGV4] = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  }
  if (all.some((m) => m.apiKeyRequired)) schemes[API_KEY] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  return schemes;
}

/**
 * An operation's `security`: one requirement per scheme it needs, its authorization first, then
 * the API key - AWS writes `[{"introspection": []}, {"api_key": []}]` (an exported API quoted in
 * public notes), not one combined requirement.
 */
export function methodSecurity(method: S_Method, snapshot: DeploymentSnapshot): Record<string, string[]>[] | undefined {
  const requirements: Record<string, string[]>[] = [];
  if (method.authorizationType === 'AWS_IAM') requirements.push({ [SIGV4]: [] });
  else if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    const name = method.authorizerId ? snapshot.authorizers[method.authorizerId]?.name : undefined;
    if (name) requirements.push({ [name]: method.authorizationScopes ?? [] });
  }
  if (method.apiKeyRequired) requirements.push({ [API_KEY]: [] });
  return requirements.length ? requirements : undefined;
}
