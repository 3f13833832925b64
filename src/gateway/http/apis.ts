/**
 * Which HTTP APIs exist and what their stages serve, in memory. An API id is looked up in the
 * store once (cached either way, so REST API ids cost one Map lookup after their first request);
 * an HTTP API's stages are read together with their deployments' compiled snapshots, so the
 * stage segment of a request path can be told from a resource path without a store read. The
 * store's commit feed drops an API's entry when its Api, a stage or a snapshot changes (an
 * autoDeploy stage gets a new snapshot on every change), so a change is live when it commits.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 */
import { KIND, childKey, type ApiRecord, type DeploymentSnapshot, type StageRecord } from '../../definitions/apigatewayv2.js';
import type { Change, Scope, Store } from '../../store/types.js';
import { compileHttpApi, type CompiledHttpApi } from './compile.js';
import type { HttpStage } from './context.js';

export interface HttpApiEntry {
  scope: Scope;
  apiId: string;
  /** Stages that have a deployment, by name (`$default` included). */
  stages: Map<string, HttpStage>;
}

/** Unknown ids remembered at most (dropped all at once when full), as the REST cache bounds its own. */
const MAX_MISSES = 10_000;

export class HttpApis {
  private readonly apis = new Map<string, HttpApiEntry | null>();
  private readonly loading = new Map<string, Promise<HttpApiEntry | null>>();
  private readonly compiled = new Map<string, CompiledHttpApi>();
  private misses = 0;
  /** Counts invalidations: an answer loaded while one happened is returned but not kept. */
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** Called with an API id whenever its entry is dropped (authorizer caches follow deployments). */
  onDrop?: (apiId: string) => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The cached answer without touching the store: an entry, null (no HTTP API), undefined (not known yet). */
  cached(apiId: string): HttpApiEntry | null | undefined {
    return this.apis.get(apiId);
  }

  lookup(apiId: string): Promise<HttpApiEntry | null> {
    const hit = this.apis.get(apiId);
    if (hit !== undefined) return Promise.resolve(hit);
    let pending = this.loading.get(apiId);
    if (!pending) {
      const generation = this.generation;
      pending = this.load(apiId).then(
        (entry) => {
          this.loading.delete(apiId);
          if (entry === null) {
            if (++this.misses > MAX_MISSES) this.dropMisses();
          }
          if (generation === this.generation) this.apis.set(apiId, entry);
          return entry;
        },
        (err) => {
          this.loading.delete(apiId);
          throw err;
        },
      );
      this.loading.set(apiId, pending);
    }
    return pending;
  }

  private dropMisses(): void {
    for (const [id, entry] of this.apis) if (entry === null) this.apis.delete(id);
    this.misses = 0;
  }

  private async load(apiId: string): Promise<HttpApiEntry | null> {
    for (const scope of await this.store.scopes(KIND.api)) {
      const entry = await this.store.transaction(scope, async (tx) => {
        const api = await tx.get<ApiRecord>(KIND.api, apiId);
        if (!api) return undefined;
        if (api.ProtocolType !== 'HTTP') return null;
        const stages = new Map<string, HttpStage>();
        for (const { value: stage } of await tx.list<StageRecord>(KIND.stage, `${apiId}/`)) {
          if (!stage.DeploymentId) continue;
          const id = `${apiId}/${stage.DeploymentId}`;
          let compiled = this.compiled.get(id);
          if (!compiled) {
            const snapshot = await tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, childKey(apiId, stage.DeploymentId));
            if (!snapshot) continue;
            compiled = compileHttpApi(snapshot);
            this.compiled.set(id, compiled);
          }
          stages.set(stage.StageName, {
            scope,
            apiId,
            stageName: stage.StageName,
            deploymentId: stage.DeploymentId,
            variables: stage.StageVariables ?? {},
            api: compiled,
            record: stage,
          });
        }
        return { scope, apiId, stages };
      });
      if (entry !== undefined) return entry;
    }
    return null;
  }

  private invalidate(changes: Change[]): void {
    for (const c of changes) {
      if (c.kind !== KIND.api && c.kind !== KIND.stage && c.kind !== KIND.deploymentSnapshot) continue;
      this.generation++;
      const apiId = (c.key ?? c.prefix ?? '').split('/')[0];
      if (!apiId) {
        this.apis.clear();
        this.compiled.clear();
        continue;
      }
      this.apis.delete(apiId);
      this.loading.delete(apiId);
      this.onDrop?.(apiId);
      if (c.kind === KIND.deploymentSnapshot) {
        if (c.key) this.compiled.delete(c.key);
        else for (const id of this.compiled.keys()) if (id.startsWith(`${apiId}/`)) this.compiled.delete(id);
      }
    }
  }
}
