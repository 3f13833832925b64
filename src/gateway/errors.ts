/**
 * The closed catalogue of data-plane errors: one per gateway response type AWS defines.
 * Pipeline stages throw these; one stage (rest/handlers/gateway-response.ts) renders them as the
 * API's gateway response, with the user's overrides applied.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'API_CONFIGURATION_ERROR'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX'
  | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'WAF_FILTERED';

/** The status each type answers with when the API does not override it (the guide's table). */
export const DEFAULT_STATUS: Record<GatewayResponseType, number> = {
  ACCESS_DENIED: 403,
  API_CONFIGURATION_ERROR: 500,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  AUTHORIZER_FAILURE: 500,
  BAD_REQUEST_BODY: 400,
  BAD_REQUEST_PARAMETERS: 400,
  DEFAULT_4XX: 400,
  DEFAULT_5XX: 500,
  EXPIRED_TOKEN: 403,
  INTEGRATION_FAILURE: 504,
  INTEGRATION_TIMEOUT: 504,
  INVALID_API_KEY: 403,
  INVALID_SIGNATURE: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  QUOTA_EXCEEDED: 429,
  REQUEST_TOO_LARGE: 413,
  RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429,
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WAF_FILTERED: 403,
};

/**
 * The `x-amzn-ErrorType` AWS sends with each type. Recorded from AWS: MissingAuthenticationTokenException
 * (test_apigateway_common, test_routing_not_found) and InternalServerErrorException for configuration
 * errors (test_apigateway_integrations, header remapping; test_apigateway_api, test_failed_invoke_test_method).
 * Checked against AWS by LocalStack (gateway_response.py, no "validate" TODO): MissingAuthenticationToken,
 * Unauthorized, Forbidden (INVALID_API_KEY), TooManyRequests, LimitExceeded, BadRequest (both BAD_REQUEST_*
 * and UNSUPPORTED_MEDIA_TYPE), InternalServerError (INTEGRATION_TIMEOUT). The rest are AWS's exception
 * names for those failures as its other APIs use them, not yet confirmed by a recording.
 * DEFAULT_4XX / DEFAULT_5XX are never raised as such; an error raised under them names its own type.
 */
const ERROR_TYPE: Partial<Record<GatewayResponseType, string>> = {
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  ACCESS_DENIED: 'AccessDeniedException',
  UNAUTHORIZED: 'UnauthorizedException',
  INVALID_API_KEY: 'ForbiddenException',
  EXPIRED_TOKEN: 'ExpiredTokenException',
  INVALID_SIGNATURE: 'InvalidSignatureException',
  THROTTLED: 'TooManyRequestsException',
  QUOTA_EXCEEDED: 'LimitExceededException',
  REQUEST_TOO_LARGE: 'RequestTooLargeException',
  BAD_REQUEST_BODY: 'BadRequestException',
  BAD_REQUEST_PARAMETERS: 'BadRequestException',
  UNSUPPORTED_MEDIA_TYPE: 'BadRequestException',
  RESOURCE_NOT_FOUND: 'ResourceNotFoundException',
  INTEGRATION_TIMEOUT: 'InternalServerErrorException',
  INTEGRATION_FAILURE: 'InternalServerErrorException',
  API_CONFIGURATION_ERROR: 'InternalServerErrorException',
  AUTHORIZER_CONFIGURATION_ERROR: 'AuthorizerConfigurationException',
  AUTHORIZER_FAILURE: 'AuthorizerFailureException',
  WAF_FILTERED: 'WAFFilteredException',
  DEFAULT_4XX: 'BadRequestException',
  DEFAULT_5XX: 'InternalServerErrorException',
};

export class GatewayError extends Error {
  readonly responseType: GatewayResponseType;
  /** AWS answers some types with a status other than the type's default (e.g. INTEGRATION_FAILURE is 500 on the wire). */
  readonly statusOverride?: number;
  /** Why, as AWS's execution log says it (TestInvokeMethod's `log`); never sent to the client. */
  readonly detail?: string;
  /** The `x-amzn-ErrorType` where AWS sends another one than the type's. */
  private readonly errorTypeOverride?: string;

  /** `message`: `$context.error.message`, what the client reads in the default body. */
  constructor(responseType: GatewayResponseType, message: string, statusOverride?: number, detail?: string, errorTypeOverride?: string) {
    // These are answers, not bugs: a flood of 403s or 429s should not pay for stack traces
    // (capturing one was 8.5% of CPU in a throttled MOCK profile).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.responseType = responseType;
    this.statusOverride = statusOverride;
    this.detail = detail;
    this.errorTypeOverride = errorTypeOverride;
  }

  /** `$context.error.validationErrorString`: what a request validator found wrong (BAD_REQUEST_* only). */
  validationErrorString?: string;

  get errorType(): string | undefined {
    return this.errorTypeOverride ?? ERROR_TYPE[this.responseType];
  }
}

