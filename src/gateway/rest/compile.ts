/**
 * Compiles a deployment snapshot (src/definitions/apigateway.ts) into what the pipeline runs:
 * the resource router, and per method its integration with templates compiled, selection
 * patterns as RegExps and parameter mappings parsed. Done once per deployment and cached
 * (deployments.ts); nothing here runs per request.
 */
import type { S_GatewayResponse, S_Integration, S_IntegrationResponse, S_Method, S_MethodResponse } from '../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../definitions/apigateway.js';
import { compileHttpPlan, type HttpPlan } from '../integrations/http-plan.js';
import { compileAwsServicePlan, type AwsServicePlan, type BrokenAwsServicePlan } from '../integrations/aws-service-plan.js';
import { isLambdaUri } from '../integrations/lambda-functions.js';
import { compileTemplate } from '../vtl/index.js';
import type { CompiledTemplate } from '../vtl/types.js';
import { compileMappingSource, type MappingSource } from './parameter-mapping.js';
import { ResourceRouter } from './router.js';
import { compileAuthorizer, type BrokenAuthorizer, type CompiledAuthorizer } from './authorizers.js';
import { compilePolicy, type CompiledPolicy } from '../policy/index.js';
import { compileValidation, ModelSchemas, type CompiledValidation } from './request-validators.js';
import { compileCognitoAuthorizer, type CognitoCaches, type CompiledCognitoAuthorizer } from '../cognito/authorizer.js';

/** A template that failed to compile answers API_CONFIGURATION_ERROR when used, like AWS's runtime failure. */
export type MaybeTemplate = { ok: true; template: CompiledTemplate } | { ok: false; error: string };

/** A response parameter that sets a header: the header's name as mapped, and where its value comes from. */
export interface HeaderMapping {
  name: string;
  source: MappingSource;
}

export interface CompiledIntegrationResponse {
  statusCode: string;
  /** undefined: the default response (no selectionPattern, or an empty one). */
  selectionPattern?: RegExp;
  /** The `method.response.header.*` targets of its responseParameters, parsed. */
  headerMappings: HeaderMapping[];
  responseTemplates: Map<string, MaybeTemplate>;
  contentHandling?: string;
}

export interface CompiledIntegration {
  type: 'MOCK' | 'HTTP' | 'HTTP_PROXY' | 'AWS' | 'AWS_PROXY';
  /** The verb sent to the endpoint (`integrationHttpMethod`, wire name httpMethod). */
  httpMethod?: string;
  timeoutInMillis: number;
  passthroughBehavior: string;
  contentHandling?: string;
  requestTemplates: Map<string, MaybeTemplate>;
  /** Non-default responses in the order they are tried, then the default one (if any) last. */
  integrationResponses: CompiledIntegrationResponse[];
  /** HTTP and HTTP_PROXY: the endpoint URI and request parameter mappings, parsed (integrations/http-plan.ts). */
  http?: HttpPlan;
  /** AWS and AWS_PROXY: the integration's uri as defined (stage variables substituted per request). */
  uri?: string;
  /** AWS with a service other than Lambda: the service request's plan (integrations/aws-service-plan.ts). */
  aws?: AwsServicePlan | BrokenAwsServicePlan;
  /** The `method.request.*` names whose values key the stage cache, and the namespace of its entries (cache/cache-plan.ts). */
  cacheKeyParameters?: string[];
  cacheNamespace?: string;
}

export interface CompiledMethod {
  integration?: CompiledIntegration;
  methodResponses: Record<string, S_MethodResponse>;
  /** authorizationType CUSTOM only: the Lambda authorizer the authorize stage runs (authorizers.ts). */
  authorizer?: CompiledAuthorizer | BrokenAuthorizer;
  /** NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS (handlers/resource-policy.ts reads it). */
  authorizationType?: string;
  /** The method needs an API key in a usage plan of the stage (usage/, handlers/api-key.ts). */
  apiKeyRequired?: boolean;
  /** The method's request validator, when it checks anything (request-validators.ts). */
  validation?: CompiledValidation;
  /** authorizationType COGNITO_USER_POOLS only: its user pool authorizer with the method's scopes (cognito/authorizer.ts). */
  cognito?: CompiledCognitoAuthorizer | BrokenAuthorizer;
}

