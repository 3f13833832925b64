/**
 * The port through which the apigatewayv2 control plane's ResetAuthorizersCache reaches the HTTP
 * API data plane's Lambda authorizer cache (src/gateway/http/authorize.ts), without either
 * importing the other (DESIGN.md): the control plane checks the API and stage exist; the data plane
 * drops the stage's cached answers; the server wires one to the other.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename-cache-authorizers.html
 */
import type { Scope } from '../store/types.js';

export interface HttpAuthorizerCacheControl {
  /** Every cached Lambda authorizer answer of the HTTP API's stage goes. */
  resetAuthorizersCache(scope: Scope, apiId: string, stageName: string): void;
}
