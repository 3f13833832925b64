/**
 * IntegrationResponse: PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse,
 * DeleteIntegrationResponse.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegrationResponse.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
 *
 * Integration responses live in the method document under
 * `methodIntegration.integrationResponses[statusCode]`. A put over an existing status code
 * replaces it (recorded: "overwrite-integration-response" answers 201 with the new values).
 */
import { conflict } from '../../aws/errors.js';
import type {
  S_DeleteIntegrationResponseRequest,
  S_GetIntegrationResponseRequest,
  S_PutIntegrationResponseRequest,
  S_UpdateIntegrationResponseRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import {
  checkContentHandling,
  checkTemplateContentTypes,
  normalizeTemplates,
  templateValue,
  validateIntegrationResponseParameters,
} from './mapping-expressions.js';
import { mapKeyRule, stringRule, withMethodFamilyErrors } from './method-patch.js';
import {
  findMethod,
  integrationNotFound,
  requireIntegration,
  requireMethodResource,
  responseNotFound,
  saveMethod,
  type IntegrationRecord,
  type IntegrationResponseRecord,
  type MethodRecord,
} from './method-store.js';
import { applyPatch, type PatchRule } from './patch/index.js';

async function putIntegrationResponse(input: S_PutIntegrationResponseRequest, ctx: RequestContext): Promise<IntegrationResponseRecord> {
  const { key, method, integration } = await requireIntegration(ctx, input);
  const response: IntegrationResponseRecord = {
    statusCode: input.statusCode,
    selectionPattern: input.selectionPattern,
    responseParameters: input.responseParameters,
    responseTemplates: normalizeTemplates(input.responseTemplates),
    contentHandling: input.contentHandling,
  };
  checkIntegrationResponse(method, integration, response);
  integration.integrationResponses = { ...integration.integrationResponses, [input.statusCode]: response };
  await saveMethod(ctx, key, method);
  return response;
}

async function getIntegrationResponse(input: S_GetIntegrationResponseRequest, ctx: RequestContext): Promise<IntegrationResponseRecord> {
  const { integration } = await requireIntegration(ctx, input);
  const response = integration.integrationResponses?.[input.statusCode];
  if (!response) throw responseNotFound();
  return response;
}

const INTEGRATION_RESPONSE_RULES: PatchRule<IntegrationResponseRecord>[] = withMethodFamilyErrors<IntegrationResponseRecord>([
  {
    // "" is a pattern of its own (AWS answers selectionPattern ""), only no value clears it.
    path: '/selectionPattern',
    ops: ['replace'],
    apply(doc, c) {
      if (c.value === undefined) delete doc.selectionPattern;
      else doc.selectionPattern = c.value;
    },
  },
  stringRule('/contentHandling', 'contentHandling'),
  mapKeyRule('/responseParameters', 'responseParameters', (v) => v ?? ''),
  mapKeyRule('/responseTemplates', 'responseTemplates', templateValue),
]);

async function updateIntegrationResponse(input: S_UpdateIntegrationResponseRequest, ctx: RequestContext): Promise<IntegrationResponseRecord> {
  const { key, method, integration } = await requireIntegration(ctx, input);
  const response = integration.integrationResponses?.[input.statusCode];
  if (!response) throw responseNotFound();
  const updated = applyPatch(response, input.patchOperations, INTEGRATION_RESPONSE_RULES);
  checkTemplateContentTypes(updated.responseTemplates);
  checkIntegrationResponse(method, integration, updated);
  integration.integrationResponses = { ...integration.integrationResponses, [input.statusCode]: updated };
  await saveMethod(ctx, key, method);
  return updated;
}

/**
 * Recorded: deleting under a method that does not exist answers "Invalid Integration identifier
 * specified", like a method without an integration (AWS looks the integration up directly).
 */
async function deleteIntegrationResponse(input: S_DeleteIntegrationResponseRequest, ctx: RequestContext): Promise<void> {
  await requireMethodResource(ctx, input);
  const { key, method } = await findMethod(ctx, input);
  const integration = method?.methodIntegration;
  if (!method || !integration) throw integrationNotFound();
  if (!integration.integrationResponses?.[input.statusCode]) throw responseNotFound();
  delete integration.integrationResponses[input.statusCode];
  if (Object.keys(integration.integrationResponses).length === 0) delete integration.integrationResponses;
  await saveMethod(ctx, key, method);
}

/**
 * One selection pattern per integration: a second status code with the same pattern (or a second
 * default, i.e. no pattern) answers ConflictException "Integration response with selection pattern
 * default already exists". Response parameters must name headers the method response declares.
 */
function checkIntegrationResponse(method: MethodRecord, integration: IntegrationRecord, response: IntegrationResponseRecord): void {
  const pattern = response.selectionPattern || 'default';
  for (const other of Object.values(integration.integrationResponses ?? {})) {
    if (other.statusCode !== response.statusCode && (other.selectionPattern || 'default') === pattern) {
      throw conflict(`Integration response with selection pattern ${pattern} already exists`);
    }
  }
  checkContentHandling(response.contentHandling);
  const methodResponse = method.methodResponses?.[response.statusCode];
  validateIntegrationResponseParameters(response.responseParameters, methodResponse?.responseParameters, !!methodResponse);
}

export const handlers: Handlers = {
  PutIntegrationResponse: putIntegrationResponse,
  GetIntegrationResponse: getIntegrationResponse,
  UpdateIntegrationResponse: updateIntegrationResponse,
  DeleteIntegrationResponse: deleteIntegrationResponse,
};