// The catalogue: what each stage throws, worded as AWS words it.
export const missingAuthenticationToken = () => new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
export const unsupportedMediaType = () => new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
export const requestTooLarge = () => new GatewayError('REQUEST_TOO_LARGE', 'Request Too Long');
export const integrationTimeout = () => new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
/**
 * A request template read a body that is not JSON (`$input.json`, `$input.path`): 400 "Could not
 * parse request body into json: Could not parse payload into json: {parser's reason}", the wording
 * of AWS's Java services for a payload that is not JSON, under DEFAULT_4XX (it is no validator's
 * BAD_REQUEST_BODY), x-amzn-ErrorType BadRequestException. `reason` is the engine's message.
 */
export const requestBodyNotJson = (reason: string) =>
  new GatewayError('DEFAULT_4XX', `Could not parse request body into json: ${reason}`, undefined, `Could not parse request body into json: ${reason}`);
/** An upstream the integration cannot reach or that breaks the exchange: AWS answers 500 "Internal server error". */
export const integrationFailure = (status = 500, detail?: string) => new GatewayError('INTEGRATION_FAILURE', 'Internal server error', status, detail);
/**
 * A `method.request.body*` parameter mapping read a body that starts like JSON but is not
 * (LocalStack's AWS-validated finding): 400 "Invalid JSON in request body" under DEFAULT_4XX.
 */
export const invalidJsonBody = () => new GatewayError('DEFAULT_4XX', 'Invalid JSON in request body');
/**
 * Something in the API's own definition is wrong (bad template, bad mapping, no integration
 * response). The client always reads "Internal server error"; `detail` goes to the execution log
 * ("Execution failed due to configuration error: {detail}").
 */
export const apiConfigurationError = (detail?: string) => new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error', undefined, detail);
/**
 * A stage the API does not have (a wrong or wrongly cased stage name, or none): AWS answers 403
 * {"message":"Forbidden"} (ForbiddenException). No gateway response of the API applies: there is no deployment.
 */
export const stageNotFound = (stageName: string) =>
  new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Forbidden', undefined, `no stage '${stageName}'`, 'ForbiddenException');

// Lambda authorizers (rest/handlers/authorize.ts).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
/** No identity, a token not matching identityValidationExpression, or the authorizer raised "Unauthorized": 401. */
export const unauthorized = (detail?: string) => new GatewayError('UNAUTHORIZED', 'Unauthorized', undefined, detail);
/** The authorizer's policy denies the methodArn (explicitly, or by allowing nothing that covers it): 403. */
export const accessDenied = (explicit: boolean) =>
  new GatewayError('ACCESS_DENIED', explicit ? 'User is not authorized to access this resource with an explicit deny' : 'User is not authorized to access this resource');
/**
 * The authorizer cannot be called, failed, or answered something that is no policy: 500, and AWS's
 * body carries no message ({"message":null}, rendered by gateway-response.ts); `detail` is for the log.
 */
export const authorizerConfigurationError = (detail?: string) => new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', '', undefined, detail);
/**
 * `Cache-Control: max-age=0` from a caller without execute-api:InvalidateCache, strategy
 * FAIL_WITH_403 (rest/handlers/cache-lookup.ts): "returns a 403 Unauthorized response" (Developer
 * Guide, api-gateway-caching), under ACCESS_DENIED; the wording is the guide's, not yet recorded.
 */
export const cacheControlUnauthorized = () =>
  new GatewayError('ACCESS_DENIED', 'Unauthorized', undefined, 'the caller is not authorized to invalidate the cache (execute-api:InvalidateCache)');

// Request validators (rest/handlers/request-validation.ts).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
/** Required parameters absent or blank: 400 "Missing required request parameters: [a, b]". */
export function badRequestParameters(missing: string[]): GatewayError {
  const message = `Missing required request parameters: [${missing.join(', ')}]`;
  const e = new GatewayError('BAD_REQUEST_PARAMETERS', message, undefined, message);
  e.validationErrorString = message;
  return e;
}
/** A body that is not JSON or does not match its model: 400 "Invalid request body"; `detail` names why. */
export function badRequestBody(contentType: string, detail: string): GatewayError {
  const e = new GatewayError('BAD_REQUEST_BODY', 'Invalid request body', undefined, `Request body does not match model schema for content type ${contentType}: ${detail}`);
  e.validationErrorString = detail;
  return e;
}

// API keys, usage plans and throttling (rest/handlers/api-key.ts, throttle.ts).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
/** apiKeyRequired and no key, an unknown or disabled key, or a key in no usage plan of the stage: 403 {"message":"Forbidden"}. */
export const invalidApiKey = (detail?: string) => new GatewayError('INVALID_API_KEY', 'Forbidden', undefined, detail);
/** An account, stage, method or usage plan throttle has no token left: 429 {"message":"Too Many Requests"}. */
export const throttled = (detail?: string) => new GatewayError('THROTTLED', 'Too Many Requests', undefined, detail);
/** The key's usage plan quota for the period is used up: 429 {"message":"Limit Exceeded"}. */
export const quotaExceeded = (detail?: string) => new GatewayError('QUOTA_EXCEEDED', 'Limit Exceeded', undefined, detail);
