/**
 * The one typed object a REST API invocation carries through the pipeline. Each field group is
 * owned by one stage (named beside it): a stage reads what earlier stages filled and fills its
 * own; a proxy integration skips response mapping by filling `response` directly.
 */
import type { Scope } from '../../store/types.js';
import type { GatewayError } from '../errors.js';
import type { CompiledApi, CompiledMethod, CompiledResource } from './compile.js';
import type { RequestApiKey } from '../usage/index.js';
import type { PolicyDecision } from '../policy/index.js';
import type { IamCaller } from './iam-auth.js';
import type { CacheEntry, StageCachePlan } from '../cache/index.js';

/** The client's request as received (owned by the data plane's entry, before the pipeline). */
export interface InvocationRequest {
  httpMethod: string;
  /** The resource path the client asked for, after the stage, decoded ('/pets/1'). */
  path: string;
  /** The same, still URL-encoded as sent. */
  rawPath: string;
  /** The raw query string (no '?'), as sent. */
  rawQuery: string;
  query: URLSearchParams;
  /**
   * Header names lower-cased; several values of one header joined by ', ' as Node joins them
   * (TestInvokeMethod's headers: by ',').
   */
  headers: Record<string, string>;
  /** Header names as the client spelled them, every value (multiValueHeaders, Set-Cookie...). */
  rawHeaders: [string, string][];
  body: Buffer;
  sourceIp: string;
  /** The Host header ('abc123.execute-api.localhost:4566'). */
  host: string;
  protocol: string;
  /** The request target as sent (path and query, stage and base path included): what a SigV4 signer signed. */
  target?: string;
}

/** Which deployment answers (owned by the route stage). */
export interface StageTarget {
  scope: Scope;
  apiId: string;
  stageName: string;
  deploymentId: string;
  variables: Record<string, string>;
  /** True when the canary's deployment answers this request. */
  isCanary: boolean;
  api: CompiledApi;
  /** The stage cache settings this target serves with; absent when it does not cache (cache/cache-plan.ts). */
  cache?: StageCachePlan;
}

/** The method request as API Gateway parses it (owned by the method-request stage). */
export interface MethodRequest {
  pathParameters: Record<string, string>;
  querystring: Record<string, string>;
  multiValueQuerystring: Record<string, string[]>;
  header: Record<string, string>;
  multiValueHeader: Record<string, string[]>;
}

/** What is sent to the integration endpoint (owned by the integration-request stage). */
export interface IntegrationRequest {
  httpMethod: string;
  /** Full URL for HTTP integrations; undefined for MOCK. */
  uri?: string;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** What the integration endpoint answered (owned by the integration stage). */
export interface EndpointResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
  /**
   * What selection patterns match instead of the status code: a Lambda integration's errorMessage
   * when the function failed, '' when it did not (integrations/aws-lambda.ts).
   */
  selectionValue?: string;
}

/** What the client will get (owned by integration-response / method-response, or gateway-response on error). */
export interface InvocationResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface InvocationContext {
  requestId: string;
  extendedRequestId: string;
  /** When the request arrived (ms since epoch). */
  requestTimeEpoch: number;
  request: InvocationRequest;
  /** The API and stage the URL names (set by the data plane's entry from the host or path). */
  target: { apiId: string; stageName: string };
  stage?: StageTarget;
  resource?: CompiledResource;
  method?: CompiledMethod;
  /** `{param}` and `{proxy+}` values of the matched resource path (owned by the route stage). */
  pathParameters?: Record<string, string>;
  methodRequest?: MethodRequest;
  /** The SigV4 signer of an AWS_IAM method's request (owned by the resource-policy stage). */
  iamCaller?: IamCaller;
  /** What the API's resource policy said of the request, when it has one (owned by the resource-policy stage). */
  resourcePolicy?: PolicyDecision;
  /** What a Lambda authorizer allowed the request as (owned by the authorize stage); usageIdentifierKey is for usage plans. */
  authorizer?: { principalId: string; context: Record<string, string | number | boolean>; usageIdentifierKey?: string };
  /** The API key of an apiKeyRequired method and the usage plan covering it here (owned by the api-key stage). */
  apiKey?: RequestApiKey;
  integrationRequest?: IntegrationRequest;
  endpointResponse?: EndpointResponse;
  response?: InvocationResponse;
  error?: GatewayError;
  /** `$context` as templates and logs see it; built once when first needed. */
  contextVariables?: Record<string, unknown>;
  /** What the request template set through $context.requestOverride. */
  requestOverride?: { header: Record<string, string>; querystring: Record<string, string>; path: Record<string, string> };
  /** Header/status overrides a template set through $context.responseOverride. */
  responseOverride?: { status?: number; header: Record<string, string> };
  /**
   * `$context.requestOverride` / `responseOverride` as the last template left them (custom keys
   * included): the next template of the request starts from them (owned by templates.ts).
   */
  templateOverrides?: { requestOverride: Record<string, unknown>; responseOverride: Record<string, unknown> };
  /**
   * 'hit' when the stage cache answered, 'miss' when it was asked and had nothing (or was told to
   * refresh); undefined when the method does not cache. Owned by cache-lookup; for access logs and metrics.
   */
  cacheStatus?: 'hit' | 'miss';
  /** Where cache-store keeps this miss's answer (owned by cache-lookup). */
  cacheEntry?: CacheEntry;
  /** A stage answered the request itself (a cache hit): the pipeline runs no later stage. */
  answered?: boolean;
  /** The X-Ray trace header of this request, sent to the integration and back (response-headers.ts builds it). */
  traceId?: string;
  /** ms the integration stage took, when it ran (set by the pipeline runner; for access logs and metrics). */
  integrationLatency?: number;
}
