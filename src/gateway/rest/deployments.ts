/**
 * Which compiled deployment answers `{apiId}/{stage}`: the stage's deployment (and its canary's),
 * compiled once and cached by deployment identity. The cache is kept right by the store's commit
 * notifications: a stage pointed at a new deployment, a deleted stage or API, a new API all drop
 * the affected entries, so a change is live exactly when the control plane commits it.
 * Only a cache miss reads the store; a hit costs one Map lookup.
 */
import { KIND, apiKey, type DeploymentSnapshot, type StageRecord } from '../../definitions/apigateway.js';
import type { Change, Scope, Store } from '../../store/types.js';
import { compileDeployment, type CompiledApi } from './compile.js';
import type { StageTarget } from './context.js';

export interface StageEntry {
  scope: Scope;
  apiId: string;
  stage: StageRecord;
  api: CompiledApi;
  /** The stage's own target (no canary), made once on first use by the route stage. */
  target?: StageTarget;
  canary?: { api: CompiledApi; deploymentId: string; percentTraffic: number; variables: Record<string, string> };
}

export type Lookup = StageEntry | 'no-api' | 'no-stage';
type Miss = Exclude<Lookup, StageEntry>;

/**
 * How many unknown `{apiId}/{stage}` answers (and unknown API ids) are remembered. They are cached
 * so a client repeating a wrong URL costs no store read, and bounded (dropped all at once when
 * full) so a scan of random URLs cannot grow memory without end.
 */
export const MAX_REMEMBERED_MISSES = 10_000;

export class DeploymentCache {
  private readonly stages = new Map<string, StageEntry>();
  private readonly misses = new Map<string, Miss>();
  private readonly apiScopes = new Map<string, Scope | null>();
  private readonly compiled = new Map<string, CompiledApi>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The cached answer, without touching the store (the hot path). */
  cached(apiId: string, stageName: string): Lookup | undefined {
    const id = `${apiId}/${stageName}`;
    return this.stages.get(id) ?? this.misses.get(id);
  }

  async lookup(apiId: string, stageName: string): Promise<Lookup> {
    const id = `${apiId}/${stageName}`;
    const hit = this.stages.get(id) ?? this.misses.get(id);
    if (hit) return hit;
    const result = await this.load(apiId, stageName);
    if (typeof result !== 'string') this.stages.set(id, result);
    else {
      if (this.misses.size >= MAX_REMEMBERED_MISSES) this.misses.clear();
      this.misses.set(id, result);
    }
    return result;
  }

  private async load(apiId: string, stageName: string): Promise<Lookup> {
    const scope = await this.scopeOf(apiId);
    if (!scope) return 'no-api';
    return this.store.transaction(scope, async (tx) => {
      const stage = await tx.get<StageRecord>(KIND.stage, apiKey(apiId, stageName));
      if (!stage) return 'no-stage';
      const api = await this.compile(scope, apiId, stage.deploymentId, (key) => tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, key));
      if (!api) return 'no-stage';
      const entry: StageEntry = { scope, apiId, stage, api };
      const canary = stage.canarySettings;
      if (canary?.deploymentId) {
        const canaryApi = await this.compile(scope, apiId, canary.deploymentId, (key) => tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, key));
        if (canaryApi) {
          entry.canary = {
            api: canaryApi,
            deploymentId: canary.deploymentId,
            percentTraffic: canary.percentTraffic ?? 0,
            variables: { ...(stage.variables ?? {}), ...(canary.stageVariableOverrides ?? {}) },
          };
        }
      }
      return entry;
    });
  }

  private async compile(
    scope: Scope,
    apiId: string,
    deploymentId: string,
    read: (key: string) => Promise<DeploymentSnapshot | undefined>,
  ): Promise<CompiledApi | undefined> {
    const id = `${scope.account}/${scope.region}/${apiId}/${deploymentId}`;
    let api = this.compiled.get(id);
    if (!api) {
      const snapshot = await read(apiKey(apiId, deploymentId));
      if (!snapshot) return undefined;
      api = compileDeployment(snapshot);
      this.compiled.set(id, api);
    }
    return api;
  }

  /** API ids are unique across every account and region Gatehouse holds, as on AWS. */
  private async scopeOf(apiId: string): Promise<Scope | null> {
    if (this.apiScopes.has(apiId)) return this.apiScopes.get(apiId)!;
    let found: Scope | null = null;
    for (const scope of await this.store.scopes(KIND.restApi)) {
      if (await this.store.transaction(scope, (tx) => tx.get(KIND.restApi, apiId))) {
        found = scope;
        break;
      }
    }
    if (!found && this.apiScopes.size >= MAX_REMEMBERED_MISSES) {
      for (const [id, scope] of this.apiScopes) if (!scope) this.apiScopes.delete(id);
    }
    this.apiScopes.set(apiId, found);
    return found;
  }

  private invalidate(changes: Change[]): void {
    for (const c of changes) {
      if (c.kind !== KIND.restApi && c.kind !== KIND.stage && c.kind !== KIND.deploymentSnapshot) continue;
      const apiId = (c.key ?? c.prefix ?? '').split('/')[0];
      if (!apiId) {
        this.stages.clear();
        this.misses.clear();
        this.apiScopes.clear();
        continue;
      }
      if (c.kind === KIND.restApi) this.apiScopes.delete(apiId);
      for (const id of this.stages.keys()) if (id.startsWith(`${apiId}/`)) this.stages.delete(id);
      for (const id of this.misses.keys()) if (id.startsWith(`${apiId}/`)) this.misses.delete(id);
      if (c.kind === KIND.deploymentSnapshot) {
        for (const id of this.compiled.keys()) if (id.split('/')[2] === apiId) this.compiled.delete(id);
      }
    }
  }
}
