/**
 * ImportApi and ReimportApi: an HTTP API from an OpenAPI 3.0 definition (JSON or YAML) with API
 * Gateway's x-amazon-apigateway-* extensions; ReimportApi replaces an API's routes, integrations
 * and authorizers with the definition's (its stages and deployments stay; autoDeploy stages
 * deploy the result). The reader is openapi/read.ts, the writer openapi/apply.ts.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#ImportApi
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#ReimportApi
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 *
 * A body that is neither JSON nor YAML, or not an OpenAPI document, is refused as the REST import
 * refuses it ("Invalid OpenAPI input.", recorded for ImportRestApi; no HTTP API recording).
 * Swagger 2.0 is an error: "HTTP APIs support only the OpenAPI 3.0 specification". AWS variables
 * (${AWS::Region}...) are resolved as for REST APIs.
 */
import { parseDocument } from 'yaml';
import { AwsError, badRequest } from '../../aws/errors.js';
import type { S_CreateApiRequest, S_ImportApiRequest, S_ReimportApiRequest } from '../../aws/generated/apigatewayv2.js';
import type { ApiRecord } from '../../definitions/apigatewayv2.js';
import { INVALID_INPUT, parseDefinition } from '../apigateway/openapi-import/parse.js';
import type { Handlers, RequestContext } from '../types.js';
import { checkCors } from './api-rules.js';
import { handlers as apiHandlers } from './apis.js';
import { afterApiChange } from './deploy.js';
import { applyPlan, importErrors, readDefinition, type BasePathMode, type ImportPlan } from './openapi/index.js';
import { KIND, apiOutput, compact, requireApi } from './records.js';
import { checkTags } from './tags.js';

const BASE_PATH_MODES = ['ignore', 'prepend', 'split'];

/**
 * JSON, or YAML without a syntax error. (The shared reader parses YAML with its errors silenced, so
 * it would take `a: b: c` or an unclosed `{`; a definition with a syntax error is refused here.)
 */
function wellFormed(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return parseDocument(text, { prettyErrors: false }).errors.length === 0;
  }
}

function readPlan(body: string | undefined, basepath: string | undefined, ctx: RequestContext): ImportPlan {
  const mode = (basepath ?? 'ignore').toLowerCase();
  if (!BASE_PATH_MODES.includes(mode)) throw badRequest(`Invalid value for parameter basepath: '${basepath}'. Valid values are ignore, prepend, split`);
  if (!wellFormed(body ?? '')) throw badRequest(INVALID_INPUT);
  const doc = parseDefinition(body, ctx.scope);
  if (doc.version !== 'oas3') throw importErrors(['Unsupported specification: Swagger 2.0. HTTP APIs support only the OpenAPI 3.0 specification']);
  const plan = readDefinition(doc.root, mode as BasePathMode);
  if (plan.errors.length) throw importErrors(plan.errors);
  return plan;
}

const answer = (ctx: RequestContext, api: ApiRecord, plan: ImportPlan) => ({ ...apiOutput(ctx, api), ...(plan.warnings.length ? { Warnings: plan.warnings } : {}) });

/** A refusal of the API's own settings, as an import error. */
async function asImportError<T>(verb: 'create' | 'update', run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AwsError && err.status < 500) throw importErrors([`Unable to ${verb} the API: ${err.message}`]);
    throw err;
  }
}

async function importApi(input: S_ImportApiRequest, ctx: RequestContext) {
  const plan = readPlan(input.Body, input.Basepath, ctx);
  const create: S_CreateApiRequest = compact({ ...plan.api, Name: plan.api.Name!, ProtocolType: 'HTTP' });
  const created = (await asImportError('create', () => apiHandlers.CreateApi!(create, ctx))) as ApiRecord;
  const api = await requireApi(ctx, created.ApiId);
  await applyPlan(ctx, api, plan, input.FailOnWarnings ?? false);
  return answer(ctx, api, plan);
}

async function reimportApi(input: S_ReimportApiRequest, ctx: RequestContext) {
  const plan = readPlan(input.Body, input.Basepath, ctx);
  const current = await requireApi(ctx, input.ApiId);
  if (current.ProtocolType !== 'HTTP') throw badRequest('ReimportApi is supported only for HTTP APIs');
  const settings = plan.api;
  await asImportError('update', () => {
    checkCors('HTTP', settings.CorsConfiguration);
    checkTags({ ...(current.Tags ?? {}), ...settings.Tags });
  });
  // The definition replaces the API's own settings and everything routes are made of.
  const { CorsConfiguration: _cors, Description: _description, Version: _version, ...kept } = current;
  const api: ApiRecord = compact({
    ...kept,
    Name: settings.Name!,
    Description: settings.Description,
    Version: settings.Version,
    CorsConfiguration: settings.CorsConfiguration,
    DisableExecuteApiEndpoint: settings.DisableExecuteApiEndpoint ?? false,
    Tags: { ...(current.Tags ?? {}), ...settings.Tags },
  });
  for (const kind of [KIND.route, KIND.routeResponse, KIND.integration, KIND.integrationResponse, KIND.authorizer]) {
    await ctx.tx.deletePrefix(kind, `${api.ApiId}/`);
  }
  await ctx.tx.put(KIND.api, api.ApiId, api);
  await applyPlan(ctx, api, plan, input.FailOnWarnings ?? false);
  await afterApiChange(ctx, api.ApiId);
  return answer(ctx, api, plan);
}

export const handlers: Handlers = {
  ImportApi: importApi,
  ReimportApi: reimportApi,
};
