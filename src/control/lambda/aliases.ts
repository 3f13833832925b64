/**
 * Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. An alias names a
 * version ($LATEST or a published number), optionally shifting a weight to a second version.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html
 */
import { randomUUID } from 'node:crypto';
import type {
  S_AliasConfiguration,
  S_AliasRoutingConfiguration,
  S_CreateAliasRequest,
  S_DeleteAliasRequest,
  S_GetAliasRequest,
  S_ListAliasesRequest,
  S_ListAliasesResponse,
  S_UpdateAliasRequest,
} from '../../aws/generated/lambda.js';
import { functionPrefix } from '../../definitions/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { functionArn, isVersionNumber, parseUnqualified } from './arns.js';
import { checkRevision, invalidParameter, resourceConflict, resourceNotFound } from './errors.js';
import { functionChildKey, LAMBDA_KIND, page, requireAlias, requireFunction, type AliasRecord } from './records.js';

/** The version must exist: $LATEST always does, a number when it was published. */
async function requireVersion(ctx: RequestContext, name: string, version: string): Promise<void> {
  if (version === '$LATEST') return;
  if (!isVersionNumber(version) || !(await ctx.tx.get(LAMBDA_KIND.version, functionChildKey(name, version)))) {
    throw resourceNotFound(`Function not found: ${functionArn(ctx.scope, name, version)}`);
  }
}

async function checkRouting(ctx: RequestContext, name: string, routing: S_AliasRoutingConfiguration | undefined): Promise<void> {
  for (const [version, weight] of Object.entries(routing?.AdditionalVersionWeights ?? {})) {
    if (weight < 0 || weight > 1) throw invalidParameter(`Invalid weight ${weight} for version ${version}: a weight is between 0.0 and 1.0.`);
    await requireVersion(ctx, name, version);
  }
}

async function createAlias(input: S_CreateAliasRequest, ctx: RequestContext): Promise<S_AliasConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  await requireFunction(ctx, name);
  await requireVersion(ctx, name, input.FunctionVersion);
  await checkRouting(ctx, name, input.RoutingConfig);
  const alias: AliasRecord = {
    AliasArn: functionArn(ctx.scope, name, input.Name),
    Name: input.Name,
    FunctionVersion: input.FunctionVersion,
    Description: input.Description ?? '',
    ...(input.RoutingConfig ? { RoutingConfig: input.RoutingConfig } : {}),
    RevisionId: randomUUID(),
  };
  if (!(await ctx.tx.insert(LAMBDA_KIND.alias, functionChildKey(name, input.Name), alias))) {
    throw resourceConflict(`Alias already exists: ${alias.AliasArn}`);
  }
  return alias;
}

async function getAlias(input: S_GetAliasRequest, ctx: RequestContext): Promise<S_AliasConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  await requireFunction(ctx, name);
  return requireAlias(ctx, name, input.Name);
}

async function updateAlias(input: S_UpdateAliasRequest, ctx: RequestContext): Promise<S_AliasConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  await requireFunction(ctx, name);
  const alias = await requireAlias(ctx, name, input.Name);
  checkRevision(input.RevisionId, alias.RevisionId, 'GetAlias');
  if (input.FunctionVersion !== undefined) {
    await requireVersion(ctx, name, input.FunctionVersion);
    alias.FunctionVersion = input.FunctionVersion;
  }
  if (input.Description !== undefined) alias.Description = input.Description;
  if (input.RoutingConfig !== undefined) {
    await checkRouting(ctx, name, input.RoutingConfig);
    alias.RoutingConfig = input.RoutingConfig;
  }
  alias.RevisionId = randomUUID();
  await ctx.tx.put(LAMBDA_KIND.alias, functionChildKey(name, input.Name), alias);
  return alias;
}

/** Deleting an alias that does not exist succeeds quietly in AWS. */
async function deleteAlias(input: S_DeleteAliasRequest, ctx: RequestContext): Promise<void> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  await requireFunction(ctx, name);
  await ctx.tx.delete(LAMBDA_KIND.alias, functionChildKey(name, input.Name));
  const fn = await requireFunction(ctx, name);
  if (fn.policies[input.Name]) {
    delete fn.policies[input.Name];
    await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  }
}

async function listAliases(input: S_ListAliasesRequest, ctx: RequestContext): Promise<S_ListAliasesResponse> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  await requireFunction(ctx, name);
  let aliases = (await ctx.tx.list<AliasRecord>(LAMBDA_KIND.alias, functionPrefix(name))).map((e) => e.value);
  if (input.FunctionVersion !== undefined) aliases = aliases.filter((a) => a.FunctionVersion === input.FunctionVersion);
  const { items, next } = page(aliases, input.Marker, input.MaxItems);
  return { Aliases: items, NextMarker: next };
}

export const handlers: Handlers = {
  CreateAlias: createAlias,
  GetAlias: getAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
};
