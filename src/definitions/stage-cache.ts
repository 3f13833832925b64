/**
 * The port through which the control plane's FlushStageCache and FlushStageAuthorizersCache reach
 * the caches the data plane keeps in memory, without either importing the other (DESIGN.md): the
 * control plane checks the stage exists; the data plane (src/gateway/cache/flush.ts) empties its
 * caches; the server wires one to the other.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageCache.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageAuthorizersCache.html
 */
import type { Scope } from '../store/types.js';

export interface StageCacheControl {
  /** Every cached response of the stage (its canary's included) goes. */
  flushStageCache(scope: Scope, restApiId: string, stageName: string): void;
  /** Every cached Lambda authorizer answer of the deployments the stage serves goes. */
  flushStageAuthorizersCache(scope: Scope, restApiId: string, stageName: string): void;
}
