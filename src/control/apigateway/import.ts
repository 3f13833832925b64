/**
 * ImportRestApi and PutRestApi: a REST API from an OpenAPI 3.0 or Swagger 2.0 definition (JSON or
 * YAML) with API Gateway's x-amazon-apigateway-* extensions. The converter is openapi-import/.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html
 *
 * Parameters (the `parameters` query map): basepath=ignore|prepend|split, ignore=documentation,
 * endpointConfigurationTypes=EDGE|REGIONAL|PRIVATE (import only: "You can import API definitions
 * only to update an existing API, without changing its endpoint configuration"). The body is
 * parsed before the API is looked up (recorded: a bad file put to an unknown API answers "Invalid
 * OpenAPI input."). Answers carry the import's `warnings`; with failonwarnings=true any warning
 * refuses the import.
 */
import { AwsError, badRequest } from '../../aws/errors.js';
import type { S_CreateRestApiRequest, S_EndpointType, S_ImportRestApiRequest, S_PutRestApiRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyDefinition, ImportRun, importError, parseDefinition, readApiSettings, type ApiSettings, type ImportOptions } from './openapi-import/index.js';
import { apiPrefix, KIND, requireRestApi } from './records.js';
import { ENDPOINT_TYPES, type RestApiDoc } from './restapi-patch.js';
import { normalisePolicy } from './restapi-policy.js';
import { handlers as restApiHandlers } from './restapis.js';

const BASE_PATH_MODES = ['ignore', 'prepend', 'split'];

function readOptions(parameters: Record<string, string> | undefined, failOnWarnings: boolean | undefined, mode: ImportOptions['mode']): ImportOptions {
  const p = parameters ?? {};
  // The documented name is `basepath`; `basePath` (the OpenAPI spelling) is read the same.
  const given = p.basepath ?? p.basePath;
  const basePath = (given ?? 'ignore').toLowerCase();
  if (!BASE_PATH_MODES.includes(basePath)) throw badRequest(`Invalid value for parameter basepath: '${given}'. Valid values are ignore, prepend, split`);
  const ignore = (p.ignore ?? '').split(',').map((s) => s.trim().toLowerCase());
  return { mode, basePath: basePath as ImportOptions['basePath'], ignoreDocumentation: ignore.includes('documentation'), failOnWarnings: failOnWarnings ?? false };
}

function endpointTypes(parameters: Record<string, string> | undefined): S_EndpointType[] {
  const raw = parameters?.endpointConfigurationTypes;
  if (raw === undefined) return ['EDGE'];
  const types = raw.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
  for (const t of types) {
    if (!ENDPOINT_TYPES.includes(t)) throw badRequest(`Invalid endpoint configuration type '${t}'. Valid values are ${ENDPOINT_TYPES.join(', ')}`);
  }
  return types as S_EndpointType[];
}

const answer = (api: RestApiDoc, warnings: string[]) => (warnings.length ? { ...api, warnings } : api);

async function importRestApi(input: S_ImportRestApiRequest, ctx: RequestContext) {
  const doc = parseDefinition(input.body, ctx.scope);
  const options = readOptions(input.parameters, input.failOnWarnings, 'import');
  const settings = readApiSettings(doc);
  if (!settings.name || settings.name.trim() === '') throw importError('Unable to create the REST API: the definition has no info.title, the name of the API');
  const create: S_CreateRestApiRequest = {
    name: settings.name,
    description: settings.description || undefined,
    version: settings.version,
    binaryMediaTypes: settings.binaryMediaTypes,
    apiKeySource: settings.apiKeySource,
    minimumCompressionSize: settings.minimumCompressionSize,
    policy: settings.policy,
    disableExecuteApiEndpoint: settings.disableExecuteApiEndpoint,
    endpointConfiguration: { types: endpointTypes(input.parameters), vpcEndpointIds: settings.vpcEndpointIds },
  };
  let api: RestApiDoc;
  try {
    api = (await restApiHandlers.CreateRestApi!(create, ctx)) as RestApiDoc;
  } catch (err) {
    if (err instanceof AwsError && err.status === 400) throw importError(`Unable to create the REST API: ${err.message}`);
    throw err;
  }
  // An imported API has the definition's models only, not the Empty and Error every new API gets.
  await ctx.tx.deletePrefix(KIND.model, apiPrefix(api.id));
  const run = new ImportRun(ctx, doc, api.id, options);
  await applyDefinition(run);
  return answer(api, run.warnings);
}

/** The API's own settings after a put: merge keeps what the definition leaves out, overwrite does not. */
function updatedApi(api: RestApiDoc, s: ApiSettings, mode: 'merge' | 'overwrite', ctx: RequestContext): RestApiDoc {
  const next: RestApiDoc = { ...api, name: s.name || api.name };
  const set = <K extends keyof RestApiDoc>(key: K, value: RestApiDoc[K] | undefined) => {
    if (value !== undefined) next[key] = value;
    else if (mode === 'overwrite') delete next[key];
  };
  set('description', s.description || undefined);
  set('version', s.version);
  set('minimumCompressionSize', s.minimumCompressionSize);
  set('policy', s.policy === undefined ? undefined : normalisePolicy(s.policy, { account: ctx.scope.account, region: ctx.scope.region, apiId: api.id }));
  next.apiKeySource = s.apiKeySource ?? (mode === 'overwrite' ? 'HEADER' : api.apiKeySource);
  next.disableExecuteApiEndpoint = s.disableExecuteApiEndpoint ?? (mode === 'overwrite' ? false : api.disableExecuteApiEndpoint);
  // Recorded (test_put_rest_api_mode_binary_media_types): merge adds the definition's types to the API's, overwrite replaces them.
  const media = mode === 'merge' ? [...new Set([...(api.binaryMediaTypes ?? []), ...(s.binaryMediaTypes ?? [])])] : (s.binaryMediaTypes ?? []);
  if (media.length) next.binaryMediaTypes = media;
  else delete next.binaryMediaTypes;
  return next;
}

async function putRestApi(input: S_PutRestApiRequest, ctx: RequestContext) {
  const doc = parseDefinition(input.body, ctx.scope);
  const api: RestApiDoc = await requireRestApi(ctx, input.restApiId);
  const mode = input.mode === 'overwrite' ? 'overwrite' : 'merge';
  const options = readOptions(input.parameters, input.failOnWarnings, mode);
  let updated: RestApiDoc;
  try {
    updated = updatedApi(api, readApiSettings(doc), mode, ctx);
  } catch (err) {
    if (err instanceof AwsError && err.status === 400 && !err.message.startsWith('Errors found')) throw importError(err.message);
    throw err;
  }
  await ctx.tx.put(KIND.restApi, updated.id, updated);
  const run = new ImportRun(ctx, doc, api.id, options);
  await applyDefinition(run);
  return answer({ ...updated, tags: updated.tags ?? {} }, run.warnings);
}

export const handlers: Handlers = {
  ImportRestApi: importRestApi,
  PutRestApi: putRestApi,
};
