/**
 * Building and checking a FunctionConfiguration: the defaults Lambda fills in, the runtimes
 * Gatehouse can run, the limits of Timeout and MemorySize.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
 */
import { randomUUID } from 'node:crypto';
import type { S_CreateFunctionRequest, S_FunctionConfiguration, S_UpdateFunctionConfigurationRequest } from '../../aws/generated/lambda.js';
import type { Scope } from '../../store/types.js';
import { functionArn } from './arns.js';
import type { StoredCode } from './code.js';
import { invalidParameter } from './errors.js';
import { lastModified } from './records.js';

/** Runtimes Lambda no longer lets anyone create or update functions with (AWS's deprecation list). */
const DEPRECATED = new Set(['nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'python2.7', 'python3.6', 'python3.7', 'provided']);
const RUNNABLE = /^(nodejs\d+\.x|python3\.\d+|provided\.al2(023)?)$/;

/** Gatehouse runs nodejs*, python3.* and provided* functions (src/functions/); other runtimes are refused, not faked. */
export function checkRuntime(runtime: string | undefined): void {
  if (runtime === undefined) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  if (DEPRECATED.has(runtime)) {
    throw invalidParameter(`The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`);
  }
  if (!RUNNABLE.test(runtime)) {
    throw invalidParameter(`The runtime parameter of ${runtime} is not supported by Gatehouse, which runs the nodejs*, python3.* and provided* runtimes.`);
  }
}

/** Limits the model does not state: Timeout at most 900 s, MemorySize at most 10240 MB. */
function checkLimits(input: { Timeout?: number; MemorySize?: number }): void {
  if (input.Timeout !== undefined && (input.Timeout < 1 || input.Timeout > 900)) {
    throw invalidParameter(`1 validation error detected: Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`);
  }
  if (input.MemorySize !== undefined && (input.MemorySize < 128 || input.MemorySize > 10240)) {
    throw invalidParameter(`'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240`);
  }
}

export function newConfiguration(input: S_CreateFunctionRequest, name: string, code: StoredCode, scope: Scope, now: Date): S_FunctionConfiguration {
  if (input.PackageType === 'Image') throw invalidParameter('Gatehouse does not support container image functions (PackageType Image): use a .zip file archive.');
  checkRuntime(input.Runtime);
  if (input.Handler === undefined) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  checkLimits(input);
  return {
    FunctionName: name,
    FunctionArn: functionArn(scope, name),
    Runtime: input.Runtime,
    Role: input.Role,
    Handler: input.Handler,
    CodeSize: code.CodeSize,
    Description: input.Description ?? '',
    Timeout: input.Timeout ?? 3,
    MemorySize: input.MemorySize ?? 128,
    LastModified: lastModified(now),
    CodeSha256: code.CodeSha256,
    Version: '$LATEST',
    ...(input.Environment?.Variables ? { Environment: { Variables: input.Environment.Variables } } : {}),
    TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
    RevisionId: randomUUID(),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
}

/** UpdateFunctionConfiguration: the members given replace the current ones; the rest stay. */
export function updatedConfiguration(current: S_FunctionConfiguration, input: S_UpdateFunctionConfigurationRequest, now: Date): S_FunctionConfiguration {
  if (input.Runtime !== undefined) checkRuntime(input.Runtime);
  checkLimits(input);
  const next: S_FunctionConfiguration = { ...current };
  if (input.Role !== undefined) next.Role = input.Role;
  if (input.Handler !== undefined) next.Handler = input.Handler;
  if (input.Description !== undefined) next.Description = input.Description;
  if (input.Timeout !== undefined) next.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) next.MemorySize = input.MemorySize;
  if (input.Runtime !== undefined) next.Runtime = input.Runtime;
  if (input.TracingConfig?.Mode !== undefined) next.TracingConfig = { Mode: input.TracingConfig.Mode };
  if (input.EphemeralStorage !== undefined) next.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.Environment !== undefined) {
    // An Environment without Variables clears them, as in AWS.
    if (input.Environment.Variables && Object.keys(input.Environment.Variables).length) next.Environment = { Variables: input.Environment.Variables };
    else delete next.Environment;
  }
  return touched(next, now);
}

/** A new LastModified and RevisionId: every change to $LATEST gets both. */
export function touched(config: S_FunctionConfiguration, now: Date): S_FunctionConfiguration {
  return { ...config, LastModified: lastModified(now), RevisionId: randomUUID(), LastUpdateStatus: 'Successful', State: 'Active' };
}
