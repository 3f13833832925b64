/**
 * The port through which the control plane's TestInvokeMethod and TestInvokeAuthorizer run the
 * data plane without either importing the other (DESIGN.md): the control plane reads the current,
 * undeployed definition (a snapshot of the API, or the authorizer); the data plane
 * (src/gateway/rest/test-invoke.ts, test-invoke-authorizer.ts) runs it; the server wires one to the other.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
 */
import type { S_Authorizer } from '../aws/generated/apigateway.js';
import type { Scope } from '../store/types.js';
import type { DeploymentSnapshot } from './apigateway.js';

/** TestInvokeMethod's input, the method already checked to exist in the snapshot. */
export interface TestInvokeRequest {
  scope: Scope;
  resourceId: string;
  httpMethod: string;
  /** '/pets/123?foo=bar'; the resource's own path when absent. */
  pathWithQueryString?: string;
  body?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
}

/** TestInvokeMethodResponse's members. */
export interface TestInvokeResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  /** The execution log, worded and laid out as AWS's. */
  log: string;
  /** Milliseconds the invocation took. */
  latency: number;
}

/** TestInvokeAuthorizer's input, the authorizer (TOKEN, REQUEST or COGNITO_USER_POOLS) as stored now. */
export interface TestInvokeAuthorizerRequest {
  scope: Scope;
  restApiId: string;
  authorizer: S_Authorizer;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  /** '/pets/123?foo=bar'; '/' when absent. */
  pathWithQueryString?: string;
  body?: string;
  stageVariables?: Record<string, string>;
  /** Extra `$context` variables, read by `context.*` identity sources. */
  additionalContext?: Record<string, string>;
}

/** TestInvokeAuthorizerResponse's members. */
export interface TestInvokeAuthorizerResult {
  /** What the client would have received: 0 when the authorizer answered a policy, else 401, 500... */
  clientStatus: number;
  /** The execution log, worded and laid out as AWS's. */
  log: string;
  latency: number;
  principalId?: string;
  /** The policyDocument the function answered, as JSON text. */
  policy?: string;
  /** COGNITO_USER_POOLS: the token's claims, as the integration sees them. */
  claims?: Record<string, string>;
}

export interface TestInvoker {
  testInvoke(snapshot: DeploymentSnapshot, request: TestInvokeRequest): Promise<TestInvokeResult>;
  testInvokeAuthorizer(request: TestInvokeAuthorizerRequest): Promise<TestInvokeAuthorizerResult>;
}
