/**
 * The port through which the control plane's TestInvokeMethod runs the data plane's pipeline
 * without either importing the other (DESIGN.md): the control plane builds a snapshot of the
 * current, undeployed definition; the data plane (src/gateway/rest/test-invoke.ts) compiles and
 * runs it; the server wires one to the other.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 */
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

export interface TestInvoker {
  testInvoke(snapshot: DeploymentSnapshot, request: TestInvokeRequest): Promise<TestInvokeResult>;
}
