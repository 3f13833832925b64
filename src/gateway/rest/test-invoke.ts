/**
 * TestInvokeMethod on the data plane: runs one method of a snapshot of the API's current,
 * undeployed definition through the pipeline, skipping the route stage (the caller names the
 * resource and method; the path only feeds the path parameters), and reports what AWS reports:
 * status, body, headers, latency and the execution log (test-invoke-log.ts).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
 *
 * $context is what the console's test shows: stage "test-invoke-stage", deployment id
 * "test-invoke-deployment-id", source IP "test-invoke-source-ip", domain "testPrefix.testDomainName".
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DeploymentSnapshot } from '../../definitions/apigateway.js';
import type {
  TestInvokeAuthorizerRequest,
  TestInvokeAuthorizerResult,
  TestInvokeRequest,
  TestInvokeResult,
  TestInvoker,
} from '../../definitions/test-invoke.js';
import { compileDeployment, type CompiledMethod, type CompiledResource } from './compile.js';
import type { InvocationContext } from './context.js';
import { TEST_INVOKE_STAGE, testRequest } from './test-request.js';
import type { PipelineEnv } from './env.js';
import { integration } from './handlers/integration.js';
import { route } from './handlers/route.js';
import { authorize } from './handlers/authorize.js';
import { resourcePolicy } from './handlers/resource-policy.js';
import { apiKey } from './handlers/api-key.js';
import { throttle } from './handlers/throttle.js';
import { invoke, REST_PIPELINE, type PipelineStage } from './pipeline.js';
import { ResourceRouter } from './router.js';
import { deleteHeader, headerKey } from './headers.js';
import { executionLog, type Timings } from './test-invoke-log.js';
import { testInvokeAuthorizer } from './test-invoke-authorizer.js';

export class RestTestInvoker implements TestInvoker {
  constructor(private readonly env: PipelineEnv) {}

  async testInvoke(snapshot: DeploymentSnapshot, request: TestInvokeRequest): Promise<TestInvokeResult> {
    const api = compileDeployment(snapshot);
    const resource = api.router.resources.find((r) => r.id === request.resourceId);
    const method = resource?.methods.get(request.httpMethod.toUpperCase());
    // The control plane answers NotFound before calling; reaching here without them is a bug.
    if (!resource || !method) throw new Error(`TestInvokeMethod: no ${request.httpMethod} method on resource ${request.resourceId} in the snapshot`);

    const ctx = testContext(snapshot, api, resource, method, request);
    const timings: Timings = { integrationMs: 0 };
    const started = performance.now();
    await invoke(ctx, this.env, stagesTimed(timings));
    const latency = Math.round(performance.now() - started);

    const { headers, multiValueHeaders } = responseHeaders(ctx);
    const body = ctx.response!.body.toString('utf8');
    return { status: ctx.response!.statusCode, body, headers, multiValueHeaders, log: executionLog(ctx, headers, body, timings, new Date()), latency };
  }

  testInvokeAuthorizer(request: TestInvokeAuthorizerRequest): Promise<TestInvokeAuthorizerResult> {
    return testInvokeAuthorizer(this.env, request);
  }
}

/**
 * The pipeline without its route stage, and without authorize (a test invocation bypasses the
 * method's authorizer: "it bypasses any authorization mechanism", getting-started-lambda-non-proxy-integration.html), the integration timed for the log's "Integration latency".
 */
function stagesTimed(timings: Timings): PipelineStage[] {
  // Nor API keys, usage plans or throttles: a test invocation is no client's traffic.
  return REST_PIPELINE.filter((s) => s !== route && s !== resourcePolicy && s !== authorize && s !== apiKey && s !== throttle).map((stage) =>
    stage !== integration
      ? stage
      : async (ctx: InvocationContext, env: PipelineEnv) => {
          const t0 = performance.now();
          try {
            await stage(ctx, env);
          } finally {
            timings.integrationMs = Math.round(performance.now() - t0);
          }
        },
  );
}

function testContext(snapshot: DeploymentSnapshot, api: ReturnType<typeof compileDeployment>, resource: CompiledResource, method: CompiledMethod, req: TestInvokeRequest): InvocationContext {
  const request = testRequest(req.httpMethod, req.pathWithQueryString || resource.path, req);
  const path = request.path;

  // AWS accepts any path: the parameters are read off it where it fits the resource's path, else none.
  const own = new ResourceRouter<CompiledResource>();
  own.add(resource.path, resource);
  const pathParameters = own.match(path)?.pathParameters ?? {};

  const requestId = randomUUID();
  return {
    requestId,
    extendedRequestId: 'test-invoke-extendedRequestId',
    requestTimeEpoch: Date.now(),
    target: { apiId: snapshot.restApiId, stageName: TEST_INVOKE_STAGE },
    request,
    stage: {
      scope: req.scope,
      apiId: snapshot.restApiId,
      stageName: TEST_INVOKE_STAGE,
      deploymentId: 'test-invoke-deployment-id',
      variables: { ...(req.stageVariables ?? {}) },
      isCanary: false,
      api,
    },
    resource,
    method,
    pathParameters,
  };
}

/**
 * The answer's headers as TestInvokeMethod lists them: as the pipeline spelled them, without the
 * per-request ids of a live call, X-Amzn-Trace-Id (an HTTP integration's) first and Content-Type
 * next. An error answer lists only what its gateway response sets: recorded, test-invoke-failure
 * has x-amzn-ErrorType and no Content-Type.
 */
function responseHeaders(ctx: InvocationContext): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const out = { ...ctx.response!.headers };
  deleteHeader(out, 'x-amzn-RequestId');
  deleteHeader(out, 'x-amz-apigw-id');
  if (ctx.error && !contentTypeMapped(ctx)) deleteHeader(out, 'Content-Type');
  const first = [headerKey(out, 'X-Amzn-Trace-Id'), headerKey(out, 'Content-Type')].filter((k) => k !== undefined);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const name of [...first, ...Object.keys(out).filter((k) => !first.includes(k))]) {
    headers[name] = out[name].join(',');
    multiValueHeaders[name] = [...out[name]];
  }
  return { headers, multiValueHeaders };
}

/** Whether the API's gateway response for this error maps a Content-Type of its own. */
function contentTypeMapped(ctx: InvocationContext): boolean {
  const gr = ctx.stage?.api.gatewayResponses.get(ctx.error!.responseType);
  return Object.keys(gr?.responseParameters ?? {}).some((k) => k.toLowerCase() === 'gatewayresponse.header.content-type');
}
