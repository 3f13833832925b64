/**
 * GetExport: a stage's deployed snapshot as OpenAPI 3 (`oas30`) or Swagger 2 (`swagger`), JSON or
 * YAML, with the API Gateway extensions asked for. The converters live in openapi-export/.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
 *
 * The body is a blob with `Content-Disposition: attachment; filename="{type}_{version}.{ext}"`
 * (recorded: `swagger_1.0.0.json` for an API whose version is 1.0.0, `oas30_<date>.json`
 * otherwise). An export type AWS does not have is refused as AWS words it: "No API exporter for
 * type '{type}'" (not in the recorded snapshots; the wording other emulators reproduce).
 * A stage with a documentation version exports it unless other extensions alone are asked for.
 */
import { badRequest } from '../../aws/errors.js';
import type { S_ExportResponse, S_GetExportRequest } from '../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../definitions/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import {
  documentationExtension,
  EXPORT_CONTENT_TYPE,
  EXPORT_TYPES,
  exportDate,
  exportDocument,
  ExportDocumentation,
  exportFormat,
  parseExtensions,
  renderDocument,
  type DocumentationVersion,
  type ExportType,
} from './openapi-export/index.js';
import { apiKey, KIND, requireDoc, requireRestApi } from './records.js';
import { requireStage } from './stage-record.js';

async function getExport(input: S_GetExportRequest, ctx: RequestContext): Promise<S_ExportResponse> {
  const api = await requireRestApi(ctx, input.restApiId);
  const stage = await requireStage(ctx.tx, input.restApiId, input.stageName);
  if (!EXPORT_TYPES.includes(input.exportType as ExportType)) throw badRequest(`No API exporter for type '${input.exportType}'`);
  const type = input.exportType as ExportType;
  const options = parseExtensions(input.parameters?.extensions);
  const format = exportFormat(input.accepts);
  const snapshot = await requireDoc<DeploymentSnapshot>(
    ctx.tx,
    KIND.deploymentSnapshot,
    apiKey(input.restApiId, stage.deploymentId),
    'Invalid Deployment identifier specified',
  );
  // The version deployed (older snapshots did not keep it: the API's current one stands in).
  const version = ('version' in snapshot.api ? snapshot.api.version : api.version) || exportDate(snapshot.createdDate);
  // The stage's published documentation (documentation-versions.ts keeps each version's parts).
  const published =
    options.documentation && stage.documentationVersion
      ? await ctx.tx.get<DocumentationVersion>(KIND.documentationVersion, apiKey(input.restApiId, stage.documentationVersion))
      : undefined;
  const document = exportDocument(type, {
    snapshot,
    stageName: input.stageName,
    region: ctx.scope.region,
    version,
    options,
    docs: new ExportDocumentation(published),
    documentation: published ? documentationExtension(published) : undefined,
  });
  return {
    contentType: EXPORT_CONTENT_TYPE,
    contentDisposition: `attachment; filename="${type}_${version}.${format.extension}"`,
    body: Buffer.from(renderDocument(document, format), 'utf8'),
  };
}

export const handlers: Handlers = {
  GetExport: getExport,
};
