/**
 * The HTTP API (apigatewayv2, protocolType HTTP) data plane: what the data plane's entry
 * (gateway/index.ts) hands a request whose API id is an HTTP API's. It holds the in-memory index
 * of HTTP APIs and their compiled stages, the JWT issuers' key sets and the Lambda authorizer
 * cache; the HTTP client and the Lambda functions are the REST data plane's own.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
import type { AwsServices } from '../integrations/aws-service.js';
import { randomBytes } from 'node:crypto';
import type { HttpAuthorizerCacheControl } from '../../definitions/http-authorizer-cache.js';
import type { Scope, Store } from '../../store/types.js';
import type { CognitoUserPools } from '../cognito/verifier.js';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';
import type { InvocationRequest } from '../rest/context.js';
import type { IamSettings } from '../rest/iam-auth.js';
import { HttpApis, type HttpApiEntry } from './apis.js';
import { AuthorizerCache } from './authorize.js';
import type { HttpContext, HttpResponse } from './context.js';
import { HttpApiError, notFound, requestTooLarge } from './errors.js';
import { JwtIssuers } from './jwt.js';
import { HttpApiObserver } from './observe.js';
import { RouteThrottles } from './throttle.js';
import type { Observer } from '../observer.js';
import type { TrafficControl } from '../usage/index.js';
import { errorResponse, invokeHttpApi, newHttpContext, type HttpPipelineEnv, type HttpTarget } from './pipeline.js';

export type { HttpApiEntry } from './apis.js';

export interface HttpApiDeps {
  http: HttpIntegrationClient;
  functions?: LambdaFunctions;
  iam?: IamSettings;
  cognito?: CognitoUserPools;
  /** Metrics and access logs (the REST data plane's registry and log groups). */
  observer?: Observer;
  /** The account-level throttle REST and HTTP APIs share. */
  usage?: TrafficControl;
  /** Where AWS service integrations (integrationSubtype) are sent (--aws-endpoint). */
  awsServices?: AwsServices;
}

export class HttpApiPlane implements HttpAuthorizerCacheControl {
  readonly apis: HttpApis;
  private readonly env: HttpPipelineEnv;
  private readonly observer?: HttpApiObserver;
  private readonly authorizerCache: AuthorizerCache;

  constructor(store: Store, deps: HttpApiDeps) {
    this.apis = new HttpApis(store);
    const cache = (this.authorizerCache = new AuthorizerCache());
    // A new deployment or stage change starts the API's authorizer answers afresh.
    this.apis.onDrop = (apiId) => cache.clearApi(apiId);
    this.env = { http: deps.http, functions: deps.functions, iam: deps.iam, jwt: new JwtIssuers(deps.cognito), cache, throttles: new RouteThrottles(deps.usage), awsServices: deps.awsServices };
    this.observer = deps.observer ? new HttpApiObserver(deps.observer) : undefined;
  }

  close(): void {
    this.apis.close();
  }

  /** ResetAuthorizersCache (the port in src/definitions/http-authorizer-cache.ts): an API not loaded has nothing cached. */
  resetAuthorizersCache(scope: Scope, apiId: string, stageName: string): void {
    const entry = this.apis.cached(apiId);
    if (!entry || entry.scope.account !== scope.account || entry.scope.region !== scope.region) return;
    this.authorizerCache.clearStage(apiId, stageName);
  }

  /** The HTTP API an id names, null when it names none (a REST API, or nothing). One Map lookup once known. */
  entry(apiId: string): HttpApiEntry | null | Promise<HttpApiEntry | null> {
    const hit = this.apis.cached(apiId);
    return hit !== undefined ? hit : this.apis.lookup(apiId);
  }

  /** Runs one request; `request.rawPath` is the path after the execute-api prefix (or the custom domain's mapping key). */
  async invoke(request: InvocationRequest, target: HttpTarget, viaCustomDomain: boolean, requestTimeEpoch: number): Promise<{ response: HttpResponse; ctx?: HttpContext }> {
    const requestId = shortRequestId();
    const ctx = newHttpContext(request, requestId, requestTimeEpoch, target, viaCustomDomain);
    let response: HttpResponse;
    if (ctx instanceof HttpApiError) {
      response = errorResponse(undefined, ctx);
    } else {
      await invokeHttpApi(ctx, this.env);
      response = ctx.response!;
    }
    response.headers['apigw-requestid'] = [requestId];
    if (this.observer && !(ctx instanceof HttpApiError)) this.observer.requestEnded(ctx);
    return { response, ctx: ctx instanceof HttpApiError ? undefined : ctx };
  }

  /** API Gateway's own answer without a stage: 413 for a body over the payload limit, 404 for an API that is gone. */
  answer(status: 413 | 404): HttpResponse {
    const response = errorResponse(undefined, status === 413 ? requestTooLarge() : notFound());
    response.headers['apigw-requestid'] = [shortRequestId()];
    return response;
  }
}

/** Random bytes drawn 4 KB at a time. */
const pool = { bytes: Buffer.alloc(0), at: 0 };

/** AWS's HTTP API request id: 16 characters ending in '=' ("JvgTCg8fIAMEV5Q="). */
function shortRequestId(): string {
  if (pool.at + 11 > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.at = 0;
  }
  return `${pool.bytes.toString('base64url', pool.at, (pool.at += 11))}=`;
}
