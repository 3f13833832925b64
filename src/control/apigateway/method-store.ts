/**
 * The method document and the lookups its four operation families share (Method, MethodResponse,
 * Integration, IntegrationResponse). AWS keeps all four in one object: GetMethod returns the
 * method with its `methodResponses` and its `methodIntegration` (with `integrationResponses`), so
 * Gatehouse stores exactly that shape, one document per method, under
 * methodKey(apiId, resourceId, HTTP_METHOD).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html
 *
 * The "not found" wording depends on which link of the chain is missing, as AWS answers it:
 * a missing API or resource is "Invalid Resource identifier specified" (AWS never says "API" here),
 * then "Invalid Method identifier specified", "Invalid Integration identifier specified",
 * "Invalid Response status code specified".
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { RequestContext } from '../types.js';
import { apiKey, KIND, methodKey, requireResource, type ResourceRecord } from './records.js';

export interface MethodResponseRecord {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationResponseRecord {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  /** A template put as "" is kept as null: AWS answers `"application/json": null` for it. */
  responseTemplates?: Record<string, string | null>;
  contentHandling?: string;
}

export interface IntegrationRecord {
  type: string;
  /** The integration's own HTTP verb (`integrationHttpMethod` in PutIntegration). */
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string | null>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponseRecord>;
  tlsConfig?: { insecureSkipVerification?: boolean };
  responseTransferMode?: string;
  integrationTarget?: string;
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  methodResponses?: Record<string, MethodResponseRecord>;
  methodIntegration?: IntegrationRecord;
  authorizationScopes?: string[];
}

/** The verbs a method can be put under, in the order AWS lists them in its error message. */
export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];

/** A method's verb, or an integration's, must be one of HTTP_METHODS. */
export function checkHttpMethod(httpMethod: string): void {
  if (!HTTP_METHODS.includes(httpMethod)) {
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
  }
}

/** Methods are addressed by their upper-case verb (AWS answers "GET" for a method put as "get"). */
export const normalizeVerb = (httpMethod: string) => httpMethod.toUpperCase();

export interface MethodAddress {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

export interface LoadedMethod {
  key: string;
  resource: ResourceRecord;
  method: MethodRecord;
}

const methodNotFound = () => notFound('Invalid Method identifier specified');
export const integrationNotFound = () => notFound('Invalid Integration identifier specified');
export const responseNotFound = () => notFound('Invalid Response status code specified');
/** Recorded for replace/remove of a request or response parameter the object does not have. */
export const parameterNotFound = () => notFound('Invalid parameter name specified');
/** Recorded for replace/remove of a model entry the object does not have. */
export const contentTypeNotFound = () => notFound('Content-Type specified was not found');

/** The method's resource (AWS: "Invalid Resource identifier specified" also for a missing API). */
export function requireMethodResource(ctx: RequestContext, a: MethodAddress): Promise<ResourceRecord> {
  return requireResource(ctx.tx, a.restApiId, a.resourceId);
}

export async function findMethod(ctx: RequestContext, a: MethodAddress): Promise<{ key: string; method?: MethodRecord }> {
  const key = methodKey(a.restApiId, a.resourceId, normalizeVerb(a.httpMethod));
  return { key, method: await ctx.tx.get<MethodRecord>(KIND.method, key) };
}

/** Resource, then method: the two lookups every operation below a method starts with. */
export async function requireMethod(ctx: RequestContext, a: MethodAddress): Promise<LoadedMethod> {
  const resource = await requireMethodResource(ctx, a);
  const { key, method } = await findMethod(ctx, a);
  if (!method) throw methodNotFound();
  return { key, resource, method };
}

/** Resource, method and its integration. */
export async function requireIntegration(ctx: RequestContext, a: MethodAddress): Promise<LoadedMethod & { integration: IntegrationRecord }> {
  const loaded = await requireMethod(ctx, a);
  const integration = loaded.method.methodIntegration;
  if (!integration) throw integrationNotFound();
  return { ...loaded, integration };
}

export function saveMethod(ctx: RequestContext, key: string, method: MethodRecord): Promise<void> {
  return ctx.tx.put(KIND.method, key, method);
}

/**
 * Every model a method or method response names (its requestModels / responseModels values) must
 * exist under the API (models.ts writes them, with the default Empty/Error).
 */
export async function checkModelsExist(ctx: RequestContext, restApiId: string, models: Record<string, string> | undefined): Promise<void> {
  for (const model of Object.values(models ?? {})) {
    if ((await ctx.tx.get(KIND.model, apiKey(restApiId, model))) === undefined) throw badRequest(`Invalid model identifier specified: ${model}`);
  }
}
