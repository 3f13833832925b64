/**
 * A deployed stage as a Swagger 2.0 document, shaped as AWS writes it (recorded:
 * test_export_swagger_openapi in test_apigateway_extended.snapshot.json; the guide's exported
 * samples, e.g. api-as-lambda-proxy-export-swagger-with-extensions).
 *
 * - host `{apiId}.execute-api.{region}.amazonaws.com`, basePath `/{stage}`, schemes [https].
 * - `consumes`: the content types of the request models and the integration's request templates;
 *   `produces`: those of the response models and the integration responses' templates (recorded:
 *   the root GET whose only hint is a text/html response template produces text/html).
 * - parameters `{name, in, required, type: string}`; the request model as one `body` parameter
 *   named after the model; responses `{description: "200 response", schema, headers}`.
 */
import type { S_Method } from '../../../aws/generated/apigateway.js';
import { compact, executeApiHost, nonEmpty, type ExportContext } from './context.js';
import { apiExtensions, endpointConfiguration, operationExtensions } from './extensions.js';
import { exportModels, knownModels, preferredModel, schemaRef } from './models.js';
import { exportedPaths, methodParameters, responseHeaders, type ExportedOperation } from './paths.js';
import { methodSecurity, securitySchemes } from './security.js';

const PREFIX = '#/definitions/';

function contentTypes(method: S_Method): { consumes?: string[]; produces?: string[] } {
  const consumes = new Set([...Object.keys(method.requestModels ?? {}), ...Object.keys(method.methodIntegration?.requestTemplates ?? {})]);
  const produces = new Set<string>();
  for (const r of Object.values(method.methodResponses ?? {})) Object.keys(r.responseModels ?? {}).forEach((ct) => produces.add(ct));
  for (const r of Object.values(method.methodIntegration?.integrationResponses ?? {})) Object.keys(r.responseTemplates ?? {}).forEach((ct) => produces.add(ct));
  return { consumes: consumes.size ? [...consumes] : undefined, produces: produces.size ? [...produces] : undefined };
}

function operation(op: ExportedOperation, ctx: ExportContext): Record<string, unknown> {
  const { method } = op;
  const { docs } = ctx;
  const parameters: Record<string, unknown>[] = methodParameters(op).map((p) => ({
    name: p.name,
    in: p.in,
    ...docs.parameter(op.path, op.httpMethod, p.in, p.name),
    required: p.required,
    type: 'string',
  }));
  const body = preferredModel(knownModels(method.requestModels, ctx.snapshot));
  if (body) parameters.push({ in: 'body', name: body.name, ...docs.requestBody(op.path, op.httpMethod), required: true, schema: schemaRef(PREFIX, body.name) });
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(method.methodResponses ?? {})) {
    const model = preferredModel(knownModels(r.responseModels, ctx.snapshot));
    const headers = responseHeaders(r.responseParameters);
    responses[status] = compact({
      description: `${status} response`,
      ...docs.response(op.path, op.httpMethod, status),
      schema: model ? schemaRef(PREFIX, model.name) : undefined,
      headers: headers.length ? Object.fromEntries(headers.map((h) => [h, { type: 'string', ...docs.responseHeader(op.path, op.httpMethod, status, h) }])) : undefined,
    });
  }
  return compact({
    ...ctx.docs.operation(op.path, op.httpMethod),
    operationId: method.operationName,
    ...contentTypes(method),
    parameters: parameters.length ? parameters : undefined,
    responses,
    security: methodSecurity(method, ctx.snapshot),
    ...operationExtensions(method, ctx.snapshot, ctx.options.integrations, ctx.options.settings),
  });
}

export function swaggerDocument(ctx: ExportContext): Record<string, unknown> {
  const { snapshot, options } = ctx;
  const paths: Record<string, unknown> = {};
  for (const p of exportedPaths(snapshot)) {
    paths[p.path] = { ...Object.fromEntries(p.operations.map((op) => [op.key, operation(op, ctx)])), ...ctx.docs.resource(p.path) };
  }
  return compact({
    swagger: '2.0',
    info: compact({ description: snapshot.api.description, ...ctx.docs.info(), version: ctx.version, title: snapshot.api.name }),
    host: executeApiHost(ctx),
    basePath: `/${ctx.stageName}`,
    schemes: ['https'],
    paths,
    securityDefinitions: nonEmpty(securitySchemes(snapshot, options.authorizers, ctx.docs)),
    definitions: nonEmpty(exportModels(snapshot, PREFIX, ctx.docs)),
    ...(options.settings ? apiExtensions(snapshot) : {}),
    'x-amazon-apigateway-endpoint-configuration': options.settings ? endpointConfiguration(snapshot) : undefined,
    'x-amazon-apigateway-documentation': ctx.documentation,
    ...ctx.docs.root(),
  });
}