export interface CompiledResource {
  id: string;
  path: string;
  methods: Map<string, CompiledMethod>;
}

export interface CompiledApi {
  /** The API's name when deployed (the ApiName metrics dimension). */
  name?: string;
  router: ResourceRouter<CompiledResource>;
  binaryMediaTypes: string[];
  gatewayResponses: Map<string, CompiledGatewayResponse>;
  /** The API's resource policy, compiled (policy/compile.ts); absent when it has none. */
  resourcePolicy?: CompiledPolicy;
  /** Where API keys come from: the x-api-key header, or a Lambda authorizer's usageIdentifierKey. */
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  /** Every authorizer its methods use, by id, for FlushStageAuthorizersCache (cache/flush.ts). */
  authorizers?: Map<string, CompiledAuthorizer | BrokenAuthorizer>;
  /** Every COGNITO_USER_POOLS authorizer's token cache, by id, shared by its methods; also for FlushStageAuthorizersCache. */
  cognitoCaches?: CognitoCaches;
}

export interface CompiledGatewayResponse {
  statusCode?: string;
  responseParameters: Record<string, string>;
  /** The `gatewayresponse.header.*` targets of responseParameters, parsed. */
  headerMappings: HeaderMapping[];
  responseTemplates: Map<string, MaybeTemplate>;
}

/** AWS's default integration timeout: 29 seconds. */
export const DEFAULT_TIMEOUT_MS = 29_000;

