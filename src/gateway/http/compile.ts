/**
 * Compiling an HTTP API deployment snapshot (src/definitions/apigatewayv2.ts) once, when a stage
 * first serves it: the route table, each route's authorization and integration with its
 * parameter mappings parsed, the authorizers' identity sources and the CORS configuration. Nothing
 * here runs per request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html
 */
import type { AuthorizerRecord, DeploymentSnapshot, IntegrationRecord } from '../../definitions/apigatewayv2.js';
import { compileCors, type CompiledCors } from './cors.js';
import { compileMappings, compileValue, type MappingAction, type ValuePart } from './mapping.js';
import { RouteTable } from './router.js';
import { compileServiceIntegration, type CompiledServiceIntegration } from './aws-service.js';

export interface CompiledIntegration {
  id: string;
  type: string;
  /** AWS service integrations (SQS-SendMessage...). */
  subtype?: string;
  /** The subtype's request parameters, parsed (aws-service.ts). */
  service?: CompiledServiceIntegration;
  uri: string;
  method: string;
  payloadFormatVersion: '1.0' | '2.0';
  timeoutMs: number;
  requestMappings: MappingAction[];
  /** responseParameters by the status code they apply to. */
  responseMappings: Map<number, MappingAction[]>;
  insecure: boolean;
  connectionType: string;
}

export interface CompiledAuthorizer {
  id: string;
  name: string;
  type: 'JWT' | 'REQUEST';
  /** `$request.header.Authorization` and the like, parsed. */
  identitySource: ValuePart[][];
  /** The identity sources as written (payload 1.0's identitySource joins their values). */
  identitySourceText: string[];
  issuer?: string;
  audience: string[];
  uri?: string;
  payloadFormatVersion: '1.0' | '2.0';
  simpleResponses: boolean;
  ttlSeconds: number;
}

export interface CompiledRoute {
  routeId: string;
  routeKey: string;
  authorizationType: 'NONE' | 'JWT' | 'CUSTOM' | 'AWS_IAM';
  authorizer?: CompiledAuthorizer;
  scopes: string[];
  integration?: CompiledIntegration;
}

export interface CompiledHttpApi {
  apiId: string;
  deploymentId: string;
  name: string;
  routes: RouteTable<CompiledRoute>;
  cors?: CompiledCors;
  disableExecuteApiEndpoint: boolean;
}

/** AWS's default (and largest) HTTP API integration timeout: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export function compileHttpApi(snapshot: DeploymentSnapshot): CompiledHttpApi {
  const integrations = new Map<string, CompiledIntegration>();
  for (const [id, i] of Object.entries(snapshot.integrations)) integrations.set(id, compileIntegration(id, i));
  const authorizers = new Map<string, CompiledAuthorizer>();
  for (const [id, a] of Object.entries(snapshot.authorizers)) authorizers.set(id, compileAuthorizer(id, a));
  const routes = new RouteTable<CompiledRoute>();
  for (const r of snapshot.routes) {
    const target = r.Target?.startsWith('integrations/') ? r.Target.slice('integrations/'.length) : undefined;
    routes.add({
      routeId: r.RouteId,
      routeKey: r.RouteKey,
      authorizationType: (r.AuthorizationType ?? 'NONE') as CompiledRoute['authorizationType'],
      authorizer: r.AuthorizerId ? authorizers.get(r.AuthorizerId) : undefined,
      scopes: r.AuthorizationScopes ?? [],
      integration: target ? integrations.get(target) : undefined,
    });
  }
  return {
    apiId: snapshot.apiId,
    deploymentId: snapshot.deploymentId,
    name: snapshot.api.Name,
    routes,
    cors: snapshot.api.CorsConfiguration ? compileCors(snapshot.api.CorsConfiguration) : undefined,
    disableExecuteApiEndpoint: snapshot.api.DisableExecuteApiEndpoint,
  };
}

function compileIntegration(id: string, i: IntegrationRecord): CompiledIntegration {
  const responseMappings = new Map<number, MappingAction[]>();
  for (const [status, params] of Object.entries(i.ResponseParameters ?? {})) {
    const code = Number(status);
    if (Number.isInteger(code)) responseMappings.set(code, compileMappings(params));
  }
  return {
    id,
    type: i.IntegrationType ?? 'HTTP_PROXY',
    subtype: i.IntegrationSubtype,
    service: i.IntegrationSubtype ? compileServiceIntegration(i.IntegrationSubtype, i.RequestParameters, i.TimeoutInMillis ?? DEFAULT_TIMEOUT_MS) : undefined,
    uri: i.IntegrationUri ?? '',
    method: i.IntegrationMethod ?? 'ANY',
    payloadFormatVersion: i.PayloadFormatVersion === '1.0' ? '1.0' : '2.0',
    timeoutMs: i.TimeoutInMillis ?? DEFAULT_TIMEOUT_MS,
    requestMappings: compileMappings(i.RequestParameters),
    responseMappings,
    insecure: false,
    connectionType: i.ConnectionType ?? 'INTERNET',
  };
}

function compileAuthorizer(id: string, a: AuthorizerRecord): CompiledAuthorizer {
  const sources = a.IdentitySource ?? [];
  return {
    id,
    name: a.Name,
    type: a.AuthorizerType === 'JWT' ? 'JWT' : 'REQUEST',
    identitySource: sources.map(compileValue),
    identitySourceText: sources,
    issuer: a.JwtConfiguration?.Issuer,
    audience: a.JwtConfiguration?.Audience ?? [],
    uri: a.AuthorizerUri,
    payloadFormatVersion: a.AuthorizerPayloadFormatVersion === '1.0' ? '1.0' : '2.0',
    simpleResponses: a.EnableSimpleResponses === true,
    ttlSeconds: a.AuthorizerResultTtlInSeconds ?? 0,
  };
}
