/**
 * The data plane's side of FlushStageCache and FlushStageAuthorizersCache (the port in
 * src/definitions/stage-cache.ts). A stage's responses live in its stage cache (stage-caches.ts);
 * Lambda authorizer answers and Cognito authorizers' verified tokens live with the compiled
 * deployment (rest/authorizers.ts, cognito/authorizer.ts), so flushing
 * a stage's authorizer cache empties that of the deployments it serves now (its canary's too),
 * which another stage serving the same deployment shares. A stage the data plane has not loaded
 * has nothing cached.
 */
import type { StageCacheControl } from '../../definitions/stage-cache.js';
import type { Scope } from '../../store/types.js';
import type { CompiledApi } from '../rest/compile.js';
import type { PipelineEnv } from '../rest/env.js';

export class StageCacheFlusher implements StageCacheControl {
  constructor(private readonly env: PipelineEnv) {}

  flushStageCache(scope: Scope, restApiId: string, stageName: string): void {
    this.env.caches?.flush(scope, restApiId, stageName);
  }

  flushStageAuthorizersCache(scope: Scope, restApiId: string, stageName: string): void {
    const entry = this.env.deployments.cached(restApiId, stageName);
    if (!entry || typeof entry === 'string' || entry.scope.account !== scope.account || entry.scope.region !== scope.region) return;
    clearAuthorizers(entry.api);
    if (entry.canary) clearAuthorizers(entry.canary.api);
  }
}

function clearAuthorizers(api: CompiledApi): void {
  for (const a of api.authorizers?.values() ?? []) if ('cache' in a) a.cache.clear();
  for (const cache of api.cognitoCaches?.values() ?? []) cache.clear();
}
