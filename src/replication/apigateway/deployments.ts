/**
 * Deployments and stages (v1): what each stage serves, and the stage itself.
 *
 * Capturing a stage's deployed state through the API alone: GetDeployment with
 * embed=apisummary answers only each method's authorization type and apiKeyRequired, not its
 * integration, templates, models or authorizers, so it cannot rebuild what the stage serves.
 * GetExport of the stage (oas30, extensions=apigateway) is the whole deployed definition with
 * every x-amazon-apigateway-* extension (integrations, authorizers, validators, gateway
 * responses, policy, binary media types, API key source) in the form PutRestApi takes back.
 * So a deployment is captured as its stage's export, and materialised in the target by
 * PutRestApi (mode=overwrite, ignore=documentation) followed by CreateDeployment; the API's
 * working (undeployed) state is then written back over it, resource by resource (apply.ts runs
 * the types in order and converges). A deployment no stage serves cannot be exported: only
 * deployments of stages (and canaries) are replicated, and a canary's own snapshot, which
 * GetExport does not reach, is recovered from the working state and reported (points.ts warnings).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html
 *
 * Seed, "Stage": the access log destination's region and account are the recovery's (translate.ts),
 * the Rest API ID the replicated API's.
 */
import {
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteStageCommand,
  GetDeploymentsCommand,
  GetExportCommand,
  GetStagesCommand,
  PutRestApiCommand,
  UpdateStageCommand,
  type Deployment,
  type MethodSetting,
  type PatchOperation,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import { ref } from '../neutral.js';
import type { ApplyContext, Node, ResourceType, Side } from '../model.js';
import { clean, esc, mapOps, pick, syncTags, userTags } from './common.js';
import { REST_API } from './rest-apis.js';
import { vpcLinkKey } from './resources.js';

export const DEPLOYMENT = 'apigateway:Deployment';
export const STAGE = 'apigateway:Stage';
export const CLIENT_CERTIFICATE = 'apigateway:ClientCertificate';

export const clientCertificateKey = (id: string) => makeKey(undefined, CLIENT_CERTIFICATE, id);

async function stagesOf(side: Side, restApiId: string): Promise<Stage[]> {
  return (await send<{ item?: Stage[] }>(side.apigateway, new GetStagesCommand({ restApiId }))).item ?? [];
}

async function exportStage(side: Side, restApiId: string, stageName: string): Promise<unknown> {
  const out = await send<{ body?: Uint8Array }>(
    side.apigateway,
    new GetExportCommand({ restApiId, stageName, exportType: 'oas30', parameters: { extensions: 'apigateway' }, accepts: 'application/json' }),
  );
  return JSON.parse(Buffer.from(out.body ?? new Uint8Array()).toString('utf8'));
}

/** An export's VPC link integrations name their link by id: made references, like a method's. */
function markVpcLinks<T>(v: T): T {
  if (Array.isArray(v)) v.forEach(markVpcLinks);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (String(o.connectionType).toUpperCase() === 'VPC_LINK' && typeof o.connectionId === 'string' && !o.connectionId.includes('${')) o.connectionId = ref(vpcLinkKey(o.connectionId));
    Object.values(o).forEach(markVpcLinks);
  }
  return v;
}

export const deploymentType: ResourceType = {
  type: DEPLOYMENT,
  parentType: REST_API,
  order: 20,
  idKeyed: true,
  keepExtra: true,
  // Without an export (a canary's deployment), the snapshot is the working state: made after it.
  late: { order: 55, applies: (node) => !node.payload?.export },
  async list(side, api, options) {
    const deployments = await pages<Deployment>((position) => send(side.apigateway, new GetDeploymentsCommand({ restApiId: api!.id, position, limit: 500 })));
    const stages = await stagesOf(side, api!.id);
    const servedBy = new Map<string, string>();
    const canaryOnly = new Set<string>();
    for (const s of stages) if (s.deploymentId && !servedBy.has(s.deploymentId)) servedBy.set(s.deploymentId, s.stageName!);
    for (const s of stages) if (s.canarySettings?.deploymentId && !servedBy.has(s.canarySettings.deploymentId)) canaryOnly.add(s.canarySettings.deploymentId);
    const nodes: Node[] = [];
    // Oldest first, so the target's deployments are made in the source's order.
    for (const d of [...deployments].sort((a, b) => (a.createdDate?.getTime() ?? 0) - (b.createdDate?.getTime() ?? 0))) {
      const stage = servedBy.get(d.id!);
      if (options.capture && !stage && !canaryOnly.has(d.id!)) continue;
      const payload: Record<string, unknown> = {};
      if (options.capture && stage) payload.export = markVpcLinks(await exportStage(side, api!.id, stage));
      if (options.capture && !stage) payload.warning = `deployment ${d.id} serves only a canary: GetExport cannot read its snapshot, so it is recovered from the API's working state`;
      nodes.push({ type: DEPLOYMENT, key: makeKey(api!.key, DEPLOYMENT, d.id!), id: d.id!, parent: api!.key, label: `deployment ${d.id}${stage ? ` (${stage})` : ''}`, props: clean({ description: d.description }), payload });
    }
    return nodes;
  },
  async create(ctx, d, apiId) {
    const definition = d.payload?.export;
    if (definition) {
      await send(
        ctx.target.apigateway,
        new PutRestApiCommand({ restApiId: apiId!, mode: 'overwrite', parameters: { ignore: 'documentation' }, body: Buffer.from(JSON.stringify(definition)) }),
      );
    }
    const out = await send<Deployment>(ctx.target.apigateway, new CreateDeploymentCommand({ restApiId: apiId!, description: d.props.description as string | undefined }));
    return out.id!;
  },
  // A deployment is immutable: only its description can differ, and that is not worth a new one.
  async update() {},
  async delete() {},
  async adopt(ctx, source, apiId) {
    const items = await pages<Deployment>((position) => send(ctx.target.apigateway, new GetDeploymentsCommand({ restApiId: apiId!, position, limit: 500 })));
    const since = Number(source.payload?.intentAt ?? 0);
    return items.find((d) => d.description === source.props.description && (d.createdDate?.getTime() ?? 0) >= since - 1000)?.id;
  },
};

