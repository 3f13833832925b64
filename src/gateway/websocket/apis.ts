/**
 * Which WebSocket APIs exist and what their stages serve, in memory (the HTTP API index's twin,
 * http/apis.ts). An API id is looked up in the store once and cached either way, so REST and HTTP
 * API ids cost one Map lookup after their first request; the store's commit feed drops an API's
 * entry when its Api, a stage or a snapshot changes, so a new deployment is live when it commits.
 * Connections already open keep the stage they connected to, as on AWS.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-publish.html
 */
import { KIND, childKey, type ApiRecord, type DeploymentSnapshot, type StageRecord } from '../../definitions/apigatewayv2.js';
import type { Change, Scope, Store } from '../../store/types.js';
import { compileWebSocketApi, type CompiledWebSocketApi } from './compile.js';

export interface WebSocketStage {
  scope: Scope;
  apiId: string;
  stageName: string;
  deploymentId: string;
  variables: Record<string, string>;
  api: CompiledWebSocketApi;
  /** The stage as stored: its route settings (throttles, detailed metrics) and access log settings. */
  record: StageRecord;
}

export interface WebSocketApiEntry {
  scope: Scope;
  apiId: string;
  /** Stages that have a deployment, by name. */
  stages: Map<string, WebSocketStage>;
}

const MAX_MISSES = 10_000;

export class WebSocketApis {
  private readonly apis = new Map<string, WebSocketApiEntry | null>();
  private readonly loading = new Map<string, Promise<WebSocketApiEntry | null>>();
  private readonly compiled = new Map<string, CompiledWebSocketApi>();
  private misses = 0;
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The WebSocket API an id names, null when it names none; one Map lookup once known. */
  entry(apiId: string): WebSocketApiEntry | null | Promise<WebSocketApiEntry | null> {
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

  private async load(apiId: string): Promise<WebSocketApiEntry | null> {
    for (const scope of await this.store.scopes(KIND.api)) {
      const entry = await this.store.transaction(scope, async (tx) => {
        const api = await tx.get<ApiRecord>(KIND.api, apiId);
        if (!api) return undefined;
        if (api.ProtocolType !== 'WEBSOCKET') return null;
        const stages = new Map<string, WebSocketStage>();
        for (const { value: stage } of await tx.list<StageRecord>(KIND.stage, `${apiId}/`)) {
          if (!stage.DeploymentId) continue;
          const id = `${apiId}/${stage.DeploymentId}`;
          let compiled = this.compiled.get(id);
          if (!compiled) {
            const snapshot = await tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, childKey(apiId, stage.DeploymentId));
            if (!snapshot) continue;
            compiled = compileWebSocketApi(snapshot);
            this.compiled.set(id, compiled);
          }
          stages.set(stage.StageName, { scope, apiId, stageName: stage.StageName, deploymentId: stage.DeploymentId, variables: stage.StageVariables ?? {}, api: compiled, record: stage });
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
      if (c.kind === KIND.deploymentSnapshot) {
        if (c.key) this.compiled.delete(c.key);
        else for (const id of this.compiled.keys()) if (id.startsWith(`${apiId}/`)) this.compiled.delete(id);
      }
    }
  }
}
