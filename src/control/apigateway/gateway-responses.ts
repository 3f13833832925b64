/**
 * GatewayResponse: GetGatewayResponse(s), PutGatewayResponse, UpdateGatewayResponse,
 * DeleteGatewayResponse. Only the responses a user customised are stored; every other type is
 * answered from AWS's defaults (gateway-response-defaults.ts).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutGatewayResponse.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type {
  S_DeleteGatewayResponseRequest,
  S_GatewayResponse,
  S_GetGatewayResponseRequest,
  S_GetGatewayResponsesRequest,
  S_PutGatewayResponseRequest,
  S_UpdateGatewayResponseRequest,
} from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, type PatchContext, type PatchRule } from './patch/index.js';
import { apiKey, apiPrefix, KIND, paginate, requireRestApi } from './records.js';
import { invalidExpression, invalidParameter } from './mapping-expressions.js';
import {
  DEFAULT_RESPONSE_TEMPLATES,
  effectiveResponse,
  GATEWAY_RESPONSE_TYPES,
  type GatewayResponseType,
} from './gateway-response-defaults.js';

/**
 * Response parameters: `gatewayresponse.{header|path|querystring}.{name}` set from a 'literal', a
 * method request parameter, a stage variable or a context variable
 * (api-gateway-swagger-extensions-gateway-responses.responseParameters.md).
 */
const PARAMETER_NAME = /^gatewayresponse\.(header|path|querystring)\.\S+$/;
const PARAMETER_SOURCE = /^('.*'|method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.\S+|stageVariables\.\S+|context\.\S+)$/s;

function checkParameter(name: string, source: string): void {
  if (!PARAMETER_NAME.test(name)) throw invalidParameter(name);
  if (!PARAMETER_SOURCE.test(source)) throw invalidExpression(source);
}

async function putResponses(tx: StoreTx, restApiId: string): Promise<Map<string, S_GatewayResponse>> {
  const entries = await tx.list<S_GatewayResponse>(KIND.gatewayResponse, apiPrefix(restApiId));
  return new Map(entries.map((e) => [e.value.responseType!, e.value]));
}

/**
 * Every gateway response type of an API as it is in effect: the user's put ones, and AWS's
 * default (or the inherited DEFAULT_4XX/DEFAULT_5XX customisation) for every other type, in
 * GetGatewayResponses order. Deployments freeze this list into their snapshot.
 *
 * These are the documents the control plane reports. Note for the data plane: AWS's control plane
 * reports INTEGRATION_FAILURE's default status as 504 while invocations answer 500 when the user
 * has not set one (observed by LocalStack against AWS).
 */
export async function effectiveGatewayResponses(tx: StoreTx, restApiId: string): Promise<S_GatewayResponse[]> {
  const put = await putResponses(tx, restApiId);
  return GATEWAY_RESPONSE_TYPES.map((type) => effectiveResponse(type, put));
}

async function getGatewayResponse(input: S_GetGatewayResponseRequest, ctx: RequestContext): Promise<S_GatewayResponse> {
  await requireRestApi(ctx, input.restApiId);
  return effectiveResponse(input.responseType, await putResponses(ctx.tx, input.restApiId));
}

async function getGatewayResponses(input: S_GetGatewayResponsesRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  return paginate(await effectiveGatewayResponses(ctx.tx, input.restApiId), input.position, input.limit);
}

/**
 * PutGatewayResponse replaces the whole customisation. Members left out fall back to the
 * defaults: no templates means the default JSON template, no status code means the type's own
 * (recorded: put-gateway-response-status-only / -response-parameters-only).
 */
