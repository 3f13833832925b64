/**
 * AWS's gateway response types and the responses API Gateway gives an API before the user
 * customises any: every type answers `{"message":$context.error.messageString}` with its own
 * status code, and DEFAULT_4XX / DEFAULT_5XX have no status code of their own.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 *
 * A type the user has not put inherits from DEFAULT_4XX or DEFAULT_5XX when that one is put
 * ("If the response type is unspecified, this response defaults to the DEFAULT_4XX type"): its
 * status code (when the fallback sets one), parameters and templates, while still reporting
 * `defaultResponse: true` (recorded from AWS: TestApiGatewayGatewayResponse::test_gateway_response_put).
 */
import type { S_GatewayResponse, S_GatewayResponseType } from '../../aws/generated/apigateway.js';

export type GatewayResponseType = S_GatewayResponseType;

/** The template every default response carries. */
export const DEFAULT_RESPONSE_TEMPLATES: Readonly<Record<string, string>> = Object.freeze({
  'application/json': '{"message":$context.error.messageString}',
});

/**
 * Each type's default status code as GetGatewayResponse reports it (the developer guide's table,
 * which the recordings confirm), or undefined for the two fallbacks.
 */
export const DEFAULT_STATUS_CODES: Readonly<Record<GatewayResponseType, string | undefined>> = Object.freeze({
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
});

/** Every type, in the order GetGatewayResponses lists them (alphabetical). */
export const GATEWAY_RESPONSE_TYPES = Object.keys(DEFAULT_STATUS_CODES).sort() as GatewayResponseType[];

/** The fallback a type inherits from: DEFAULT_5XX for 5XX types, DEFAULT_4XX for 4XX ones. */
export function fallbackOf(type: GatewayResponseType): 'DEFAULT_4XX' | 'DEFAULT_5XX' | undefined {
  const code = DEFAULT_STATUS_CODES[type];
  if (code === undefined) return undefined;
  return code.startsWith('5') ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}

/** What API Gateway reports for a type nobody customised. */
export function defaultGatewayResponse(type: GatewayResponseType): S_GatewayResponse {
  return {
    defaultResponse: true,
    responseParameters: {},
    responseTemplates: { ...DEFAULT_RESPONSE_TEMPLATES },
    responseType: type,
    statusCode: DEFAULT_STATUS_CODES[type],
  };
}

/**
 * The response in effect for `type`, given the responses the user put (by type): the user's own,
 * else one inherited from a put DEFAULT_4XX/DEFAULT_5XX, else AWS's default.
 */
export function effectiveResponse(type: GatewayResponseType, put: ReadonlyMap<string, S_GatewayResponse>): S_GatewayResponse {
  const own = put.get(type);
  if (own) return { ...own, statusCode: own.statusCode ?? DEFAULT_STATUS_CODES[type] };
  const fallback = fallbackOf(type);
  const inherited = fallback ? put.get(fallback) : undefined;
  if (!inherited) return defaultGatewayResponse(type);
  const templates = inherited.responseTemplates ?? {};
  return {
    defaultResponse: true,
    responseParameters: { ...(inherited.responseParameters ?? {}) },
    responseTemplates: Object.keys(templates).length ? { ...templates } : { ...DEFAULT_RESPONSE_TEMPLATES },
    responseType: type,
    statusCode: inherited.statusCode ?? DEFAULT_STATUS_CODES[type],
  };
}
