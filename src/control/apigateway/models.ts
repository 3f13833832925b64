/**
 * Model: CreateModel, GetModel, GetModels, UpdateModel, DeleteModel, GetModelTemplate, and the two
 * models every new REST API comes with (Empty and Error).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 */
import { badRequest, conflict } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateModelRequest,
  S_DeleteModelRequest,
  S_GetModelRequest,
  S_GetModelsRequest,
  S_GetModelTemplateRequest,
  S_Model,
  S_UpdateModelRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { methodsWithPaths } from './method-references.js';
import { checkModelReferences, flattenSchema, modelReferences, parseModelSchema } from './model-schema.js';
import { modelTemplate } from './model-template.js';
import { applyPatch, defaultInvalidPath, type PatchRule } from './patch/index.js';
import { apiKey, KIND, listUnderApi, paginate, requireDoc, requireRestApi } from './records.js';

/**
 * The models API Gateway adds to every new REST API, byte for byte as AWS returns them (recorded:
 * get-models in test_model_lifecycle; the schema text as `aws apigateway get-models` prints it).
 */
const DEFAULT_MODELS: Omit<S_Model, 'id'>[] = [
  {
    name: 'Empty',
    description: 'This is a default empty schema model',
    contentType: 'application/json',
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  },
  {
    name: 'Error',
    description: 'This is a default error schema model',
    contentType: 'application/json',
    schema:
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n' +
      '  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  },
];

/** Adds the Empty and Error models to a REST API that was just created (CreateRestApi calls this). */
export async function createDefaultModels(ctx: RequestContext, restApiId: string): Promise<void> {
  for (const model of DEFAULT_MODELS) {
    await ctx.tx.put(KIND.model, apiKey(restApiId, model.name!), { id: shortId(6), ...model });
  }
}

const MODEL_NAME = /^[A-Za-z0-9]+$/;

function listModels(ctx: RequestContext, restApiId: string): Promise<S_Model[]> {
  return listUnderApi<S_Model>(ctx.tx, KIND.model, restApiId);
}

async function createModel(input: S_CreateModelRequest, ctx: RequestContext): Promise<S_Model> {
  await requireRestApi(ctx, input.restApiId);
  if (input.name === '') throw badRequest('Model name must be non-empty');
  // "Model names can only contain alphanumeric characters" (api-gateway-known-issues.md).
  if (!MODEL_NAME.test(input.name)) throw badRequest('Model name must be alphanumeric');
  // One listing answers both questions: is the name taken, and do the schema's references exist.
  const names = new Set((await listModels(ctx, input.restApiId)).map((m) => m.name));
  if (names.has(input.name)) throw conflict('Model name already exists for this REST API');
  const schema = parseModelSchema(input.schema);
  checkModelReferences(schema, input.restApiId, (name) => names.has(name) || name === input.name);
  const model: S_Model = {
    id: shortId(6),
    name: input.name,
    description: input.description || undefined, // an empty description is dropped (recorded: test_update_model create-model)
    schema: input.schema,
    contentType: input.contentType,
  };
  await ctx.tx.put(KIND.model, apiKey(input.restApiId, input.name), model);
  return model;
}

/** An unknown API reads as an unknown model here (recorded: get-model-wrong-id, update-model-wrong-id). */
function requireModel(ctx: RequestContext, restApiId: string, name: string): Promise<S_Model> {
  return requireDoc(ctx.tx, KIND.model, apiKey(restApiId, name), `Invalid model name specified: ${name}`);
}

/** The model's schema with every `$ref` to another model of the API expanded in place. */
async function flattened(ctx: RequestContext, restApiId: string, model: S_Model): Promise<Record<string, unknown>> {
  const schema = JSON.parse(model.schema ?? '{}') as Record<string, unknown>;
  if (!modelReferences(schema).length) return schema;
  const byName = new Map((await listModels(ctx, restApiId)).map((m) => [m.name!, m]));
  const lookup = (name: string) => {
    const text = byName.get(name)?.schema;
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };
  return flattenSchema(schema, lookup, [model.name!]);
}

async function getModel(input: S_GetModelRequest, ctx: RequestContext): Promise<S_Model> {
  const model = await requireModel(ctx, input.restApiId, input.modelName);
  if (!input.flatten) return model;
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(model.schema ?? '{}');
  } catch {
    return model; // not JSON: nothing to resolve
  }
  if (!modelReferences(schema).length) return model;
  return { ...model, schema: JSON.stringify(await flattened(ctx, input.restApiId, model), null, 2) };
}

