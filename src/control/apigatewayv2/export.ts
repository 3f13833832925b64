/**
 * ExportApi: an HTTP API as an OpenAPI 3.0 definition (Specification OAS30, OutputType JSON or
 * YAML, ExportVersion 1.0). With a StageName, what that stage serves (its deployment's snapshot);
 * without one, "the latest configuration of your API, whether it has been deployed to a stage or
 * not". Extensions are included unless IncludeExtensions is false. The writer is openapi/write.ts.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-exports-specification.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-export.html
 */
import { badRequest } from '../../aws/errors.js';
import type { S_ExportApiRequest } from '../../aws/generated/apigatewayv2.js';
import type { DeploymentSnapshot } from '../../definitions/apigatewayv2.js';
import { renderDocument } from '../apigateway/openapi-export/index.js';
import type { Handlers, RequestContext } from '../types.js';
import { buildSnapshot } from './deploy.js';
import { exportDocument } from './openapi/index.js';
import { KIND, childKey, requireApi } from './records.js';
import { requireStage } from './stages.js';

const OUTPUT_TYPES = ['JSON', 'YAML'];

/** AWS's default info.version when the API has none: the date, as `yyyy-MM-dd HH:mm:ss'UTC'`. */
const dateVersion = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}UTC`;

async function exportApi(input: S_ExportApiRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  if (input.Specification !== 'OAS30') throw badRequest(`Invalid specification: ${input.Specification}. The only supported specification is OAS30`);
  if (!OUTPUT_TYPES.includes(input.OutputType)) throw badRequest(`Invalid output type: ${input.OutputType}. Supported output types are JSON and YAML`);
  if (input.ExportVersion !== undefined && input.ExportVersion !== '1.0') throw badRequest(`Invalid export version: ${input.ExportVersion}. The only supported export version is 1.0`);
  if (api.ProtocolType !== 'HTTP') throw badRequest('Export is supported only for HTTP APIs');
  let snapshot: DeploymentSnapshot;
  if (input.StageName !== undefined) {
    const stage = await requireStage(ctx, api.ApiId, input.StageName);
    const deployed = stage.DeploymentId ? await ctx.tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, childKey(api.ApiId, stage.DeploymentId)) : undefined;
    if (!deployed) throw badRequest(`Stage ${input.StageName} has no deployment to export`);
    snapshot = deployed;
  } else {
    snapshot = await buildSnapshot(ctx, api, 'latest', ctx.now.toISOString());
  }
  const document = exportDocument({
    snapshot,
    description: api.Description,
    version: api.Version ?? dateVersion(api.CreatedDate),
    tags: api.Tags ?? {},
    stageName: input.StageName,
    region: ctx.scope.region,
    includeExtensions: input.IncludeExtensions ?? true,
  });
  const format = input.OutputType === 'YAML' ? 'yaml' : 'json';
  const text = renderDocument(document, { format, extension: format });
  return { body: Buffer.from(text, 'utf8') };
}

export const handlers: Handlers = {
  ExportApi: exportApi,
};
