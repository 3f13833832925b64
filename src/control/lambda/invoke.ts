/**
 * Invoke: run a function version on the local function runtime. Inside the transaction the
 * handler resolves FunctionName/Qualifier to the version to run (an alias to the version it
 * points at) and reads the code; the invocation itself runs after the commit (AfterCommit): a
 * function may take up to 15 minutes, or call back into Gatehouse, and the store serialises
 * transactions.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { AwsError } from '../../aws/errors.js';
import type { S_FunctionConfiguration, S_InvocationRequest, S_InvocationResponse } from '../../aws/generated/lambda.js';
import {
  FunctionInvokeError,
  type FunctionInvoker,
  type InvocableFunction,
} from '../../definitions/function-invoker.js';
import { pickWeighted, type CodeRecord } from '../../definitions/lambda.js';
import { AfterCommit, type Handlers, type RequestContext } from '../types.js';
import { functionArn, isVersionNumber } from './arns.js';
import { functionChildKey, LAMBDA_KIND, resolveFunction, type AliasRecord, type VersionRecord } from './records.js';

/** Payload quotas: 6 MB for synchronous invocations, 1 MB for asynchronous ones (raised from 256 KB in 2025). */
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const SYNC_LIMIT = 6 * 1024 * 1024;
const ASYNC_LIMIT = 1024 * 1024;

async function invoke(input: S_InvocationRequest, ctx: RequestContext): Promise<AfterCommit<S_InvocationResponse>> {
  const invoker = ctx.ports.functionInvoker;
  if (!invoker) throw new AwsError('NotImplemented', 'Invoke needs the local function runtime, which this Gatehouse runs without.', 501);
  const type = input.InvocationType ?? 'RequestResponse';
  const payload = input.Payload && input.Payload.byteLength > 0 ? Buffer.from(input.Payload) : Buffer.from('{}');
  const limit = type === 'Event' ? ASYNC_LIMIT : SYNC_LIMIT;
  if (payload.length > limit) {
    throw new AwsError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413);
  }

  const resolved = await resolveFunction(ctx, input.FunctionName, input.Qualifier);
  const configuration = await weightedVersion(ctx, resolved.name, resolved.qualifier, resolved.configuration);
  checkJson(payload);
  if (type === 'DryRun') return new AfterCommit(async () => ({ StatusCode: 204 }));

  const version = configuration.Version ?? '$LATEST';
  const fn: InvocableFunction = {
    configuration,
    versionArn: functionArn(ctx.scope, resolved.name, version === '$LATEST' ? undefined : version),
    reservedConcurrency: resolved.fn.reservedConcurrency,
  };
  // The zip is read only when the runtime has not unpacked this code yet.
  const sha = configuration.CodeSha256;
  if (sha && !invoker.hasCode(sha)) {
    const code = await ctx.tx.get<CodeRecord>(LAMBDA_KIND.code, functionChildKey(resolved.name, sha));
    fn.zipBase64 = code?.zipFile;
    fn.codeDirectory = code?.directory;
  }
  const options = { requestId: ctx.requestId, invokedFunctionArn: functionArn(ctx.scope, resolved.name, resolved.qualifier) };

  if (type === 'Event') {
    // Lambda queues the event and answers 202 at once; failures show only in the function's log.
    return new AfterCommit(async () => {
      runInBackground(invoker, fn, payload, options);
      return { StatusCode: 202 };
    });
  }
  return new AfterCommit(async () => {
    let result;
    try {
      result = await invoker.invoke(fn, payload, options);
    } catch (err) {
      throw toAwsError(err);
    }
    return {
      StatusCode: 200,
      Payload: result.payload,
      ExecutedVersion: version,
      FunctionError: result.functionError,
      LogResult: input.LogType === 'Tail' ? Buffer.from(result.logTail).toString('base64') : undefined,
    };
  });
}

/**
 * An alias with a RoutingConfig sends each invocation to its additional version with that
 * version's weight, otherwise to its own.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
 */
async function weightedVersion(ctx: RequestContext, name: string, qualifier: string | undefined, configuration: S_FunctionConfiguration): Promise<S_FunctionConfiguration> {
  if (qualifier === undefined || qualifier === '$LATEST' || isVersionNumber(qualifier)) return configuration;
  const alias = await ctx.tx.get<AliasRecord>(LAMBDA_KIND.alias, functionChildKey(name, qualifier));
  const version = pickWeighted(Object.entries(alias?.RoutingConfig?.AdditionalVersionWeights ?? {}));
  if (version === undefined) return configuration;
  const other = await ctx.tx.get<VersionRecord>(LAMBDA_KIND.version, functionChildKey(name, version));
  return other ? { ...other.configuration, FunctionArn: configuration.FunctionArn } : configuration;
}

/** Lambda takes only JSON payloads. */
function checkJson(payload: Buffer): void {
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`, 400);
  }
}

function runInBackground(invoker: FunctionInvoker, fn: InvocableFunction, payload: Buffer, options: { requestId: string; invokedFunctionArn: string }): void {
  invoker.invoke(fn, payload, options).then(
    (result) => {
      if (result.functionError) console.warn(`[gatehouse] asynchronous invocation ${options.requestId} of ${fn.versionArn} failed: ${result.payload.toString('utf8')}`);
    },
    (err) => {
      // A runtime closed under the invocation (Gatehouse stopping) is no failure of the function.
      if (err instanceof FunctionInvokeError && err.code === 'Closed') return;
      console.warn(`[gatehouse] asynchronous invocation ${options.requestId} of ${fn.versionArn} could not run: ${(err as Error).message}`);
    },
  );
}

/** The runtime's errors as Lambda answers them (models/lambda.json, Invoke's errors). */
function toAwsError(err: unknown): unknown {
  if (!(err instanceof FunctionInvokeError)) return err;
  switch (err.code) {
    case 'Throttled':
      // Reserved concurrency 0 (or every slot busy): Lambda's wording and reason.
      return new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
    case 'RuntimeUnavailable':
      return new AwsError('InvalidRuntimeException', err.message, 502, { Message: err.message });
    case 'InvalidCode':
      return new AwsError('InvalidZipFileException', `Lambda could not unzip the deployment package: ${err.message}`, 502, { Message: `Lambda could not unzip the deployment package: ${err.message}` });
    case 'RemoteUnavailable':
      // Invoke never goes remote (AWS clients call a remote Lambda directly); for completeness.
      return new AwsError('ServiceException', err.message, 500, { Message: err.message });
    case 'Closed':
      return new AwsError('ServiceException', 'Gatehouse is shutting down: the function runtime is closed.', 500, { Message: 'Gatehouse is shutting down: the function runtime is closed.' });
  }
}

export const handlers: Handlers = {
  Invoke: invoke,
};