async function getModels(input: S_GetModelsRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const models = (await listModels(ctx, input.restApiId)).sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0));
  return paginate(models, input.position, input.limit);
}

async function updateModel(input: S_UpdateModelRequest, ctx: RequestContext): Promise<S_Model> {
  const current = await requireModel(ctx, input.restApiId, input.modelName);
  const names = new Set((await listModels(ctx, input.restApiId)).map((m) => m.name));
  const rules: PatchRule<S_Model>[] = [
    {
      path: '/description',
      ops: ['replace'],
      apply(doc, c) {
        if (c.value) doc.description = c.value;
        else delete doc.description;
      },
    },
    {
      path: '/schema',
      ops: ['replace'],
      apply(doc, c) {
        checkModelReferences(parseModelSchema(c.value), input.restApiId, (name) => names.has(name));
        doc.schema = c.value;
      },
    },
    // Only replace is supported; AWS words any other op as an unsupported path (recorded: update-model-invalid-op).
    {
      path: '/{any+}',
      ops: ['add', 'remove', 'move', 'copy', 'test'],
      listed: false,
      apply(_doc, c) {
        throw defaultInvalidPath(c.op, c.path, []);
      },
    },
  ];
  const updated = applyPatch(current, input.patchOperations, rules);
  await ctx.tx.put(KIND.model, apiKey(input.restApiId, current.name!), updated);
  return updated;
}

/**
 * AWS refuses to delete a model a method still uses: "Cannot delete model 'X', is referenced in
 * method request: /test/ANY" (recorded; with several, the most recently created method is named).
 */
async function deleteModel(input: S_DeleteModelRequest, ctx: RequestContext): Promise<void> {
  const model = await requireModel(ctx, input.restApiId, input.modelName);
  const name = model.name!;
  const methods = await methodsWithPaths(ctx.tx, input.restApiId);
  const inRequest = methods.filter((m) => Object.values(m.method.requestModels ?? {}).includes(name));
  if (inRequest.length) {
    const m = inRequest[inRequest.length - 1];
    throw conflict(`Cannot delete model '${name}', is referenced in method request: ${m.path}/${m.httpMethod}`);
  }
  for (const m of [...methods].reverse()) {
    for (const [status, response] of Object.entries(m.method.methodResponses ?? {})) {
      if (Object.values(response.responseModels ?? {}).includes(name)) {
        throw conflict(`Cannot delete model '${name}', is referenced in method response: ${m.path}/${m.httpMethod}/${status}`);
      }
    }
  }
  for (const other of await listModels(ctx, input.restApiId)) {
    if (other.name === name) continue;
    let refs: { name: string }[] = [];
    try {
      refs = modelReferences(JSON.parse(other.schema ?? '{}'));
    } catch {
      continue; // not JSON: cannot point at a model
    }
    if (refs.some((r) => r.name === name)) throw conflict(`Cannot delete model '${name}', is referenced in model: ${other.name}`);
  }
  await ctx.tx.delete(KIND.model, apiKey(input.restApiId, name));
}

async function getModelTemplate(input: S_GetModelTemplateRequest, ctx: RequestContext) {
  const model = await requireModel(ctx, input.restApiId, input.modelName);
  let schema: Record<string, unknown>;
  try {
    schema = await flattened(ctx, input.restApiId, model);
  } catch {
    throw badRequest(`Model '${model.name}' has no JSON schema to generate a template from`);
  }
  return { value: modelTemplate(schema) };
}

export const handlers: Handlers = {
  CreateModel: createModel,
  GetModel: getModel,
  GetModels: getModels,
  UpdateModel: updateModel,
  DeleteModel: deleteModel,
  GetModelTemplate: getModelTemplate,
};