const SETTING_PATHS: Record<string, string> = {
  metricsEnabled: 'metrics/enabled',
  loggingLevel: 'logging/loglevel',
  dataTraceEnabled: 'logging/dataTrace',
  throttlingBurstLimit: 'throttling/burstLimit',
  throttlingRateLimit: 'throttling/rateLimit',
  cachingEnabled: 'caching/enabled',
  cacheTtlInSeconds: 'caching/ttlInSeconds',
  cacheDataEncrypted: 'caching/dataEncrypted',
  requireAuthorizationForCacheControl: 'caching/requireAuthorizationForCacheControl',
  unauthorizedCacheControlHeaderStrategy: 'caching/unauthorizedCacheControlHeaderStrategy',
};

/** "pets/GET" -> "/~1pets/GET", "*\/*" -> "/*\/*", "/GET" (the root) -> "/~1/GET". */
function settingPath(key: string): string {
  const at = key.lastIndexOf('/');
  const resource = key.slice(0, at);
  const method = key.slice(at + 1);
  if (resource === '*') return `/*/${method}`;
  return `/${esc(resource.startsWith('/') ? resource : `/${resource}`)}/${method}`;
}

interface StageProps {
  description?: string;
  deploymentId?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  clientCertificateId?: string;
  documentationVersion?: string;
  methodSettings?: Record<string, MethodSetting>;
  accessLogSettings?: { format?: string; destinationArn?: string };
  canarySettings?: { percentTraffic?: number; deploymentId?: string; stageVariableOverrides?: Record<string, string>; useStageCache?: boolean };
  tags?: Record<string, string>;
}

function stageProps(api: Node, s: Stage): StageProps {
  return clean({
    description: s.description,
    deploymentId: s.deploymentId ? ref(makeKey(api.key, DEPLOYMENT, s.deploymentId)) : undefined,
    variables: s.variables,
    cacheClusterEnabled: s.cacheClusterEnabled || undefined,
    cacheClusterSize: s.cacheClusterEnabled ? s.cacheClusterSize : undefined,
    tracingEnabled: s.tracingEnabled || undefined,
    clientCertificateId: s.clientCertificateId ? ref(clientCertificateKey(s.clientCertificateId)) : undefined,
    documentationVersion: s.documentationVersion,
    methodSettings: s.methodSettings,
    accessLogSettings: pick(s.accessLogSettings, ['format', 'destinationArn']),
    canarySettings: s.canarySettings
      ? {
          ...pick(s.canarySettings, ['percentTraffic', 'stageVariableOverrides', 'useStageCache']),
          deploymentId: s.canarySettings.deploymentId ? ref(makeKey(api.key, DEPLOYMENT, s.canarySettings.deploymentId)) : undefined,
        }
      : undefined,
    tags: userTags(s.tags),
  });
}

