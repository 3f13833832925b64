/**
 * RequestValidator: CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator,
 * DeleteRequestValidator. A validator only says which parts of a request a method checks
 * (body against the method's model, required parameters); the data plane does the checking.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRequestValidator.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 */
import { badRequest, conflict } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateRequestValidatorRequest,
  S_DeleteRequestValidatorRequest,
  S_GetRequestValidatorRequest,
  S_GetRequestValidatorsRequest,
  S_RequestValidator,
  S_UpdateRequestValidatorRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { lastMethodUsing, verbThenPath } from './method-references.js';
import { javaBoolean } from './mapping-expressions.js';
import { applyPatch, defaultInvalidPath, type PatchRule } from './patch/index.js';
import { apiKey, KIND, listPage, requireDoc } from './records.js';

const NOT_FOUND = 'Invalid Request Validator identifier specified';
const BLANK_NAME = 'Request Validator name cannot be blank';

async function createRequestValidator(input: S_CreateRequestValidatorRequest, ctx: RequestContext): Promise<S_RequestValidator> {
  // AWS answers an unknown API here with a 400, not the usual 404 (recorded: invalid-create-request-validator).
  if (!(await ctx.tx.get(KIND.restApi, input.restApiId))) throw badRequest('Invalid REST API identifier specified');
  if (input.name !== undefined && input.name.trim() === '') throw badRequest(BLANK_NAME);
  const validator: S_RequestValidator = {
    id: shortId(6),
    name: input.name,
    validateRequestBody: input.validateRequestBody ?? false,
    validateRequestParameters: input.validateRequestParameters ?? false,
  };
  await ctx.tx.put(KIND.requestValidator, apiKey(input.restApiId, validator.id!), validator);
  return validator;
}

/** An unknown API and an unknown validator read the same (recorded: get-request-validators-invalid-api-id). */
function requireValidator(ctx: RequestContext, restApiId: string, id: string): Promise<S_RequestValidator> {
  return requireDoc(ctx.tx, KIND.requestValidator, apiKey(restApiId, id), NOT_FOUND);
}

async function getRequestValidator(input: S_GetRequestValidatorRequest, ctx: RequestContext): Promise<S_RequestValidator> {
  return requireValidator(ctx, input.restApiId, input.requestValidatorId);
}

function getRequestValidators(input: S_GetRequestValidatorsRequest, ctx: RequestContext) {
  return listPage<S_RequestValidator>(ctx, KIND.requestValidator, input);
}

// Booleans are read as AWS's Java back end reads them (javaBoolean): a missing value is false
// (recorded: update-request-validator-without-value).

const RULES: PatchRule<S_RequestValidator>[] = [
  {
    path: '/name',
    ops: ['replace'],
    apply(doc, c) {
      if (!c.value || c.value.trim() === '') throw badRequest(BLANK_NAME);
      doc.name = c.value;
    },
  },
  { path: '/validateRequestParameters', ops: ['replace'], apply: (doc, c) => void (doc.validateRequestParameters = javaBoolean(c.value)) },
  { path: '/validateRequestBody', ops: ['replace'], apply: (doc, c) => void (doc.validateRequestBody = javaBoolean(c.value)) },
  // Only replace is supported; AWS words other ops as an unsupported path (recorded:
  // update-request-validator-invalid-add-operation).
  {
    path: '/{any+}',
    ops: ['add', 'remove', 'move', 'copy', 'test'],
    listed: false,
    apply(_doc, c) {
      throw defaultInvalidPath(c.op, c.path, []);
    },
  },
];

async function updateRequestValidator(input: S_UpdateRequestValidatorRequest, ctx: RequestContext): Promise<S_RequestValidator> {
  const current = await requireValidator(ctx, input.restApiId, input.requestValidatorId);
  const updated = applyPatch(current, input.patchOperations, RULES);
  await ctx.tx.put(KIND.requestValidator, apiKey(input.restApiId, current.id!), updated);
  return updated;
}

/**
 * A validator still named by a method is not deleted (a method would point at nothing); the
 * conflict names the method the way AWS names it for authorizers ("GET//pets").
 */
async function deleteRequestValidator(input: S_DeleteRequestValidatorRequest, ctx: RequestContext): Promise<void> {
  const validator = await requireValidator(ctx, input.restApiId, input.requestValidatorId);
  const user = await lastMethodUsing(ctx.tx, input.restApiId, (m) => m.requestValidatorId === validator.id);
  if (user) {
    throw conflict(`Cannot delete request validator '${validator.name ?? validator.id}', is referenced in method: ${verbThenPath(user)}`);
  }
  await ctx.tx.delete(KIND.requestValidator, apiKey(input.restApiId, validator.id!));
}

export const handlers: Handlers = {
  CreateRequestValidator: createRequestValidator,
  GetRequestValidator: getRequestValidator,
  GetRequestValidators: getRequestValidators,
  UpdateRequestValidator: updateRequestValidator,
  DeleteRequestValidator: deleteRequestValidator,
};
