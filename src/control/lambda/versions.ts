/**
 * Versions: PublishVersion (also run by CreateFunction/UpdateFunctionCode with Publish) and
 * ListVersionsByFunction. A version is an immutable copy of $LATEST; publishing an unchanged
 * $LATEST again answers the existing version, as AWS does.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
import { randomUUID } from 'node:crypto';
import type {
  S_FunctionConfiguration,
  S_ListVersionsByFunctionRequest,
  S_ListVersionsByFunctionResponse,
  S_PublishVersionRequest,
} from '../../aws/generated/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { functionArn, parseUnqualified } from './arns.js';
import { checkRevision, invalidParameter } from './errors.js';
import { functionChildKey, LAMBDA_KIND, lastModified, page, requireFunction, type FunctionRecord, type VersionRecord } from './records.js';
import { functionPrefix } from '../../definitions/lambda.js';

/**
 * Publishes $LATEST of `fn` (mutating `fn`; the caller stores it) and answers the version's
 * configuration. "Lambda doesn't publish a version if the function's configuration and code
 * haven't changed since the last version" (API_PublishVersion): the last one is answered instead.
 */
export async function publish(ctx: RequestContext, name: string, fn: FunctionRecord, description?: string): Promise<S_FunctionConfiguration> {
  const latest = fn.configuration;
  const last = fn.lastPublished;
  if (last && last.revisionId === latest.RevisionId) {
    const existing = await ctx.tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, last.version));
    if (existing) return existing.configuration;
  }
  const version = String(fn.nextVersion);
  const configuration: S_FunctionConfiguration = {
    ...latest,
    FunctionArn: functionArn(ctx.scope, name, version),
    Version: version,
    Description: description ?? latest.Description,
    LastModified: lastModified(ctx.now),
    RevisionId: randomUUID(),
  };
  await ctx.tx.put<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, version), { configuration });
  fn.nextVersion += 1;
  fn.lastPublished = { revisionId: latest.RevisionId!, version };
  return configuration;
}

async function publishVersion(input: S_PublishVersionRequest, ctx: RequestContext): Promise<S_FunctionConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  checkRevision(input.RevisionId, fn.configuration.RevisionId);
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== fn.configuration.CodeSha256) {
    throw invalidParameter(`CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.configuration.CodeSha256}). Please try publishing again.`);
  }
  const configuration = await publish(ctx, name, fn, input.Description);
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  return configuration;
}

/** $LATEST first, then the published versions in order. */
async function listVersionsByFunction(input: S_ListVersionsByFunctionRequest, ctx: RequestContext): Promise<S_ListVersionsByFunctionResponse> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  const versions = (await ctx.tx.list<VersionRecord>(LAMBDA_KIND.version, functionPrefix(name))).map((e) => e.value.configuration);
  versions.sort((a, b) => Number(a.Version) - Number(b.Version));
  const { items, next } = page([fn.configuration, ...versions], input.Marker, input.MaxItems);
  return { Versions: items, NextMarker: next };
}

export const handlers: Handlers = {
  PublishVersion: publishVersion,
  ListVersionsByFunction: listVersionsByFunction,
};
