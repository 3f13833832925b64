/**
 * Everything one export reads: the stage's deployed snapshot (never the live definition - "Exports
 * a deployed version of a RestApi", API_GetExport) and the few facts of the request around it.
 */
import type { DeploymentSnapshot } from '../../../definitions/apigateway.js';
import type { ExportDocumentation } from './documentation.js';
import type { ExportOptions } from './options.js';

export interface ExportContext {
  snapshot: DeploymentSnapshot;
  stageName: string;
  region: string;
  /** info.version: the API's version, else the deployment's date as AWS prints it. */
  version: string;
  options: ExportOptions;
  /** The stage's documentation (empty when it has no documentation version or it is not exported). */
  docs: ExportDocumentation;
  /** x-amazon-apigateway-documentation, when the stage's documentation version is exported. */
  documentation?: Record<string, unknown>;
}

/** "2016-03-31T18:25:32Z": the deployment date as AWS writes it in info.version (no milliseconds). */
export function exportDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const executeApiHost = (ctx: ExportContext) => `${ctx.snapshot.restApiId}.execute-api.${ctx.region}.amazonaws.com`;

/** Drops the keys whose value is undefined, so the document carries only what is set. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const nonEmpty = <T extends object>(o: T | undefined): T | undefined => (o && Object.keys(o).length ? o : undefined);
