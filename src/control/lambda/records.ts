/**
 * The lookups every Lambda handler shares: a function, a version or an alias from a FunctionName
 * and Qualifier, with AWS's not-found wording.
 */
import type { S_FunctionConfiguration } from '../../aws/generated/lambda.js';
import {
  functionChildKey,
  LAMBDA_KIND,
  type AliasRecord,
  type FunctionRecord,
  type VersionRecord,
} from '../../definitions/lambda.js';
import type { RequestContext } from '../types.js';
import { functionArn, isVersionNumber, parseFunctionRef } from './arns.js';
import { functionNotFound, invalidParameter, resourceNotFound } from './errors.js';

export { LAMBDA_KIND, functionChildKey };
export type { AliasRecord, FunctionRecord, VersionRecord };

export async function requireFunction(ctx: RequestContext, name: string): Promise<FunctionRecord> {
  const fn = await ctx.tx.get<FunctionRecord>(LAMBDA_KIND.function, name);
  if (!fn) throw functionNotFound(functionArn(ctx.scope, name));
  return fn;
}

export async function requireAlias(ctx: RequestContext, name: string, alias: string): Promise<AliasRecord> {
  const record = await ctx.tx.get<AliasRecord>(LAMBDA_KIND.alias, functionChildKey(name, alias));
  if (!record) throw resourceNotFound(`Cannot find alias arn: ${functionArn(ctx.scope, name, alias)}`);
  return record;
}

export interface Resolved {
  name: string;
  qualifier?: string;
  fn: FunctionRecord;
  /** The configuration the qualifier designates ($LATEST's, a version's, or an alias's version's). */
  configuration: S_FunctionConfiguration;
}

/** The function and configuration a FunctionName (+ Qualifier) designates, or ResourceNotFoundException. */
export async function resolveFunction(ctx: RequestContext, functionName: string, qualifierParam?: string): Promise<Resolved> {
  const { name, qualifier } = parseFunctionRef(ctx.scope, functionName, qualifierParam);
  const fn = await ctx.tx.get<FunctionRecord>(LAMBDA_KIND.function, name);
  if (!fn) throw functionNotFound(functionArn(ctx.scope, name, qualifier));
  if (qualifier === undefined || qualifier === '$LATEST') {
    const configuration = qualifier ? { ...fn.configuration, FunctionArn: functionArn(ctx.scope, name, qualifier) } : fn.configuration;
    return { name, qualifier, fn, configuration };
  }
  if (isVersionNumber(qualifier)) {
    const version = await ctx.tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, qualifier));
    if (!version) throw functionNotFound(functionArn(ctx.scope, name, qualifier));
    return { name, qualifier, fn, configuration: version.configuration };
  }
  const alias = await ctx.tx.get<AliasRecord>(LAMBDA_KIND.alias, functionChildKey(name, qualifier));
  if (!alias) throw functionNotFound(functionArn(ctx.scope, name, qualifier));
  const target = alias.FunctionVersion === '$LATEST'
    ? fn.configuration
    : (await ctx.tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, alias.FunctionVersion!)))?.configuration;
  if (!target) throw functionNotFound(functionArn(ctx.scope, name, qualifier));
  // Addressed through an alias, Lambda answers the alias's ARN with the version it points to.
  return { name, qualifier, fn, configuration: { ...target, FunctionArn: functionArn(ctx.scope, name, qualifier) } };
}

/** Lambda's LastModified: ISO 8601 with milliseconds and a "+0000" offset ("2024-05-01T12:00:00.000+0000"). */
export const lastModified = (d: Date) => d.toISOString().replace('Z', '+0000');

/** A one-page slice of `items` and the marker of the next page (Marker/MaxItems, default 50). */
export function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    const decoded = /^(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!decoded) throw invalidParameter(`Invalid Marker: ${marker}`);
    start = Number(decoded[1]);
  }
  const size = maxItems ?? 50;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined };
}
