/**
 * Reserved concurrency: PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency.
 * The account's limit is 1000 concurrent executions, of which 100 always stay unreserved.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
import type {
  S_Concurrency,
  S_DeleteFunctionConcurrencyRequest,
  S_GetFunctionConcurrencyRequest,
  S_GetFunctionConcurrencyResponse,
  S_PutFunctionConcurrencyRequest,
} from '../../aws/generated/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { parseUnqualified } from './arns.js';
import { invalidParameter } from './errors.js';
import { LAMBDA_KIND, requireFunction, type FunctionRecord } from './records.js';

const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;

async function putFunctionConcurrency(input: S_PutFunctionConcurrencyRequest, ctx: RequestContext): Promise<S_Concurrency> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  const others = (await ctx.tx.list<FunctionRecord>(LAMBDA_KIND.function))
    .filter((e) => e.key !== name)
    .reduce((sum, e) => sum + (e.value.reservedConcurrency ?? 0), 0);
  if (ACCOUNT_CONCURRENCY - others - input.ReservedConcurrentExecutions < MIN_UNRESERVED) {
    throw invalidParameter(`Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`);
  }
  fn.reservedConcurrency = input.ReservedConcurrentExecutions;
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
  return { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

async function getFunctionConcurrency(input: S_GetFunctionConcurrencyRequest, ctx: RequestContext): Promise<S_GetFunctionConcurrencyResponse> {
  const fn = await requireFunction(ctx, parseUnqualified(ctx.scope, input.FunctionName));
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

async function deleteFunctionConcurrency(input: S_DeleteFunctionConcurrencyRequest, ctx: RequestContext): Promise<void> {
  const name = parseUnqualified(ctx.scope, input.FunctionName);
  const fn = await requireFunction(ctx, name);
  delete fn.reservedConcurrency;
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
}

export const handlers: Handlers = {
  PutFunctionConcurrency: putFunctionConcurrency,
  GetFunctionConcurrency: getFunctionConcurrency,
  DeleteFunctionConcurrency: deleteFunctionConcurrency,
};
