/**
 * The REST API invocation pipeline: one ordered list, one typed context, one file per stage,
 * named as the API Gateway console names the steps. A stage throws a GatewayError to stop; the
 * gateway-response stage renders it. Stages are synchronous where they can be: the runner awaits
 * only what returns a promise, so a MOCK request never leaves the microtask it arrived on.
 */
import { performance } from 'node:perf_hooks';
import { apiConfigurationError, GatewayError } from '../errors.js';
import type { InvocationContext } from './context.js';
import type { PipelineEnv } from './env.js';
import { route } from './handlers/route.js';
import { methodRequest } from './handlers/method-request.js';
import { resourcePolicy } from './handlers/resource-policy.js';
import { authorize } from './handlers/authorize.js';
import { apiKey } from './handlers/api-key.js';
import { throttle } from './handlers/throttle.js';
import { requestValidation } from './handlers/request-validation.js';
import { integrationRequest } from './handlers/integration-request.js';
import { integration } from './handlers/integration.js';
import { integrationResponse } from './handlers/integration-response.js';
import { methodResponse } from './handlers/method-response.js';
import { cacheLookup } from './handlers/cache-lookup.js';
import { cacheStore } from './handlers/cache-store.js';
import { gatewayResponse } from './handlers/gateway-response.js';
import { responseHeaders } from './handlers/response-headers.js';

export type PipelineStage = (ctx: InvocationContext, env: PipelineEnv) => void | Promise<void>;

/** The order AWS runs them in (DESIGN.md, "Data plane: an invocation pipeline"). */
export const REST_PIPELINE: readonly PipelineStage[] = [
  route,
  methodRequest,
  resourcePolicy,
  authorize,
  apiKey,
  throttle,
  requestValidation,
  cacheLookup,
  integrationRequest,
  integration,
  integrationResponse,
  methodResponse,
  cacheStore,
];

export async function invoke(ctx: InvocationContext, env: PipelineEnv, stages: readonly PipelineStage[] = REST_PIPELINE): Promise<void> {
  // When the integration started, for $context.integrationLatency and the IntegrationLatency metric.
  let integrationStarted = -1;
  try {
    for (const stage of stages) {
      if (stage === integration) integrationStarted = performance.now();
      const pending = stage(ctx, env);
      if (pending) await pending;
      if (stage === integration) ctx.integrationLatency = performance.now() - integrationStarted;
      if (ctx.answered) break; // a cache hit: nothing of the integration runs
    }
  } catch (err) {
    if (integrationStarted >= 0 && ctx.integrationLatency === undefined) ctx.integrationLatency = performance.now() - integrationStarted;
    ctx.error = err instanceof GatewayError ? err : unexpected(ctx, err);
    gatewayResponse(ctx);
  }
  responseHeaders(ctx);
}

/** A bug of ours: logged with the request id, answered as AWS answers its own failures. */
function unexpected(ctx: InvocationContext, err: unknown): GatewayError {
  console.error(`[gatehouse] data plane error (request ${ctx.requestId}):`, err);
  return apiConfigurationError();
}