async function putGatewayResponse(input: S_PutGatewayResponseRequest, ctx: RequestContext): Promise<S_GatewayResponse> {
  await requireRestApi(ctx, input.restApiId);
  for (const [name, source] of Object.entries(input.responseParameters ?? {})) checkParameter(name, source);
  const templates = input.responseTemplates ?? {};
  const doc: S_GatewayResponse = {
    defaultResponse: false,
    responseParameters: { ...(input.responseParameters ?? {}) },
    responseTemplates: Object.keys(templates).length ? { ...templates } : { ...DEFAULT_RESPONSE_TEMPLATES },
    responseType: input.responseType,
    statusCode: input.statusCode,
  };
  await ctx.tx.put(KIND.gatewayResponse, apiKey(input.restApiId, input.responseType), doc);
  return effectiveResponse(input.responseType, new Map([[input.responseType, doc]]));
}

/** A status code as GatewayResponse accepts it (the model's StatusCode pattern). */
const STATUS_CODE = /^[1-5]\d\d$/;

/**
 * A map entry of responseParameters / responseTemplates. AWS refuses a null or empty value
 * ("Invalid null or empty value in responseTemplates") and a replace/remove of a key that is
 * not there (recorded: update-gateway-replace-invalid-parameter).
 */
function mapRule(field: 'responseParameters' | 'responseTemplates', missing: string): PatchRule<S_GatewayResponse> {
  return {
    path: `/${field}/{key+}`,
    ops: ['add', 'replace', 'remove'],
    apply(doc, c: PatchContext) {
      const map = (doc[field] ??= {});
      const key = c.params.key;
      if (c.op !== 'remove' && !c.value) throw badRequest(`Invalid null or empty value in ${field}`);
      if (c.op !== 'add' && !(key in map)) throw notFound(missing);
      if (field === 'responseParameters' && c.op !== 'remove') checkParameter(key, c.value!);
      if (c.op === 'remove') delete map[key];
      else map[key] = c.value!;
    },
  };
}

const RULES: PatchRule<S_GatewayResponse>[] = [
  {
    path: '/statusCode',
    ops: ['replace'],
    apply(doc, c) {
      // "Resetting this status code to null reverts ..." (supported-gateway-response-types.md).
      if (!c.value) {
        delete doc.statusCode;
        return;
      }
      if (!STATUS_CODE.test(c.value)) throw badRequest(`Invalid status code '${c.value}': it must be a 3-digit HTTP status code from 100 to 599`);
      doc.statusCode = c.value;
    },
  },
  mapRule('responseParameters', 'Invalid parameter name specified'),
  mapRule('responseTemplates', 'Content-Type specified was not found'),
];

/**
 * UpdateGatewayResponse customises the response in effect: a type not put yet starts from what
 * GetGatewayResponse shows and becomes a put one (recorded: update-gateway-response-not-set).
 */
async function updateGatewayResponse(input: S_UpdateGatewayResponseRequest, ctx: RequestContext): Promise<S_GatewayResponse> {
  await requireRestApi(ctx, input.restApiId);
  const put = await putResponses(ctx.tx, input.restApiId);
  const type = input.responseType as GatewayResponseType;
  const current = put.get(type) ?? effectiveResponse(type, put);
  // Nothing to apply: answer what is in effect, without turning a default into a customisation.
  if (!input.patchOperations?.length) return effectiveResponse(type, put);
  const updated = applyPatch({ ...current, defaultResponse: false }, input.patchOperations, RULES, {
    invalidPath: (_op, path) => badRequest(`Invalid patch path ${path}`),
  });
  await ctx.tx.put(KIND.gatewayResponse, apiKey(input.restApiId, type), updated);
  put.set(type, updated);
  return effectiveResponse(type, put);
}

async function deleteGatewayResponse(input: S_DeleteGatewayResponseRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  const deleted = await ctx.tx.delete(KIND.gatewayResponse, apiKey(input.restApiId, input.responseType));
  if (!deleted) throw notFound('Gateway response type not defined on api');
}

export const handlers: Handlers = {
  GetGatewayResponse: getGatewayResponse,
  GetGatewayResponses: getGatewayResponses,
  PutGatewayResponse: putGatewayResponse,
  UpdateGatewayResponse: updateGatewayResponse,
  DeleteGatewayResponse: deleteGatewayResponse,
};
