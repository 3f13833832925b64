/**
 * What a GetExport request asks for: the `extensions` parameter and the `Accept` header.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
 *
 * `extensions` is a comma-separated list ("integrations,authorizers,documentation"):
 *  - `integrations`: each operation's x-amazon-apigateway-integration, with the API's other
 *    API Gateway settings (validators, gateway responses, binary media types...);
 *  - `apigateway`: the same, plus the authorizer definitions (the guide's note: export with
 *    `apigateway` to keep x-amazon-apigateway-request-validator);
 *  - `authorizers`: x-amazon-apigateway-authorizer on the security schemes;
 *  - `documentation`: the stage's documentation version; on by default when no extensions are
 *    given ("By default, documentation parts are included, but integrations and authorizers are
 *    excluded" - api-gateway-documenting-api-quick-start-publishing);
 *  - `postman`: Postman's extensions, which Gatehouse does not write (NotImplemented, said so).
 */
import { AwsError } from '../../../aws/errors.js';

export type ExportType = 'oas30' | 'swagger';

export interface ExportOptions {
  /** x-amazon-apigateway-integration on every operation. */
  integrations: boolean;
  /** The API- and method-level API Gateway settings (x-amazon-apigateway-request-validator(s), ...). */
  settings: boolean;
  /** x-amazon-apigateway-authorizer on the security schemes. */
  authorizers: boolean;
  documentation: boolean;
}

export function parseExtensions(value: string | undefined): ExportOptions {
  const names = new Set(
    (value ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  if (names.has('postman')) {
    throw new AwsError('NotImplemented', 'Gatehouse does not write the Postman extensions (extensions=postman) yet.', 501);
  }
  const apigateway = names.has('apigateway');
  const integrations = apigateway || names.has('integrations');
  return {
    integrations,
    settings: integrations,
    authorizers: apigateway || names.has('authorizers'),
    documentation: value === undefined || names.has('documentation'),
  };
}

export interface ExportFormat {
  format: 'json' | 'yaml';
  extension: 'json' | 'yaml';
}

/**
 * AWS answers an export as `Content-Type: application/octet-stream`, not the accepted type
 * (recorded: every get-export in test_apigateway_extended.snapshot.json, asked by boto3, whose
 * apigateway client sends `Accept: application/json` - as the JS SDK's does). The YAML answer was
 * not recorded; Gatehouse labels it the same way.
 */
export const EXPORT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The body's format from the Accept header: YAML for application/yaml, JSON for application/json
 * and for anything else (`*\/*`, none).
 */
export function exportFormat(accepts: string | undefined): ExportFormat {
  const types = (accepts ?? '').split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  for (const type of types) {
    if (type === 'application/yaml' || type === 'application/x-yaml') return { format: 'yaml', extension: 'yaml' };
    if (type === 'application/json') break;
  }
  return { format: 'json', extension: 'json' };
}
