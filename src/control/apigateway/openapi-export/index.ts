/**
 * OpenAPI export of a deployed REST API stage (GetExport): the document builders and how the
 * document is written out.
 */
import { stringify } from 'yaml';
import type { ExportContext } from './context.js';
import { oas30Document } from './oas30.js';
import type { ExportFormat, ExportType } from './options.js';
import { swaggerDocument } from './swagger.js';

export { exportDate, type ExportContext } from './context.js';
export { documentationExtension, ExportDocumentation, type DocumentationVersion } from './documentation.js';
export { EXPORT_CONTENT_TYPE, exportFormat, parseExtensions, type ExportFormat, type ExportOptions, type ExportType } from './options.js';

export const EXPORT_TYPES: readonly ExportType[] = ['oas30', 'swagger'];

export function exportDocument(type: ExportType, ctx: ExportContext): Record<string, unknown> {
  return type === 'oas30' ? oas30Document(ctx) : swaggerDocument(ctx);
}

/**
 * JSON, or YAML written for YAML 1.1 readers too: strings such as the date in info.version, "yes"
 * or "on" are quoted, so PyYAML and other 1.1 parsers read them back as strings, not dates or booleans.
 */
export function renderDocument(document: Record<string, unknown>, format: ExportFormat): string {
  return format.format === 'yaml' ? stringify(document, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 }) : JSON.stringify(document, null, 2);
}
