/**
 * What an Authorizer must hold to be usable, checked on create and after every update.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
import { badRequest } from '../../aws/errors.js';
import type { S_Authorizer } from '../../aws/generated/apigateway.js';

/** The header a TOKEN or Cognito authorizer reads when the caller names none (the console's default too). */
export const DEFAULT_IDENTITY_SOURCE = 'method.request.header.Authorization';

/** "If this field is not set, the default value is 300. The maximum value is 3600" (API reference). */
export const DEFAULT_RESULT_TTL = 300;
const MAX_RESULT_TTL = 3600;

/**
 * A Lambda invocation URI: arn:aws:apigateway:{region}:lambda:path/{service_api}, where the path
 * is usually /2015-03-31/functions/{function ARN}/invocations. AWS rejects a placeholder region
 * ("arn:aws:apigateway:region:lambda:...") with the message below, as Terraform users met it.
 */
const LAMBDA_URI = /^arn:aws(?:-[a-z]+)*:apigateway:[a-z]{2}(?:-[a-z]+)+-\d+:lambda:path\/\S+$/;
const USER_POOL_ARN = /^arn:aws(?:-[a-z]+)*:cognito-idp:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:userpool\/[\w-]+_[0-9A-Za-z]+$/;
const HEADER_SOURCE = /^method\.request\.header\.[^\s,]+$/;
/** REQUEST authorizers may read headers, query strings, stage variables and context variables. */
const REQUEST_SOURCE = /^(?:method\.request\.(?:header|querystring|multivalueheader|multivaluequerystring)\.[^\s,]+|stageVariables\.[^\s,]+|context\.[^\s,]+)$/;

export function invalidAuthorizerUri(uri: string | undefined) {
  return badRequest(
    `Invalid Authorizer URI: ${uri ?? 'null'}. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.`,
  );
}

/** Throws AWS's BadRequestException for the first thing that makes `a` unusable. */
export function checkAuthorizer(a: S_Authorizer): void {
  if (!a.name || a.name.trim() === '') throw badRequest('Authorizer name must be non-empty');
  if (a.type === 'TOKEN' || a.type === 'REQUEST') {
    if (!a.authorizerUri || !LAMBDA_URI.test(a.authorizerUri)) throw invalidAuthorizerUri(a.authorizerUri);
  } else if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs?.length) {
      throw badRequest('A COGNITO_USER_POOLS authorizer needs providerARNs: at least one Amazon Cognito user pool ARN');
    }
    for (const arn of a.providerARNs) {
      if (!USER_POOL_ARN.test(arn)) {
        throw badRequest(`Invalid provider ARN specified: ${arn}. Expected arn:aws:cognito-idp:{region}:{account_id}:userpool/{user_pool_id}`);
      }
    }
  }
  const ttl = a.authorizerResultTtlInSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_RESULT_TTL)) {
    throw badRequest(`Invalid authorizer result TTL ${ttl}: it must be between 0 and ${MAX_RESULT_TTL} seconds`);
  }
  checkIdentitySource(a);
  if (a.identityValidationExpression !== undefined) {
    try {
      new RegExp(a.identityValidationExpression);
    } catch {
      throw badRequest(`Invalid identity validation expression specified: ${a.identityValidationExpression}`);
    }
  }
}

function checkIdentitySource(a: S_Authorizer): void {
  const source = a.identitySource;
  if (a.type === 'REQUEST') {
    if (source === undefined || source.trim() === '') {
      // "For the REQUEST authorizer, this is required when authorization caching is enabled."
      if ((a.authorizerResultTtlInSeconds ?? DEFAULT_RESULT_TTL) > 0) {
        throw badRequest('Identity source must be set if authorizer caching is enabled (TTL is greater than 0)');
      }
      return;
    }
    for (const part of source.split(',').map((s) => s.trim())) {
      if (!REQUEST_SOURCE.test(part)) throw invalidIdentitySource(source);
    }
    return;
  }
  if (source === undefined || !HEADER_SOURCE.test(source.trim())) throw invalidIdentitySource(source);
}

function invalidIdentitySource(source: string | undefined) {
  return badRequest(
    `Invalid identity source specified: ${source ?? 'null'}. A TOKEN or COGNITO_USER_POOLS authorizer reads one header ` +
      '(method.request.header.{name}); a REQUEST authorizer reads a comma-separated list of method.request.header.{name}, ' +
      'method.request.querystring.{name}, stageVariables.{name} or context.{name}',
  );
}
