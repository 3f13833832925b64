/**
 * Shared set-up for the HTTP API data-plane tests: one Gatehouse per file with a genuine
 * ApiGatewayV2Client and LambdaClient, calls over plain HTTP to `{apiId}.execute-api.localhost`,
 * and Node.js functions built from source.
 */
import { after, before } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestGatehouse, type TestGatehouse } from '../../helpers/gatehouse.js';
import { http, type HttpAnswer, type HttpCall } from '../../helpers/http.js';
import { createInput } from '../../control/lambda/helpers.js';

export interface HttpApiServer {
  g: TestGatehouse;
  v2: ApiGatewayV2Client;
  lambda: LambdaClient;
}

export function useHttpApiGatehouse(): HttpApiServer {
  const server = {} as HttpApiServer;
  before(async () => {
    server.g = await startTestGatehouse();
    server.v2 = new ApiGatewayV2Client({ ...server.g.clientConfig(), maxAttempts: 1 });
    server.lambda = new LambdaClient({ ...server.g.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    server.v2?.destroy();
    server.lambda?.destroy();
    await server.g?.stop();
  });
  return server;
}

/** A request to the API's execute-api host (the `$default` stage has no segment in the path). */
export function callApi(server: HttpApiServer, apiId: string, path: string, call: Omit<HttpCall, 'path' | 'host'> = {}): Promise<HttpAnswer> {
  return http(server.g.url, { ...call, path, host: `${apiId}.execute-api.localhost` });
}

export const functionArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
export const invocationUri = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn(name)}/invocations`;

/** A Node.js 20 function whose index.mjs is `source`. */
export async function nodeFunction(server: HttpApiServer, name: string, source: string, extra: { Timeout?: number } = {}): Promise<string> {
  const zip = zipSync({ 'index.mjs': strToU8(source) });
  await server.lambda.send(new CreateFunctionCommand(createInput(name, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zip }, ...extra })));
  return functionArn(name);
}

/** A handler answering its event as the JSON body. */
export const ECHO_EVENT = `export const handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });\n`;
