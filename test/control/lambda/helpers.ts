/** Shared by the lambda control-plane tests: a real zip, a role ARN, and catching an SDK error. */
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { after } from 'node:test';
import { LambdaClient, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import type { Server } from '../../helpers/gatehouse.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-exec';

/** A deployment package holding the seed's Python handler. */
export function pythonZip(body = 'def lambda_handler(event, context):\n    return {"statusCode": 200, "body": "hello"}\n'): Uint8Array {
  return zipSync({ 'app.py': strToU8(body) });
}

export function createInput(name: string, extra: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput {
  return { FunctionName: name, Runtime: 'python3.12', Handler: 'app.lambda_handler', Role: ROLE, Code: { ZipFile: pythonZip() }, ...extra };
}

export async function errorOf(call: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number }; Type?: string }> {
  try {
    await call;
  } catch (err) {
    return err as Error & { $metadata: { httpStatusCode?: number }; Type?: string };
  }
  assert.fail('expected the call to fail');
}

/** One Lambda client for the file, made on first use (the server starts in before()) and destroyed after. */
export function lambdaClient(server: Server): () => LambdaClient {
  let client: LambdaClient | undefined;
  after(() => client?.destroy());
  return () => (client ??= new LambdaClient({ ...server.g.clientConfig(), maxAttempts: 1 }));
}
