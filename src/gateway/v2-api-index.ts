/**
 * Which apigatewayv2 APIs of one protocol type exist and what their stages serve, in memory: the
 * index HTTP APIs (http/apis.ts) and WebSocket APIs (websocket/apis.ts) share. An API id is looked
 * up in the store once and cached either way (an id of another kind is a remembered miss, so REST
 * API ids cost one Map lookup after their first request); an API's stages are read together with
 * their deployments' snapshots, each compiled once per deployment id. The store's commit feed
 * drops an API's entry when its Api, a stage or a snapshot changes (an autoDeploy stage gets a new
 * snapshot on every change), so a change is live when it commits.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-publish.html
 */
import { KIND, childKey, type ApiRecord, type DeploymentSnapshot, type StageRecord } from '../definitions/apigatewayv2.js';
import type { Change, Scope, Store } from '../store/types.js';

export interface V2ApiEntry<Stage> {
  scope: Scope;
  apiId: string;
  /** Stages that have a deployment, by name (`$default` included). */
  stages: Map<string, Stage>;
}

/** What a stage of the index is built from: the stage as stored and its deployment, compiled. */
export interface V2StageParts<Compiled> {
  scope: Scope;
  apiId: string;
  stage: StageRecord;
  deploymentId: string;
  compiled: Compiled;
}

export interface V2ApiIndexOptions<Compiled, Stage> {
  protocolType: ApiRecord['ProtocolType'];
  compile: (snapshot: DeploymentSnapshot) => Compiled;
  stage: (parts: V2StageParts<Compiled>) => Stage;
}

/** The stage builder both planes use: the shape of HttpStage (http/context.ts) and WebSocketStage. */
export function v2Stage<Compiled>({ scope, apiId, stage, deploymentId, compiled }: V2StageParts<Compiled>) {
  return { scope, apiId, stageName: stage.StageName, deploymentId, variables: stage.StageVariables ?? {}, api: compiled, record: stage };
}

/** Unknown ids remembered at most (dropped all at once when full), as the REST cache bounds its own. */
const MAX_MISSES = 10_000;

export class V2ApiIndex<Compiled, Stage> {
  private readonly apis = new Map<string, V2ApiEntry<Stage> | null>();
  private readonly loading = new Map<string, Promise<V2ApiEntry<Stage> | null>>();
  private readonly compiled = new Map<string, Compiled>();
  private misses = 0;
  /** Counts invalidations: an answer loaded while one happened is returned but not kept. */
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** Called with an API id whenever its entry is dropped (authorizer caches follow deployments). */
  onDrop?: (apiId: string) => void;

  constructor(
    private readonly store: Store,
    private readonly options: V2ApiIndexOptions<Compiled, Stage>,
  ) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The cached answer without touching the store: an entry, null (no such API), undefined (not known yet). */
  cached(apiId: string): V2ApiEntry<Stage> | null | undefined {
    return this.apis.get(apiId);
  }

  /** The API an id names, null when it names none; one Map lookup once known. */
  entry(apiId: string): V2ApiEntry<Stage> | null | Promise<V2ApiEntry<Stage> | null> {
    const hit = this.apis.get(apiId);
    if (hit !== undefined) return hit;
    let pending = this.loading.get(apiId);
    if (!pending) {
      const generation = this.generation;
      pending = this.load(apiId).then(
        (entry) => {
          this.loading.delete(apiId);
          if (entry === null && ++this.misses > MAX_MISSES) this.dropMisses();
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

  private async load(apiId: string): Promise<V2ApiEntry<Stage> | null> {
    const { protocolType, compile, stage: buildStage } = this.options;
    for (const scope of await this.store.scopes(KIND.api)) {
      const entry = await this.store.transaction(scope, async (tx) => {
        const api = await tx.get<ApiRecord>(KIND.api, apiId);
        if (!api) return undefined;
        if (api.ProtocolType !== protocolType) return null;
        const stages = new Map<string, Stage>();
        for (const { value: stage } of await tx.list<StageRecord>(KIND.stage, `${apiId}/`)) {
          if (!stage.DeploymentId) continue;
          const id = `${apiId}/${stage.DeploymentId}`;
          let compiled = this.compiled.get(id);
          if (compiled === undefined) {
            const snapshot = await tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, childKey(apiId, stage.DeploymentId));
            if (!snapshot) continue;
            compiled = compile(snapshot);
            this.compiled.set(id, compiled);
          }
          stages.set(stage.StageName, buildStage({ scope, apiId, stage, deploymentId: stage.DeploymentId, compiled }));
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
