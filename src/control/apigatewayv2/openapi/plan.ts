/**
 * What an OpenAPI 3 definition becomes on an HTTP API (ImportApi, ReimportApi): the API's own
 * settings, authorizers, integrations and routes, read from the document before anything is
 * written, with the import's errors (the import is refused) and warnings (answered in `Warnings`,
 * or refusing the import with failOnWarnings).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 */
import { badRequest } from '../../../aws/errors.js';
import type { S_Cors, S_Tags } from '../../../aws/generated/apigatewayv2.js';
import type { AuthorizerRecord, IntegrationRecord } from '../../../definitions/apigatewayv2.js';

export interface PlannedApi {
  Name?: string;
  Description?: string;
  Version?: string;
  CorsConfiguration?: S_Cors;
  DisableExecuteApiEndpoint?: boolean;
  Tags: S_Tags;
}

export interface PlannedAuthorizer {
  /** The security scheme's name: the authorizer's Name, and what routes' `security` name. */
  name: string;
  record: Omit<AuthorizerRecord, 'AuthorizerId'>;
}

export interface PlannedIntegration {
  /** The `$ref` it came from (shared by every route naming it), or the route key it is inline in. */
  key: string;
  where: string;
  record: Omit<IntegrationRecord, 'IntegrationId'>;
}

export interface PlannedRoute {
  routeKey: string;
  operationName?: string;
  integration?: string;
  authorizationType: 'NONE' | 'JWT' | 'CUSTOM' | 'AWS_IAM';
  authorizer?: string;
  scopes?: string[];
}

export interface ImportPlan {
  api: PlannedApi;
  authorizers: PlannedAuthorizer[];
  integrations: PlannedIntegration[];
  routes: PlannedRoute[];
  errors: string[];
  warnings: string[];
}

export type BasePathMode = 'ignore' | 'prepend' | 'split';

/** AWS's wording for a refused import: each problem on its own line, a tab before it. */
export const importErrors = (lines: string[]) => badRequest(`Errors found during import:\n\t${lines.join('\n\t')}`);
export const importWarnings = (lines: string[]) => badRequest(`Warnings found during import:\n\t${lines.join('\n\t')}`);
