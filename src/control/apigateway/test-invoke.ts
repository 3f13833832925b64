/**
 * TestInvokeMethod: invoke one method of the API as it is now, deployed or not. The handler
 * checks the method exists and freezes the current definition (buildSnapshot, nothing refused);
 * the invocation itself runs on the data plane through the TestInvoker port, after the
 * transaction: an integration may take 29 s, or call back into Gatehouse.
 * TestInvokeAuthorizer: the same for one authorizer (TOKEN, REQUEST or COGNITO_USER_POOLS) as stored now.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
 */
import { AwsError, notFound } from '../../aws/errors.js';
import type {
  S_Authorizer,
  S_TestInvokeAuthorizerRequest,
  S_TestInvokeAuthorizerResponse,
  S_TestInvokeMethodRequest,
  S_TestInvokeMethodResponse,
} from '../../aws/generated/apigateway.js';
import { AfterCommit, type Handlers, type RequestContext } from '../types.js';
import { buildSnapshot } from './deployment-snapshot.js';
import { normalizeVerb, requireMethod } from './method-store.js';
import { apiKey, KIND, requireDoc, type RestApiRecord } from './records.js';

async function testInvokeMethod(input: S_TestInvokeMethodRequest, ctx: RequestContext): Promise<AfterCommit<S_TestInvokeMethodResponse>> {
  const invoker = ctx.ports.testInvoker;
  if (!invoker) throw new AwsError('NotImplemented', 'TestInvokeMethod needs the data plane, which this Gatehouse runs without.', 501);
  // Recorded: an unknown API is "Invalid Resource identifier specified" here too, not "Invalid API identifier".
  const api = await ctx.tx.get<RestApiRecord>(KIND.restApi, input.restApiId);
  if (!api) throw notFound('Invalid Resource identifier specified');
  await requireMethod(ctx, input);

  const snapshot = await buildSnapshot(ctx.tx, api, 'test-invoke-deployment-id', ctx.now.toISOString(), true);
  const request = {
    scope: ctx.scope,
    resourceId: input.resourceId,
    httpMethod: normalizeVerb(input.httpMethod),
    pathWithQueryString: input.pathWithQueryString,
    body: input.body,
    headers: input.headers,
    multiValueHeaders: input.multiValueHeaders,
    stageVariables: input.stageVariables,
  };
  return new AfterCommit(() => invoker.testInvoke(snapshot, request));
}

async function testInvokeAuthorizer(input: S_TestInvokeAuthorizerRequest, ctx: RequestContext): Promise<AfterCommit<S_TestInvokeAuthorizerResponse>> {
  const invoker = ctx.ports.testInvoker;
  if (!invoker) throw new AwsError('NotImplemented', 'TestInvokeAuthorizer needs the data plane, which this Gatehouse runs without.', 501);
  // As GetAuthorizer: an unknown API or authorizer is this NotFound.
  const authorizer = await requireDoc<S_Authorizer>(ctx.tx, KIND.authorizer, apiKey(input.restApiId, input.authorizerId), 'Invalid Authorizer identifier specified');
  const request = {
    scope: ctx.scope,
    restApiId: input.restApiId,
    authorizer,
    headers: input.headers,
    multiValueHeaders: input.multiValueHeaders,
    pathWithQueryString: input.pathWithQueryString,
    body: input.body,
    stageVariables: input.stageVariables,
    additionalContext: input.additionalContext,
  };
  return new AfterCommit(() => invoker.testInvokeAuthorizer(request));
}

export const handlers: Handlers = {
  TestInvokeMethod: testInvokeMethod,
  TestInvokeAuthorizer: testInvokeAuthorizer,
};
