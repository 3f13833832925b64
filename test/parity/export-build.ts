/**
 * Builds a REST API from a Swagger 2 document with the SDK calls an import makes (CreateRestApi,
 * CreateModel, CreateResource, PutMethod, PutMethodResponse, PutIntegration,
 * PutIntegrationResponse), for the export parity tests while ImportRestApi is being built. It
 * covers what the recorded inputs (petstore-swagger.json, pets.json) use, nothing more.
 */
import {
  CreateModelCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateModelCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const refName = (ref: string) => ref.replace('#/definitions/', '');

function modelSchema(schema: unknown, restApiId: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => modelSchema(s, restApiId));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${refName(v)}` : modelSchema(v, restApiId),
    ]),
  );
}

const refsOf = (schema: unknown): string[] => [...JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1]);

export async function buildFromSwagger(client: APIGatewayClient, doc: Json): Promise<{ restApiId: string; created: Json }> {
  const created = await client.send(
    new CreateRestApiCommand({
      name: doc.info.title,
      description: doc.info.description,
      version: doc.info.version,
      binaryMediaTypes: doc['x-amazon-apigateway-binary-media-types'],
    }),
  );
  const restApiId = created.id!;

  // Models, each after the models it points at (CreateModel refuses a reference to a missing model).
  const definitions: Json = doc.definitions ?? {};
  const done = new Set<string>();
  const createModel = async (name: string): Promise<void> => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of refsOf(definitions[name])) await createModel(dep);
    const schema = JSON.stringify(modelSchema(definitions[name], restApiId));
    if (name === 'Empty') {
      // CreateRestApi made a default Empty model; the document's definition replaces its schema.
      await client.send(new UpdateModelCommand({ restApiId, modelName: name, patchOperations: [{ op: 'replace', path: '/schema', value: schema }] }));
    } else {
      await client.send(new CreateModelCommand({ restApiId, name, contentType: 'application/json', schema }));
    }
  };
  for (const name of Object.keys(definitions)) await createModel(name);

  const resources = new Map<string, string>([['/', created.rootResourceId!]]);
  const resourceId = async (path: string): Promise<string> => {
    const known = resources.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parentId = await resourceId(cut === 0 ? '/' : path.slice(0, cut));
    const r = await client.send(new CreateResourceCommand({ restApiId, parentId, pathPart: path.slice(cut + 1) }));
    resources.set(path, r.id!);
    return r.id!;
  };

  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    const id = await resourceId(path);
    for (const [verb, op] of Object.entries<Json>(item)) {
      const httpMethod = verb.toUpperCase();
      const requestParameters: Record<string, boolean> = {};
      const requestModels: Record<string, string> = {};
      for (const p of op.parameters ?? []) {
        if (p.in === 'body') requestModels[op.consumes?.[0] ?? 'application/json'] = refName(p.schema.$ref);
        else requestParameters[`method.request.${p.in === 'query' ? 'querystring' : p.in}.${p.name}`] = Boolean(p.required);
      }
      const ids = { restApiId, resourceId: id, httpMethod };
      await client.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE', operationName: op.operationId, requestParameters, requestModels }));
      for (const [statusCode, r] of Object.entries<Json>(op.responses ?? {})) {
        await client.send(
          new PutMethodResponseCommand({
            ...ids,
            statusCode,
            responseParameters: Object.fromEntries(Object.keys(r.headers ?? {}).map((h) => [`method.response.header.${h}`, false])),
            responseModels: r.schema ? { [op.produces?.[0] ?? 'application/json']: refName(r.schema.$ref) } : undefined,
          }),
        );
      }
      const integration = op['x-amazon-apigateway-integration'];
      await client.send(
        new PutIntegrationCommand({
          ...ids,
          type: integration.type.toUpperCase(),
          integrationHttpMethod: integration.httpMethod,
          uri: integration.uri,
          requestParameters: integration.requestParameters,
          requestTemplates: integration.requestTemplates,
          passthroughBehavior: integration.passthroughBehavior?.toUpperCase(),
        }),
      );
      for (const [pattern, r] of Object.entries<Json>(integration.responses ?? {})) {
        await client.send(
          new PutIntegrationResponseCommand({
            ...ids,
            statusCode: r.statusCode,
            selectionPattern: pattern === 'default' ? undefined : pattern,
            responseParameters: r.responseParameters,
            responseTemplates: r.responseTemplates,
          }),
        );
      }
    }
  }
  return { restApiId, created };
}