function stageOps(d: StageProps, a: StageProps): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const scalar = (field: keyof StageProps, value: unknown, current: unknown) => {
    if (JSON.stringify(value ?? null) !== JSON.stringify(current ?? null)) ops.push({ op: 'replace', path: `/${field}`, value: value === undefined ? '' : String(value) });
  };
  scalar('deploymentId', d.deploymentId, a.deploymentId);
  scalar('description', d.description, a.description);
  scalar('cacheClusterEnabled', Boolean(d.cacheClusterEnabled), Boolean(a.cacheClusterEnabled));
  if (d.cacheClusterEnabled) scalar('cacheClusterSize', d.cacheClusterSize, a.cacheClusterSize);
  scalar('tracingEnabled', Boolean(d.tracingEnabled), Boolean(a.tracingEnabled));
  scalar('clientCertificateId', d.clientCertificateId, a.clientCertificateId);
  scalar('documentationVersion', d.documentationVersion, a.documentationVersion);
  ops.push(...mapOps('variables', d.variables, a.variables));
  for (const [key, setting] of Object.entries(d.methodSettings ?? {})) {
    const current = a.methodSettings?.[key] ?? {};
    for (const [field, path] of Object.entries(SETTING_PATHS)) {
      const v = (setting as Record<string, unknown>)[field];
      if (v !== undefined && v !== (current as Record<string, unknown>)[field]) ops.push({ op: 'replace', path: `${settingPath(key)}/${path}`, value: String(v) });
    }
  }
  for (const key of Object.keys(a.methodSettings ?? {})) if (!(key in (d.methodSettings ?? {}))) ops.push({ op: 'remove', path: settingPath(key) });
  if (JSON.stringify(d.accessLogSettings ?? {}) !== JSON.stringify(a.accessLogSettings ?? {})) {
    if (!d.accessLogSettings) ops.push({ op: 'remove', path: '/accessLogSettings' });
    else {
      ops.push({ op: 'replace', path: '/accessLogSettings/destinationArn', value: d.accessLogSettings.destinationArn ?? '' });
      ops.push({ op: 'replace', path: '/accessLogSettings/format', value: d.accessLogSettings.format ?? '' });
    }
  }
  if (JSON.stringify(d.canarySettings ?? {}) !== JSON.stringify(a.canarySettings ?? {})) {
    const c = d.canarySettings;
    if (!c) ops.push({ op: 'remove', path: '/canarySettings' });
    else {
      if (c.deploymentId !== a.canarySettings?.deploymentId) ops.push({ op: 'replace', path: '/canarySettings/deploymentId', value: c.deploymentId ?? '' });
      if (c.percentTraffic !== a.canarySettings?.percentTraffic) ops.push({ op: 'replace', path: '/canarySettings/percentTraffic', value: String(c.percentTraffic ?? 0) });
      if (Boolean(c.useStageCache) !== Boolean(a.canarySettings?.useStageCache)) ops.push({ op: 'replace', path: '/canarySettings/useStageCache', value: String(Boolean(c.useStageCache)) });
      ops.push(...mapOps('canarySettings/stageVariableOverrides', c.stageVariableOverrides, a.canarySettings?.stageVariableOverrides));
    }
  }
  return ops;
}

async function patchStage(ctx: ApplyContext, restApiId: string, stageName: string, d: StageProps, a: StageProps): Promise<void> {
  const ops = stageOps(d, a);
  if (ops.length) await send(ctx.target.apigateway, new UpdateStageCommand({ restApiId, stageName, patchOperations: ops }));
  if (JSON.stringify(d.tags ?? {}) !== JSON.stringify(a.tags ?? {})) await syncTags(ctx.target, `/restapis/${restApiId}/stages/${stageName}`, d.tags);
}

export const stageType: ResourceType = {
  type: STAGE,
  parentType: REST_API,
  order: 60,
  idKeyed: false,
  async list(side, api) {
    return (await stagesOf(side, api!.id)).map((s) => ({
      type: STAGE,
      key: makeKey(api!.key, STAGE, s.stageName!),
      id: s.stageName!,
      parent: api!.key,
      label: `stage ${s.stageName}`,
      props: stageProps(api!, s) as Record<string, unknown>,
    }));
  },
  async create(ctx, d, apiId) {
    const p = d.props as StageProps;
    const created: StageProps = { deploymentId: p.deploymentId, description: p.description, variables: p.variables, tracingEnabled: p.tracingEnabled, tags: p.tags };
    await send(
      ctx.target.apigateway,
      new CreateStageCommand({
        restApiId: apiId!,
        stageName: d.id,
        deploymentId: p.deploymentId!,
        description: p.description,
        variables: p.variables,
        tracingEnabled: p.tracingEnabled,
        tags: p.tags,
      }),
    );
    await patchStage(ctx, apiId!, d.id, p, created);
    return d.id;
  },
  async update(ctx, d, a) {
    await patchStage(ctx, lastSegment(rootKey(a.key)).id, a.id, d.props as StageProps, a.props as StageProps);
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteStageCommand({ restApiId: lastSegment(rootKey(a.key)).id, stageName: a.id }));
  },
};
