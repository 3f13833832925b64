/**
 * Functions: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
 * UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 * Invoke is the function runtime's (src/functions/), not this file's.
 */
import type {
  S_CreateFunctionRequest,
  S_DeleteFunctionRequest,
  S_DeleteFunctionResponse,
  S_FunctionConfiguration,
  S_GetFunctionConfigurationRequest,
  S_GetFunctionRequest,
  S_GetFunctionResponse,
  S_ListFunctionsRequest,
  S_ListFunctionsResponse,
  S_UpdateFunctionCodeRequest,
  S_UpdateFunctionConfigurationRequest,
} from '../../aws/generated/lambda.js';
import { functionPrefix, type CodeRecord } from '../../definitions/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { functionArn, isVersionNumber, parseFunctionRef, parseUnqualified } from './arns.js';
import { checkCodeSource, codeLocation, codePath, storeCode } from './code.js';
import { newConfiguration, touched, updatedConfiguration } from './configuration.js';
import { checkRevision, functionNotFound, invalidParameter, resourceConflict } from './errors.js';
import { functionChildKey, LAMBDA_KIND, page, requireFunction, resolveFunction, type AliasRecord, type FunctionRecord, type VersionRecord } from './records.js';
import { publish } from './versions.js';

async function createFunction(input: S_CreateFunctionRequest, ctx: RequestContext): Promise<S_FunctionConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  if (await ctx.tx.get(LAMBDA_KIND.function, name)) throw resourceConflict(`Function already exist: ${name}`);
  const source = await checkCodeSource(input.Code);
  const code = await storeCode(ctx.tx, name, source);
  const fn: FunctionRecord = {
    configuration: newConfiguration(input, name, code, ctx.scope, ctx.now),
    tags: input.Tags ?? {},
    policies: {},
    nextVersion: 1,
  };
  // With Publish, CreateFunction answers version 1's configuration (AWS does).
  const answer = input.Publish ? await publish(ctx, name, fn) : fn.configuration;
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  return answer;
}

async function getFunction(input: S_GetFunctionRequest, ctx: RequestContext): Promise<S_GetFunctionResponse> {
  const { name, fn, configuration } = await resolveFunction(ctx, input.FunctionName, input.Qualifier);
  const sha = configuration.CodeSha256!;
  const path = codePath(ctx.scope.account, ctx.scope.region, name, sha);
  const stored = await ctx.tx.get<CodeRecord>(LAMBDA_KIND.code, functionChildKey(name, sha));
  return {
    Configuration: configuration,
    Code: codeLocation(stored, ctx.ports.publicUrl ? ctx.ports.publicUrl() + path : path),
    Tags: fn.tags,
    ...(fn.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } } : {}),
  };
}

async function getFunctionConfiguration(input: S_GetFunctionConfigurationRequest, ctx: RequestContext): Promise<S_FunctionConfiguration> {
  return (await resolveFunction(ctx, input.FunctionName, input.Qualifier)).configuration;
}

/** $LATEST of every function; FunctionVersion=ALL adds the published versions. */
async function listFunctions(input: S_ListFunctionsRequest, ctx: RequestContext): Promise<S_ListFunctionsResponse> {
  const functions = (await ctx.tx.list<FunctionRecord>(LAMBDA_KIND.function)).map((e) => e.value.configuration);
  let all = functions;
  if (input.FunctionVersion === 'ALL') {
    const versions = (await ctx.tx.list<VersionRecord>(LAMBDA_KIND.version)).map((e) => e.value.configuration);
    all = functions.flatMap((f) => [f, ...versions.filter((v) => v.FunctionName === f.FunctionName)]);
  }
  const { items, next } = page(all, input.Marker, input.MaxItems);
  return { Functions: items, NextMarker: next };
}

async function updateFunctionCode(input: S_UpdateFunctionCodeRequest, ctx: RequestContext): Promise<S_FunctionConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  checkRevision(input.RevisionId, fn.configuration.RevisionId);
  const source = await checkCodeSource(input);
  if (input.DryRun) throw invalidParameter('Gatehouse does not support DryRun for UpdateFunctionCode.');
  const previous = fn.configuration.CodeSha256!;
  const code = await storeCode(ctx.tx, name, source);
  fn.configuration = touched({ ...fn.configuration, CodeSha256: code.CodeSha256, CodeSize: code.CodeSize }, ctx.now);
  const answer = input.Publish ? await publish(ctx, name, fn) : fn.configuration;
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  if (previous !== code.CodeSha256) await dropUnusedCode(ctx, name, previous);
  return answer;
}

async function updateFunctionConfiguration(input: S_UpdateFunctionConfigurationRequest, ctx: RequestContext): Promise<S_FunctionConfiguration> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  checkRevision(input.RevisionId, fn.configuration.RevisionId);
  fn.configuration = updatedConfiguration(fn.configuration, input, ctx.now);
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  return fn.configuration;
}

/**
 * Unqualified: the function with its versions, aliases and code. With a version: that version only.
 * AWS answers 204 No Content (the model's StatusCode member sets it).
 */
async function deleteFunction(input: S_DeleteFunctionRequest, ctx: RequestContext): Promise<S_DeleteFunctionResponse> {
  const { name, qualifier } = parseFunctionRef(ctx.scope, input.FunctionName, input.Qualifier);
  await requireFunction(ctx, name);
  if (qualifier === undefined) {
    await ctx.tx.delete(LAMBDA_KIND.function, name);
    for (const kind of [LAMBDA_KIND.version, LAMBDA_KIND.alias, LAMBDA_KIND.code]) await ctx.tx.deletePrefix(kind, functionPrefix(name));
    return { StatusCode: 204 };
  }
  if (qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
  if (!isVersionNumber(qualifier)) throw invalidParameter('Deletion of aliases is not supported by DeleteFunction: use DeleteAlias.');
  const version = await ctx.tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, qualifier));
  if (!version) throw functionNotFound(functionArn(ctx.scope, name, qualifier));
  const aliases = (await ctx.tx.list<AliasRecord>(LAMBDA_KIND.alias, functionPrefix(name))).map((e) => e.value);
  const using = aliases.filter((a) => a.FunctionVersion === qualifier || a.RoutingConfig?.AdditionalVersionWeights?.[qualifier] !== undefined);
  if (using.length) throw resourceConflict(`Unable to delete version because the following aliases reference it: [${using.map((a) => a.Name).join(', ')}]`);
  await ctx.tx.delete(LAMBDA_KIND.version, functionChildKey(name, qualifier));
  await dropUnusedCode(ctx, name, version.configuration.CodeSha256!);
  return { StatusCode: 204 };
}

/** Deletes a package no longer referenced by $LATEST or any version. */
async function dropUnusedCode(ctx: RequestContext, name: string, sha: string): Promise<void> {
  const fn = await ctx.tx.get<FunctionRecord>(LAMBDA_KIND.function, name);
  if (fn?.configuration.CodeSha256 === sha) return;
  const versions = await ctx.tx.list<VersionRecord>(LAMBDA_KIND.version, functionPrefix(name));
  if (versions.some((v) => v.value.configuration.CodeSha256 === sha)) return;
  await ctx.tx.delete(LAMBDA_KIND.code, functionChildKey(name, sha));
}

export const handlers: Handlers = {
  CreateFunction: createFunction,
  GetFunction: getFunction,
  GetFunctionConfiguration: getFunctionConfiguration,
  ListFunctions: listFunctions,
  UpdateFunctionCode: updateFunctionCode,
  UpdateFunctionConfiguration: updateFunctionConfiguration,
  DeleteFunction: deleteFunction,
};
