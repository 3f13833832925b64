/**
 * The Stage document and the rules every stage writer shares (CreateStage, CreateDeployment with
 * a stageName, UpdateStage): name and variable validation, canary defaults, and how a stored
 * stage is answered. https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html
 */
import { badRequest } from '../../aws/errors.js';
import type { S_CanarySettings } from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import type { StageRecord } from '../../definitions/apigateway.js';
export type { AccessLogSettings, StageRecord } from '../../definitions/apigateway.js';
import { apiKey, apiPrefix, KIND, requireDoc, type Tags } from './records.js';

/** Cache sizes AWS offers (GB); the model's CacheClusterSize enum. */
export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

export function requireStage(tx: StoreTx, restApiId: string, stageName: string): Promise<StageRecord> {
  return requireDoc(tx, KIND.stage, apiKey(restApiId, stageName), 'Invalid Stage identifier specified');
}

/** The ids of every deployment of an API, read once (UpdateStage checks ids synchronously). */
export async function deploymentIds(tx: StoreTx, restApiId: string): Promise<Set<string>> {
  const prefix = apiPrefix(restApiId);
  return new Set((await tx.list<unknown>(KIND.deployment, prefix)).map((e) => e.key.slice(prefix.length)));
}

/**
 * "Stage names can only contain alphanumeric characters, hyphens, and underscores. Maximum length
 * is 128 characters." (Developer Guide, api-gateway-known-issues). AWS's refusal used to read
 * "Stage name only allows a-zA-Z0-9_"; hyphens have been allowed since.
 */
export function validateStageName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    throw badRequest('Stage name only allows a-zA-Z0-9_- and must be at most 128 characters long');
  }
}

/**
 * Stage variables: "Variable names can have alphanumeric and underscore characters, and the values
 * must match [A-Za-z0-9-._~:/?#&=,]+" (API reference, Stage.variables); names up to 64 and values
 * up to 512 characters, at most 100 per stage (Developer Guide, limits).
 */
export function validateVariable(name: string, value: string | undefined): void {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) {
    throw badRequest(`Invalid stage variable name: ${name}. Please use names of at most 64 alphanumeric characters and underscores.`);
  }
  if (value === undefined || !/^[A-Za-z0-9\-._~:/?#&=, ]{1,512}$/.test(value)) {
    throw badRequest(
      `Invalid stage variable value: ${value ?? 'null'}. Please use values of at most 512 alphanumeric characters and the symbols ' ', '-', '.', '_', '~', ':', '/', '?', '#', '&', '=', and ','.`,
    );
  }
}

export function validateVariables(variables: Record<string, string> | undefined): void {
  if (!variables) return;
  const names = Object.keys(variables);
  if (names.length > 100) throw badRequest('A stage can have at most 100 stage variables');
  for (const name of names) validateVariable(name, variables[name]);
}

export function validatePercentTraffic(percent: number): void {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw badRequest(`Invalid canary percentTraffic: ${percent}. Must be between 0.0 and 100.0`);
  }
}

export function validateCacheClusterSize(size: string): void {
  if (!CACHE_CLUSTER_SIZES.includes(size)) {
    throw badRequest(`Invalid cache cluster size specified: ${size}. Must be one of: [${CACHE_CLUSTER_SIZES.join(', ')}]`);
  }
}

/**
 * A canary as AWS fills it in: traffic 0 %, no stage cache, and (unless named) the stage's own
 * deployment. https://docs.aws.amazon.com/apigateway/latest/api/API_CanarySettings.html
 */
export function canaryWithDefaults(stageDeploymentId: string, given: S_CanarySettings = {}): S_CanarySettings {
  const canary: S_CanarySettings = {
    deploymentId: given.deploymentId ?? stageDeploymentId,
    percentTraffic: given.percentTraffic ?? 0,
    useStageCache: given.useStageCache ?? false,
  };
  if (given.stageVariableOverrides) canary.stageVariableOverrides = { ...given.stageVariableOverrides };
  validatePercentTraffic(canary.percentTraffic!);
  validateVariables(canary.stageVariableOverrides);
  return canary;
}

/** Turning the cache on reports it AVAILABLE (Gatehouse provisions nothing to wait for) at 0.5 GB unless sized. */
export function setCacheCluster(stage: StageRecord, enabled: boolean | undefined, size: string | undefined): void {
  if (size !== undefined) {
    validateCacheClusterSize(size);
    stage.cacheClusterSize = size;
  }
  if (enabled !== undefined) stage.cacheClusterEnabled = enabled;
  if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5';
  stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
}

export interface NewStageInput {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  documentationVersion?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  canarySettings?: S_CanarySettings;
  tags?: Tags;
}

/** A new stage with AWS's defaults: no cache, no tracing, no method settings. */
export function newStage(input: NewStageInput, now: Date): StageRecord {
  validateStageName(input.stageName);
  validateVariables(input.variables);
  const stage: StageRecord = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    description: input.description,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: {},
    variables: input.variables && Object.keys(input.variables).length ? { ...input.variables } : undefined,
    documentationVersion: input.documentationVersion,
    tracingEnabled: input.tracingEnabled ?? false,
    tags: input.tags && Object.keys(input.tags).length ? { ...input.tags } : undefined,
    createdDate: now.toISOString(),
    lastUpdatedDate: now.toISOString(),
  };
  setCacheCluster(stage, input.cacheClusterEnabled, input.cacheClusterSize);
  if (input.canarySettings) stage.canarySettings = canaryWithDefaults(input.deploymentId, input.canarySettings);
  return stage;
}

/** The Stage as AWS answers it: empty maps it leaves out are left out. */
export function renderStage(stage: StageRecord): StageRecord {
  const out: StageRecord = { ...stage };
  if (!out.variables || !Object.keys(out.variables).length) delete out.variables;
  if (out.accessLogSettings && !Object.keys(out.accessLogSettings).length) delete out.accessLogSettings;
  if (out.canarySettings?.stageVariableOverrides && !Object.keys(out.canarySettings.stageVariableOverrides).length) {
    out.canarySettings = { ...out.canarySettings };
    delete out.canarySettings.stageVariableOverrides;
  }
  return out;
}
