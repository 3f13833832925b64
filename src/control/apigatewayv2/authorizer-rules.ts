/**
 * What an authorizer may be, checked on the authorizer as it will be stored (Create and Update
 * share the rules).
 *
 * HTTP APIs: JWT (jwtConfiguration issuer + audience, one identity source in a header or query
 * string) and REQUEST Lambda authorizers (authorizerUri, payload format 1.0 or 2.0, simple
 * responses only with 2.0, result TTL 0-3600 s, and at least one identity source to cache).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 *
 * WebSocket APIs: REQUEST Lambda authorizers only, identity sources `route.request.header.*`,
 * `route.request.querystring.*`, `stageVariables.*`, `context.*`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import { badRequest } from '../../aws/errors.js';
import type { ApiRecord, AuthorizerRecord } from '../../definitions/apigatewayv2.js';

const LAMBDA_INVOKE_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+\/invocations$/;
const HTTP_SOURCE = /^\$(request\.header|request\.querystring|context|stageVariables)\.[^\s]+$/;
const JWT_SOURCE = /^\$request\.(header|querystring)\.[^\s]+$/;
const WEBSOCKET_SOURCE = /^(route\.request\.header|route\.request\.querystring|stageVariables|context)\.[^\s]+$/;

const LAMBDA_ONLY = ['AuthorizerUri', 'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'EnableSimpleResponses', 'AuthorizerResultTtlInSeconds'] as const;

export function checkAuthorizer(api: ApiRecord, a: AuthorizerRecord): void {
  const http = api.ProtocolType === 'HTTP';
  if (!http && a.AuthorizerType !== 'REQUEST') throw badRequest('Only REQUEST authorizers are supported for WebSocket APIs');
  const ttl = a.AuthorizerResultTtlInSeconds;
  if (ttl !== undefined && (ttl < 0 || ttl > 3600)) throw badRequest('AuthorizerResultTtlInSeconds must be between 0 and 3600');
  const sources = a.IdentitySource ?? [];
  if (a.AuthorizerType === 'JWT') {
    for (const m of LAMBDA_ONLY) if (a[m] !== undefined) throw badRequest(`${m} is not supported for JWT authorizers`);
    if (!a.JwtConfiguration) throw badRequest('JwtConfiguration is required for JWT authorizers');
    const { Issuer, Audience } = a.JwtConfiguration;
    if (!Issuer) throw badRequest('JwtConfiguration.Issuer is required for JWT authorizers');
    if (!/^https?:\/\/[^/\s]+/.test(Issuer)) throw badRequest(`Invalid issuer specified: ${Issuer}. The issuer must be a URL`);
    if (!Audience?.length) throw badRequest('JwtConfiguration.Audience must contain at least one audience');
    if (sources.length !== 1 || !JWT_SOURCE.test(sources[0])) {
      throw badRequest('A JWT authorizer needs exactly one identity source, a header or query string: $request.header.name or $request.querystring.name');
    }
    return;
  }
  if (a.JwtConfiguration !== undefined) throw badRequest('JwtConfiguration is supported only for JWT authorizers');
  if (!a.AuthorizerUri) throw badRequest('AuthorizerUri is required for REQUEST authorizers');
  if (!LAMBDA_INVOKE_URI.test(a.AuthorizerUri)) throw badRequest(`Invalid authorizer URI specified: ${a.AuthorizerUri}`);
  for (const source of sources) {
    if (!(http ? HTTP_SOURCE : WEBSOCKET_SOURCE).test(source)) throw badRequest(`Invalid identity source specified: ${source}`);
  }
  if (!http) {
    for (const m of ['AuthorizerPayloadFormatVersion', 'EnableSimpleResponses', 'AuthorizerResultTtlInSeconds'] as const) {
      if (a[m] !== undefined) throw badRequest(`${m} is supported only for HTTP APIs`);
    }
    return;
  }
  const version = a.AuthorizerPayloadFormatVersion;
  if (version === undefined) throw badRequest('AuthorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs. Supported values are 1.0 and 2.0');
  if (version !== '1.0' && version !== '2.0') throw badRequest(`Unsupported authorizer payload format version ${version}. Supported values are 1.0 and 2.0`);
  if (a.EnableSimpleResponses && version !== '2.0') throw badRequest('EnableSimpleResponses is supported only with authorizer payload format version 2.0');
  if ((ttl ?? 0) > 0 && sources.length === 0) throw badRequest('An identity source is required to enable authorizer caching (AuthorizerResultTtlInSeconds greater than 0)');
}
