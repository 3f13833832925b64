/**
 * An operation becomes a Method (PutMethod) with its method responses (PutMethodResponse):
 *  - parameters (the path item's and the operation's, by `$ref` too) -> requestParameters
 *    method.request.{path|querystring|header}.{name}: required; every {name} of the path is a
 *    required path parameter even when not declared (recorded: swagger-mock-cors);
 *  - the request body (OpenAPI 3 requestBody, Swagger 2 `in: body` for each `consumes` type)
 *    -> requestModels;
 *  - responses with 3-digit codes (integers in YAML too) -> methodResponses: headers as
 *    method.response.header.{name}, content (or Swagger 2 schema for each `produces` type) as
 *    responseModels;
 *  - operationId -> operationName; security (or x-amazon-apigateway-auth) -> authorization;
 *    x-amazon-apigateway-request-validator -> requestValidatorId.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-auth.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/import-edge-optimized-api.html
 */
import type { S_PutMethodRequest, S_PutMethodResponseRequest } from '../../../aws/generated/apigateway.js';
import { handlers as methodHandlers } from '../methods.js';
import { handlers as methodResponseHandlers } from '../method-responses.js';
import type { ImportRun } from './context.js';
import { methodAuthorization } from './authorizers.js';
import { importIntegration, type MethodTarget } from './integrations.js';
import { deref, entries, obj, scalarText, str, type Json, type JsonObject } from './json.js';
import { modelFor } from './models.js';
import { methodValidatorId } from './validators.js';

const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };
const DEFAULT_MEDIA = ['application/json'];

export async function importOperation(run: ImportRun, operation: JsonObject, pathParameters: Json | undefined, target: MethodTarget): Promise<void> {
  const { path, httpMethod, resourceId } = target;
  const where = `'${httpMethod}' for resource at path '${path}'`;
  const parameters = mergedParameters(run, pathParameters, operation.parameters);
  const requestParameters: Record<string, boolean> = {};
  for (const name of path.match(/\{[^}]+\}/g) ?? []) requestParameters[`method.request.path.${name.slice(1, -1).replace(/\+$/, '')}`] = true;
  let bodySchema: Json | undefined;
  for (const p of parameters) {
    const location = str(p.in);
    const name = str(p.name);
    if (location === 'body') bodySchema = p.schema;
    else if (location && name && LOCATIONS[location]) requestParameters[`method.request.${LOCATIONS[location]}.${name}`] = location === 'path' || p.required === true;
  }
  const requestModels = await requestBodyModels(run, operation, bodySchema, where);
  const auth = methodAuthorization(run, operation.security, where);
  // x-amazon-apigateway-auth {type: AWS_IAM | NONE} sets the type directly (case-insensitive).
  const authExtension = operation['x-amazon-apigateway-auth'];
  if (authExtension !== undefined) {
    // Anything but a known type is refused by PutMethod's own check, with its message.
    auth.authorizationType = str(obj(authExtension).type)?.toUpperCase() ?? String(scalarText(obj(authExtension).type) ?? 'null');
    delete auth.authorizerId;
    delete auth.authorizationScopes;
  }
  const input: S_PutMethodRequest = {
    restApiId: run.restApiId,
    resourceId,
    httpMethod,
    authorizationType: auth.authorizationType,
    authorizerId: auth.authorizerId,
    apiKeyRequired: auth.apiKeyRequired,
    authorizationScopes: auth.authorizationScopes,
    operationName: scalarText(operation.operationId),
    requestParameters: Object.keys(requestParameters).length ? requestParameters : undefined,
    requestModels: Object.keys(requestModels).length ? requestModels : undefined,
    requestValidatorId: methodValidatorId(run, operation['x-amazon-apigateway-request-validator'], where),
  };
  const put = await run.attempt(`Unable to put method on ${where}`, () => methodHandlers.PutMethod!(input, run.ctx));
  if (!put) return;
  await importMethodResponses(run, operation, target, where);
  await importIntegration(run, operation, target);
}

/** The path item's parameters, overridden by the operation's of the same name and location. */
function mergedParameters(run: ImportRun, pathLevel: Json | undefined, operationLevel: Json | undefined): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const list of [pathLevel, operationLevel]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const p = deref(run.doc.root, raw);
      byKey.set(`${str(p.in)}:${str(p.name)}`, p);
    }
  }
  return [...byKey.values()];
}

async function requestBodyModels(run: ImportRun, operation: JsonObject, bodySchema: Json | undefined, where: string): Promise<Record<string, string>> {
  const models: Record<string, string> = {};
  if (run.doc.version === 'swagger2') {
    if (bodySchema === undefined) return models;
    const name = await modelFor(run, bodySchema, `the request body of ${where}`);
    if (name) for (const type of mediaTypes(operation.consumes, run.doc.root.consumes)) models[type] = name;
    return models;
  }
  const body = deref(run.doc.root, operation.requestBody);
  for (const [type, media] of entries(body.content)) {
    const name = await modelFor(run, obj(media).schema, `the request body of ${where}`);
    if (name) models[type] = name;
  }
  return models;
}

async function importMethodResponses(run: ImportRun, operation: JsonObject, target: MethodTarget, where: string): Promise<void> {
  for (const [statusCode, value] of entries(operation.responses)) {
    if (!/^[1-5]\d\d$/.test(statusCode)) continue; // "default" and ranges are not method responses
    const response = deref(run.doc.root, value);
    const responseParameters: Record<string, boolean> = {};
    for (const [header, def] of entries(response.headers)) responseParameters[`method.response.header.${header}`] = obj(deref(run.doc.root, def)).required === true;
    const responseModels: Record<string, string> = {};
    const modelWhere = `the ${statusCode} response of ${where}`;
    if (run.doc.version === 'swagger2') {
      const name = response.schema === undefined ? undefined : await modelFor(run, response.schema, modelWhere);
      if (name) for (const type of mediaTypes(operation.produces, run.doc.root.produces)) responseModels[type] = name;
    } else {
      for (const [type, media] of entries(response.content)) {
        const name = await modelFor(run, obj(media).schema, modelWhere);
        if (name) responseModels[type] = name;
      }
    }
    const input: S_PutMethodResponseRequest = {
      restApiId: run.restApiId,
      resourceId: target.resourceId,
      httpMethod: target.httpMethod,
      statusCode,
      responseParameters: Object.keys(responseParameters).length ? responseParameters : undefined,
      responseModels: Object.keys(responseModels).length ? responseModels : undefined,
    };
    await run.attempt(`Unable to put method response '${statusCode}' on ${where}`, () => methodResponseHandlers.PutMethodResponse!(input, run.ctx));
  }
}

function mediaTypes(operationLevel: Json | undefined, definitionLevel: Json | undefined): string[] {
  for (const list of [operationLevel, definitionLevel]) {
    if (Array.isArray(list)) {
      const types = list.filter((t): t is string => typeof t === 'string');
      if (types.length) return types;
    }
  }
  return DEFAULT_MEDIA;
}


