/**
 * A deployed stage as an OpenAPI 3.0.1 document, shaped as AWS writes it (recorded:
 * test_export_oas30_openapi in test_apigateway_extended.snapshot.json).
 *
 * - servers: `https://{apiId}.execute-api.{region}.amazonaws.com/{basePath}` with the variable
 *   basePath defaulting to the stage name (recorded: `"default": "local"`, no leading slash),
 *   carrying x-amazon-apigateway-endpoint-configuration (the extension's page: "For OpenAPI 3.0,
 *   it should be present under the vendor extensions of the Server object").
 * - parameters `{name, in, required (only when true), schema: {type: string}}`; request models as
 *   `requestBody` (required); each response has `content` ({} when it has no model).
 * - `components` is always there ({} when the API uses no model and no security scheme).
 */
import { compact, executeApiHost, nonEmpty, type ExportContext } from './context.js';
import { apiExtensions, endpointConfiguration, operationExtensions } from './extensions.js';
import { exportModels, knownModels, schemaRef } from './models.js';
import { exportedPaths, methodParameters, responseHeaders, type ExportedOperation } from './paths.js';
import { methodSecurity, securitySchemes } from './security.js';

const PREFIX = '#/components/schemas/';

const content = (models: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(models ?? {}).map(([ct, name]) => [ct, { schema: schemaRef(PREFIX, name) }]));

function operation(op: ExportedOperation, ctx: ExportContext): Record<string, unknown> {
  const { method } = op;
  const { docs } = ctx;
  const parameters = methodParameters(op).map((p) =>
    compact({ name: p.name, in: p.in, ...docs.parameter(op.path, op.httpMethod, p.in, p.name), required: p.required ? true : undefined, schema: { type: 'string' } }),
  );
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(method.methodResponses ?? {})) {
    const headers = responseHeaders(r.responseParameters);
    responses[status] = compact({
      description: `${status} response`,
      ...docs.response(op.path, op.httpMethod, status),
      headers: headers.length
        ? Object.fromEntries(headers.map((h) => [h, { ...docs.responseHeader(op.path, op.httpMethod, status, h), schema: { type: 'string' } }]))
        : undefined,
      content: content(knownModels(r.responseModels, ctx.snapshot)),
    });
  }
  const requestModels = knownModels(method.requestModels, ctx.snapshot);
  return compact({
    ...ctx.docs.operation(op.path, op.httpMethod),
    operationId: method.operationName,
    parameters: parameters.length ? parameters : undefined,
    requestBody: requestModels ? { ...docs.requestBody(op.path, op.httpMethod), content: content(requestModels), required: true } : undefined,
    responses,
    security: methodSecurity(method, ctx.snapshot),
    ...operationExtensions(method, ctx.snapshot, ctx.options.integrations, ctx.options.settings),
  });
}

export function oas30Document(ctx: ExportContext): Record<string, unknown> {
  const { snapshot, options } = ctx;
  const paths: Record<string, unknown> = {};
  for (const p of exportedPaths(snapshot)) {
    paths[p.path] = { ...Object.fromEntries(p.operations.map((op) => [op.key, operation(op, ctx)])), ...ctx.docs.resource(p.path) };
  }
  const server = compact({
    url: `https://${executeApiHost(ctx)}/{basePath}`,
    variables: { basePath: { default: ctx.stageName } },
    'x-amazon-apigateway-endpoint-configuration': options.settings ? endpointConfiguration(snapshot) : undefined,
  });
  return compact({
    openapi: '3.0.1',
    info: compact({ title: snapshot.api.name, description: snapshot.api.description, ...ctx.docs.info(), version: ctx.version }),
    servers: [server],
    paths,
    components: compact({
      schemas: nonEmpty(exportModels(snapshot, PREFIX, ctx.docs)),
      securitySchemes: nonEmpty(securitySchemes(snapshot, options.authorizers, ctx.docs)),
    }),
    ...(options.settings ? apiExtensions(snapshot) : {}),
    'x-amazon-apigateway-documentation': ctx.documentation,
    ...ctx.docs.root(),
  });
}
