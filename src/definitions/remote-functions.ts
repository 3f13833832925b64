/**
 * The port through which the data plane invokes Lambda functions Gatehouse does not hold
 * (--lambda-endpoint, --remote-lambda): src/functions/remote.ts implements it with
 * `@aws-sdk/client-lambda`, the server hands it to the data plane. A function Gatehouse holds
 * always runs locally; only a function unknown in its (account, region) goes remote.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { Scope } from '../store/types.js';
import type { FunctionInvokeResult } from './function-invoker.js';

export interface RemoteFunctions {
  /** Whether functions of this (account, region) that Gatehouse does not hold are invoked remotely. */
  covers(scope: Scope): boolean;
  /**
   * Invokes the function (a full ARN, qualified or not) with the payload as it is, synchronously.
   * Throws RemoteFunctionNotFound when the remote has no such function, FunctionInvokeError
   * when it cannot be reached or refuses the call.
   */
  invoke(scope: Scope, functionArn: string, payload: Buffer, requestId: string): Promise<FunctionInvokeResult>;
}

/** The remote Lambda answered ResourceNotFoundException. */
export class RemoteFunctionNotFound extends Error {}
