/**
 * What CreateApi and UpdateApi accept, per protocol. HTTP APIs route on
 * `$request.method $request.path` only; WebSocket APIs name their own route selection expression
 * (required) and may select API keys; CORS and quick create are HTTP-only.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-selection-expressions.html
 */
import { badRequest } from '../../aws/errors.js';
import type { S_Cors } from '../../aws/generated/apigatewayv2.js';

export const HTTP_ROUTE_SELECTION = '$request.method $request.path';
const HTTP_ROUTE_SELECTION_FORMS = new Set([HTTP_ROUTE_SELECTION, '${request.method} ${request.path}']);
export const DEFAULT_API_KEY_SELECTION = '$request.header.x-api-key';
const API_KEY_SELECTIONS = [DEFAULT_API_KEY_SELECTION, '$context.authorizer.usageIdentifierKey'];

export function checkRouteSelection(protocol: string, expression: string | undefined): string {
  if (protocol === 'HTTP') {
    if (expression === undefined) return HTTP_ROUTE_SELECTION;
    if (!HTTP_ROUTE_SELECTION_FORMS.has(expression)) {
      throw badRequest(`Unsupported route selection expression for HTTP protocol: ${expression}. Only ${HTTP_ROUTE_SELECTION} is supported`);
    }
    return expression;
  }
  if (expression === undefined || expression.trim() === '') throw badRequest('Route selection expression is required for WEBSOCKET protocol');
  if (!/^\$\{?(request|context)\./.test(expression)) {
    throw badRequest(`Invalid route selection expression specified: ${expression}`);
  }
  return expression;
}

export function checkApiKeySelection(expression: string | undefined): void {
  if (expression !== undefined && !API_KEY_SELECTIONS.includes(expression)) {
    throw badRequest(`ApiKeySelectionExpression is invalid. Supported values are: ${API_KEY_SELECTIONS.join(', ')}`);
  }
}

export function checkCors(protocol: string, cors: S_Cors | undefined): void {
  if (!cors) return;
  if (protocol !== 'HTTP') throw badRequest('CORS configuration is supported only for HTTP APIs');
  if (cors.MaxAge !== undefined && (cors.MaxAge < -1 || cors.MaxAge > 86400)) throw badRequest('MaxAge must be between -1 and 86400');
  if (cors.AllowCredentials && cors.AllowOrigins?.includes('*')) {
    throw badRequest('AllowCredentials cannot be true when AllowOrigins contains "*"');
  }
  for (const origin of cors.AllowOrigins ?? []) {
    if (origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(origin)) throw badRequest(`Invalid origin specified: ${origin}`);
  }
  for (const method of cors.AllowMethods ?? []) {
    if (!/^(\*|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(method)) throw badRequest(`Invalid method specified: ${method}`);
  }
}

/** Quick create (Target, RouteKey, CredentialsArn) and the settings only one protocol has. */
export function checkProtocolOnly(
  protocol: string,
  input: { Target?: string; RouteKey?: string; CredentialsArn?: string; DisableSchemaValidation?: boolean; ApiKeySelectionExpression?: string },
): void {
  if (protocol !== 'HTTP' && (input.Target !== undefined || input.RouteKey !== undefined || input.CredentialsArn !== undefined)) {
    throw badRequest('Target, RouteKey and CredentialsArn (quick create) are supported only for HTTP APIs');
  }
  if (protocol === 'HTTP' && input.DisableSchemaValidation !== undefined) throw badRequest('DisableSchemaValidation is supported only for WebSocket APIs');
}
