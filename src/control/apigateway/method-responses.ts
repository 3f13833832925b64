/**
 * MethodResponse: PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethodResponse.html
 *
 * A method response lives in its method document under `methodResponses[statusCode]`. What the
 * caller put is kept as given: `responseParameters: {}` is answered as `{}`, an absent member is
 * absent (both recorded).
 */
import type {
  S_DeleteMethodResponseRequest,
  S_GetMethodResponseRequest,
  S_PutMethodResponseRequest,
  S_UpdateMethodResponseRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { javaBoolean, validateMethodResponseParameters } from './mapping-expressions.js';
import { mapKeyRule, withMethodFamilyErrors } from './method-patch.js';
import {
  checkModelsExist,
  contentTypeNotFound,
  parameterNotFound,
  requireMethod,
  responseNotFound,
  saveMethod,
  type MethodResponseRecord,
} from './method-store.js';
import { applyPatch, type PatchRule } from './patch/index.js';

async function putMethodResponse(input: S_PutMethodResponseRequest, ctx: RequestContext): Promise<MethodResponseRecord> {
  const { key, method } = await requireMethod(ctx, input);
  const response: MethodResponseRecord = {
    statusCode: input.statusCode,
    responseParameters: input.responseParameters,
    responseModels: input.responseModels,
  };
  await checkMethodResponse(ctx, input.restApiId, response);
  method.methodResponses = { ...method.methodResponses, [input.statusCode]: response };
  await saveMethod(ctx, key, method);
  return response;
}

async function getMethodResponse(input: S_GetMethodResponseRequest, ctx: RequestContext): Promise<MethodResponseRecord> {
  const { method } = await requireMethod(ctx, input);
  const response = method.methodResponses?.[input.statusCode];
  if (!response) throw responseNotFound();
  return response;
}

/**
 * Recorded: replace/remove of a parameter or model the response lacks answers NotFound
 * ("Invalid parameter name specified" / "Content-Type specified was not found"); an unknown
 * path answers "Invalid patch path /wrong/...".
 */
const METHOD_RESPONSE_RULES: PatchRule<MethodResponseRecord>[] = withMethodFamilyErrors<MethodResponseRecord>([
  mapKeyRule('/responseParameters', 'responseParameters', javaBoolean, parameterNotFound),
  mapKeyRule('/responseModels', 'responseModels', (v) => v ?? '', contentTypeNotFound),
]);

async function updateMethodResponse(input: S_UpdateMethodResponseRequest, ctx: RequestContext): Promise<MethodResponseRecord> {
  const { key, method } = await requireMethod(ctx, input);
  const response = method.methodResponses?.[input.statusCode];
  if (!response) throw responseNotFound();
  const updated = applyPatch(response, input.patchOperations, METHOD_RESPONSE_RULES);
  await checkMethodResponse(ctx, input.restApiId, updated);
  method.methodResponses = { ...method.methodResponses, [input.statusCode]: updated };
  await saveMethod(ctx, key, method);
  return updated;
}

async function deleteMethodResponse(input: S_DeleteMethodResponseRequest, ctx: RequestContext): Promise<void> {
  const { key, method } = await requireMethod(ctx, input);
  if (!method.methodResponses?.[input.statusCode]) throw responseNotFound();
  delete method.methodResponses[input.statusCode];
  if (Object.keys(method.methodResponses).length === 0) delete method.methodResponses;
  await saveMethod(ctx, key, method);
}

/** Header names must be `method.response.header.{name}`; models must exist in the API. */
async function checkMethodResponse(ctx: RequestContext, restApiId: string, response: MethodResponseRecord): Promise<void> {
  validateMethodResponseParameters(response.responseParameters);
  await checkModelsExist(ctx, restApiId, response.responseModels);
}

export const handlers: Handlers = {
  PutMethodResponse: putMethodResponse,
  GetMethodResponse: getMethodResponse,
  UpdateMethodResponse: updateMethodResponse,
  DeleteMethodResponse: deleteMethodResponse,
};