export function compileDeployment(snapshot: DeploymentSnapshot): CompiledApi {
  const router = new ResourceRouter<CompiledResource>();
  // One compiled authorizer (and so one answer cache) per authorizer id, shared by its methods.
  const authorizers = new Map<string, CompiledAuthorizer | BrokenAuthorizer>();
  const cognitoCaches: CognitoCaches = new Map();
  const authorizerOf = (id: string | undefined) => {
    let a = authorizers.get(id ?? '');
    if (!a) authorizers.set(id ?? '', (a = compileAuthorizer(id ? snapshot.authorizers?.[id] : undefined)));
    return a;
  };
  // The API's models, compiled only if some method validates a body against one.
  let models: ModelSchemas | undefined;
  const modelsOf = () => (models ??= new ModelSchemas(snapshot));
  for (const r of snapshot.resources) {
    const methods = new Map<string, CompiledMethod>();
    for (const [httpMethod, method] of Object.entries(r.resourceMethods ?? {})) {
      const compiled = compileMethod(method, authorizerOf);
      const validation = compileValidation(method, snapshot, modelsOf);
      if (validation) compiled.validation = validation;
      if (method.authorizationType === 'COGNITO_USER_POOLS') {
        compiled.cognito = compileCognitoAuthorizer(method.authorizerId ? snapshot.authorizers?.[method.authorizerId] : undefined, method.authorizationScopes, cognitoCaches);
      }
      methods.set(httpMethod, compiled);
    }
    router.add(r.path, { id: r.id, path: r.path, methods });
  }
  const gatewayResponses = new Map<string, CompiledGatewayResponse>();
  for (const [type, gr] of Object.entries(snapshot.gatewayResponses ?? {})) {
    gatewayResponses.set(type, compileGatewayResponse(gr));
  }
  return { name: snapshot.api.name, router, binaryMediaTypes: snapshot.api.binaryMediaTypes ?? [], gatewayResponses, authorizers, cognitoCaches, apiKeySource: snapshot.api.apiKeySource === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER', resourcePolicy: snapshot.api.policy ? compilePolicy(snapshot.api.policy, snapshot.restApiId) : undefined };
}

function compileMethod(method: S_Method, authorizerOf: (id: string | undefined) => CompiledAuthorizer | BrokenAuthorizer): CompiledMethod {
  return {
    integration: method.methodIntegration ? compileIntegration(method.methodIntegration) : undefined,
    methodResponses: method.methodResponses ?? {},
    authorizer: method.authorizationType === 'CUSTOM' ? authorizerOf(method.authorizerId) : undefined,
    apiKeyRequired: method.apiKeyRequired === true,
    authorizationType: method.authorizationType,
  };
}

function compileIntegration(i: S_Integration): CompiledIntegration {
  const responses = Object.values(i.integrationResponses ?? {}).map(compileIntegrationResponse);
  // The default response (no pattern) is the fallback: tried after every pattern.
  responses.sort((a, b) => Number(a.selectionPattern === undefined) - Number(b.selectionPattern === undefined));
  return {
    type: (i.type ?? 'MOCK') as CompiledIntegration['type'],
    httpMethod: i.httpMethod,
    timeoutInMillis: i.timeoutInMillis ?? DEFAULT_TIMEOUT_MS,
    passthroughBehavior: i.passthroughBehavior ?? 'WHEN_NO_MATCH',
    contentHandling: i.contentHandling,
    requestTemplates: compileTemplates(i.requestTemplates),
    integrationResponses: responses,
    http: i.type === 'HTTP' || i.type === 'HTTP_PROXY' ? compileHttpPlan(i) : undefined,
    uri: i.type === 'AWS' || i.type === 'AWS_PROXY' ? i.uri : undefined,
    aws: i.type === 'AWS' && !isLambdaUri(i.uri) ? compileAwsServicePlan(i) : undefined,
    cacheKeyParameters: i.cacheKeyParameters,
    cacheNamespace: i.cacheNamespace,
  };
}

function compileIntegrationResponse(r: S_IntegrationResponse): CompiledIntegrationResponse {
  return {
    statusCode: r.statusCode ?? '200',
    selectionPattern: r.selectionPattern ? compileSelectionPattern(r.selectionPattern) : undefined,
    headerMappings: compileHeaderMappings(r.responseParameters, 'method.response.header.'),
    responseTemplates: compileTemplates(r.responseTemplates),
    contentHandling: r.contentHandling,
  };
}

/**
 * AWS matches a selection pattern against the whole status code (HTTP) or error message
 * (Lambda), Java regex semantics: the pattern must match the entire string, and `.` does not
 * match a line break ("make sure that the error response does not contain any newline (\n)
 * character", API reference, IntegrationResponse.selectionPattern).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-response-selection-patterns.html
 */
function compileSelectionPattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    // A Java-only construct JavaScript cannot compile never matches, rather than failing the request.
    return /(?!)/;
  }
}

function compileGatewayResponse(gr: S_GatewayResponse): CompiledGatewayResponse {
  return {
    statusCode: gr.statusCode,
    responseParameters: gr.responseParameters ?? {},
    headerMappings: compileHeaderMappings(gr.responseParameters, 'gatewayresponse.header.'),
    responseTemplates: compileTemplates(gr.responseTemplates),
  };
}

/** The parameters whose target is a header (`{prefix}{name}`), in the order given; other targets set nothing. */
function compileHeaderMappings(parameters: Record<string, string> | undefined, prefix: string): HeaderMapping[] {
  const out: HeaderMapping[] = [];
  for (const [target, expression] of Object.entries(parameters ?? {})) {
    if (target.startsWith(prefix)) out.push({ name: target.slice(prefix.length), source: compileMappingSource(expression) });
  }
  return out;
}

function compileTemplates(templates: Record<string, string> | undefined): Map<string, MaybeTemplate> {
  const out = new Map<string, MaybeTemplate>();
  for (const [contentType, source] of Object.entries(templates ?? {})) {
    if (source === null || source === undefined) continue;
    try {
      out.set(contentType.toLowerCase(), { ok: true, template: compileTemplate(source) });
    } catch (err) {
      out.set(contentType.toLowerCase(), { ok: false, error: (err as Error).message });
    }
  }
  return out;
}
