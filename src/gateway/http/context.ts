/**
 * The one typed object an HTTP API invocation carries through its pipeline (pipeline.ts). The
 * client's request is the same InvocationRequest the REST pipeline reads (built by the data
 * plane's entry), so shared pieces (SigV4 verification, the HTTP client) take it as it is.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
import type { StageRecord } from '../../definitions/apigatewayv2.js';
import type { Scope } from '../../store/types.js';
import type { InvocationRequest } from '../rest/context.js';
import type { CompiledHttpApi, CompiledRoute } from './compile.js';

/** Which stage answers: its compiled deployment and its settings (apis.ts). */
export interface HttpStage {
  scope: Scope;
  apiId: string;
  stageName: string;
  deploymentId: string;
  variables: Record<string, string>;
  api: CompiledHttpApi;
  /** The stage's settings (route throttling, access logs), which act without a deployment. */
  record: StageRecord;
}

/** What the client gets. Header names as they will be written; several values per name. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface HttpContext {
  /** `$context.requestId`: AWS's short id ("JvgTCg8fIAMEV5Q="), also sent back as `apigw-requestid`. */
  requestId: string;
  requestTimeEpoch: number;
  request: InvocationRequest;
  stage: HttpStage;
  route?: CompiledRoute;
  /** `$default` or `METHOD /path` of the matched route; '-' before routing. */
  routeKey: string;
  /**
   * What the client's path had before the part routed on, as sent: `/{stage}` for a named stage on
   * the execute-api endpoint, the API mapping key on a custom domain, '' otherwise. AWS keeps it in
   * the event's rawPath and requestContext.http.path.
   */
  pathPrefix: string;
  /** Whether the request came through a custom domain name (then pathPrefix is its mapping key). */
  viaCustomDomain: boolean;
  pathParameters?: Record<string, string>;
  /**
   * `requestContext.authorizer` as the integration sees it (owned by authorize.ts): `{jwt: {claims,
   * scopes}}`, `{lambda: {...context}}` (payload 2.0), or `{iam: {...}}`.
   */
  authorizer?: Record<string, unknown>;
  /** The SigV4 signer of an AWS_IAM route (authorize.ts), for requestContext.authorizer.iam. */
  iam?: { accessKey: string; accountId?: string; userArn?: string; userId?: string; caller?: string };
  response?: HttpResponse;
  /** `$context.integrationErrorMessage` / `$context.error.message`, for logs. */
  errorMessage?: string;
  /** The integration's own status (`$context.integrationStatus`). */
  integrationStatus?: number;
  /** ms the integration took, when it ran. */
  integrationLatency?: number;
  /** ms from arrival to the answer (set when the request is logged). */
  responseLatency?: number;
}
