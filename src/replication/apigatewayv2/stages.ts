/**
 * Deployments and stages (v2): what each stage serves, and the stage itself.
 *
 * Capturing a v2 stage's deployed state through the API alone: GetDeployment answers only a
 * deployment's id, status and description, not what it serves. For HTTP APIs, ExportApi with a
 * StageName is the stage's deployed definition (routes, integrations, authorizers, CORS, as
 * OpenAPI with x-amazon-apigateway-* extensions) in the form ReimportApi takes back, so a
 * deployment is captured as its stage's export when that differs from the working (undeployed)
 * state's export, and materialised by ReimportApi + CreateDeployment; the working state is then
 * written back over it by the next pass (apply.ts converges; integrations and authorizers that the
 * import gave new ids are found again by what they are, routes by their keys). When the export
 * equals the working state's, CreateDeployment after the working state is rebuilt is the same
 * snapshot, with no import. AWS exports no WebSocket API, so a WebSocket stage's deployment is
 * recovered from the routes, route responses and integrations as they are (a warning in the
 * point says so). A stage with autoDeploy has no deployment node: the recovered stage, created
 * with autoDeploy, deploys the recovered working state itself, which is what the source's served.
 *
 * Seed, "Stage": the access log destination ARN takes the recovery region and account
 * (translate.ts), the API ID is the replicated API's, and a stage with neither a deployment nor
 * autoDeploy is created without its route settings (AWS refuses route settings for routes no
 * deployment holds), reported (ROUTE_SETTINGS_UNDEPLOYED). Stage variables, default route
 * settings, route settings, the client certificate (v1's, shared) and tags are replicated.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-exports-specification.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
 */
import {
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteAccessLogSettingsCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  ExportApiCommand,
  GetDeploymentsCommand,
  GetStagesCommand,
  ReimportApiCommand,
  UpdateStageCommand,
  type Deployment,
  type Stage,
} from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import type { Node, ResourceType, Side, TranslateHooks } from '../model.js';
import { translateJwt } from './authorizers.js';
import { vpcLinkV2Key } from './vpc-links.js';
import { ref } from '../neutral.js';
import { RULES } from '../rules.js';
import { clientCertificateKey } from '../apigateway/deployments.js';
import { API } from './apis.js';
import { all, clean, pick, same, syncV2Tags, userTags, v2 } from './common.js';

export const DEPLOYMENT_V2 = 'apigatewayv2:Deployment';
export const STAGE_V2 = 'apigatewayv2:Stage';

const stagesOf = (side: Side, apiId: string) => all<Stage>((NextToken) => send(v2(side), new GetStagesCommand({ ApiId: apiId, NextToken, MaxResults: '500' })));

async function exportOf(side: Side, apiId: string, stageName?: string): Promise<Record<string, unknown>> {
  const out = await send<{ body?: Uint8Array }>(v2(side), new ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: true, StageName: stageName }));
  return JSON.parse(Buffer.from(out.body ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;
}

/** An export's private integrations name their VPC link by id: made references, like an integration's ConnectionId. */
function markVpcLinks<T>(v: T): T {
  if (Array.isArray(v)) v.forEach(markVpcLinks);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (String(o.connectionType).toUpperCase() === 'VPC_LINK' && typeof o.connectionId === 'string' && !o.connectionId.includes('${')) o.connectionId = ref(vpcLinkV2Key(o.connectionId));
    Object.values(o).forEach(markVpcLinks);
  }
  return v;
}

/** An export without its `info` (a title and a version that may be a date) and server list. */
const definitionOf = (doc: Record<string, unknown>) => JSON.stringify({ ...doc, info: undefined, servers: undefined });

/** JWT authorizers inside an export (x-amazon-apigateway-authorizer.jwtConfiguration) follow the authorizer rules. */
function translateExportJwt(value: unknown, path: string, hooks: TranslateHooks): void {
  if (Array.isArray(value)) value.forEach((v, i) => translateExportJwt(v, `${path}[${i}]`, hooks));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const jwt = o.jwtConfiguration as { issuer?: string; audience?: string[] | string } | undefined;
    if (jwt && typeof jwt === 'object' && typeof jwt.issuer === 'string') {
      const v2jwt = { Issuer: jwt.issuer, Audience: typeof jwt.audience === 'string' ? [jwt.audience] : jwt.audience };
      translateJwt(v2jwt, { ...hooks, report: (p, from, to, rule, status) => hooks.report(`${path}.jwtConfiguration.${p}`, from, to, rule, status) });
      jwt.issuer = v2jwt.Issuer;
      if (v2jwt.Audience) jwt.audience = v2jwt.Audience;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'jwtConfiguration') translateExportJwt(v, `${path}.${k}`, hooks);
  }
}

export const deploymentV2Type: ResourceType = {
  type: DEPLOYMENT_V2,
  parentType: API,
  order: 19,
  idKeyed: true,
  keepExtra: true,
  translate(node, hooks) {
    if (node.payload?.export) translateExportJwt(node.payload.export, 'payload.export', hooks);
  },
  async list(side, api, options) {
    const deployments = await all<Deployment>((NextToken) => send(v2(side), new GetDeploymentsCommand({ ApiId: api!.id, NextToken, MaxResults: '500' })));
    const served = new Map<string, string>();
    if (options.capture) for (const s of await stagesOf(side, api!.id)) if (!s.AutoDeploy && s.DeploymentId && !served.has(s.DeploymentId)) served.set(s.DeploymentId, s.StageName!);
    const http = api!.props.ProtocolType === 'HTTP';
    const working = options.capture && http && served.size ? definitionOf(await exportOf(side, api!.id)) : undefined;
    const nodes: Node[] = [];
    for (const d of [...deployments].sort((a, b) => (a.CreatedDate?.getTime() ?? 0) - (b.CreatedDate?.getTime() ?? 0))) {
      const stage = served.get(d.DeploymentId!);
      if (options.capture && !stage) continue;
      const payload: Record<string, unknown> = {};
      if (options.capture && http) {
        const doc = await exportOf(side, api!.id, stage);
        if (definitionOf(doc) !== working) payload.export = markVpcLinks(doc);
      }
      if (options.capture && !http) payload.warning = `WebSocket stage ${stage} of ${api!.label}: AWS exports no WebSocket API, so its deployment is recovered from the API's routes and integrations as they are`;
      nodes.push({
        type: DEPLOYMENT_V2,
        key: makeKey(api!.key, DEPLOYMENT_V2, d.DeploymentId!),
        id: d.DeploymentId!,
        parent: api!.key,
        label: `deployment ${d.DeploymentId}${stage ? ` (${stage})` : ''}`,
        props: clean({ Description: d.Description }),
        payload: { ...payload, ...(d.AutoDeployed ? { autoDeployed: true } : {}) },
      });
    }
    return nodes;
  },
  async create(ctx, d, apiId) {
    const definition = d.payload?.export;
    if (definition) await send(v2(ctx.target), new ReimportApiCommand({ ApiId: apiId!, Body: JSON.stringify(definition) }));
    const out = await send<Deployment>(v2(ctx.target), new CreateDeploymentCommand({ ApiId: apiId!, Description: d.props.Description as string | undefined }));
    return out.DeploymentId!;
  },
  // A deployment is immutable but for its description, which is not worth a new one.
  async update() {},
  async delete() {},
  async adopt(ctx, source, apiId) {
    const items = await all<Deployment>((NextToken) => send(v2(ctx.target), new GetDeploymentsCommand({ ApiId: apiId!, NextToken, MaxResults: '500' })));
    const since = Number(source.payload?.intentAt ?? 0);
    return items.find((d) => !d.AutoDeployed && d.Description === source.props.Description && (d.CreatedDate?.getTime() ?? 0) >= since - 1000)?.DeploymentId;
  },
};

interface StageProps {
  Description?: string;
  AutoDeploy?: boolean;
  DeploymentId?: string;
  StageVariables?: Record<string, string>;
  DefaultRouteSettings?: Record<string, unknown>;
  RouteSettings?: Record<string, Record<string, unknown>>;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  ClientCertificateId?: string;
  Tags?: Record<string, string>;
}

function stageProps(api: Node, s: Stage): StageProps {
  return clean({
    Description: s.Description,
    AutoDeploy: s.AutoDeploy || undefined,
    // An autoDeploy stage's deployment is AWS's to make: not compared, not replicated.
    DeploymentId: !s.AutoDeploy && s.DeploymentId ? ref(makeKey(api.key, DEPLOYMENT_V2, s.DeploymentId)) : undefined,
    StageVariables: s.StageVariables,
    DefaultRouteSettings: s.DefaultRouteSettings as Record<string, unknown> | undefined,
    RouteSettings: s.RouteSettings as StageProps['RouteSettings'],
    AccessLogSettings: pick(s.AccessLogSettings, ['DestinationArn', 'Format']),
    ClientCertificateId: s.ClientCertificateId ? ref(clientCertificateKey(s.ClientCertificateId)) : undefined,
    Tags: userTags(s.Tags),
  });
}

/** What UpdateStage writes: every field, so the stage ends up as desired (maps replace or merge). */
function stageInput(p: StageProps) {
  return {
    Description: p.Description ?? '',
    AutoDeploy: p.AutoDeploy ?? false,
    ...(p.AutoDeploy ? {} : p.DeploymentId ? { DeploymentId: p.DeploymentId } : {}),
    StageVariables: p.StageVariables ?? {},
    ...(p.DefaultRouteSettings ? { DefaultRouteSettings: p.DefaultRouteSettings } : {}),
    ...(p.RouteSettings ? { RouteSettings: p.RouteSettings } : {}),
    ...(p.AccessLogSettings ? { AccessLogSettings: p.AccessLogSettings } : {}),
    ...(p.ClientCertificateId ? { ClientCertificateId: p.ClientCertificateId } : {}),
  } as never;
}

export const stageV2Type: ResourceType = {
  type: STAGE_V2,
  parentType: API,
  order: 20,
  idKeyed: false,
  async list(side, api) {
    return (await stagesOf(side, api!.id)).map(
      (s): Node => ({ type: STAGE_V2, key: makeKey(api!.key, STAGE_V2, s.StageName!), id: s.StageName!, parent: api!.key, label: `stage ${s.StageName}`, props: stageProps(api!, s) as Record<string, unknown> }),
    );
  },
  translate(node, hooks) {
    const p = node.props as StageProps;
    if (!p.AutoDeploy && !p.DeploymentId && p.RouteSettings) {
      hooks.report('RouteSettings', Object.keys(p.RouteSettings).join(', '), '(none)', RULES.ROUTE_SETTINGS_UNDEPLOYED, 'rule');
      delete p.RouteSettings;
    }
  },
  async create(ctx, d, apiId) {
    const p = d.props as StageProps;
    await send(v2(ctx.target), new CreateStageCommand({ ApiId: apiId!, StageName: d.id, ...(stageInput(p) as object), Tags: p.Tags } as never));
    return d.id;
  },
  async update(ctx, d, a, apiId) {
    const dp = d.props as StageProps;
    const ap = a.props as StageProps;
    const { Tags: _d, ...dRest } = dp;
    const { Tags: _a, ...aRest } = ap;
    if (!same(dRest, aRest)) {
      for (const key of Object.keys(ap.RouteSettings ?? {})) {
        if (!(key in (dp.RouteSettings ?? {}))) await send(v2(ctx.target), new DeleteRouteSettingsCommand({ ApiId: apiId!, StageName: a.id, RouteKey: key }));
      }
      if (ap.AccessLogSettings && !dp.AccessLogSettings) await send(v2(ctx.target), new DeleteAccessLogSettingsCommand({ ApiId: apiId!, StageName: a.id }));
      await send(v2(ctx.target), new UpdateStageCommand({ ApiId: apiId!, StageName: a.id, ...(stageInput(dp) as object) } as never));
    }
    if (!same(dp.Tags ?? {}, ap.Tags ?? {})) await syncV2Tags(ctx.target, `/apis/${apiId}/stages/${a.id}`, dp.Tags);
  },
  async delete(ctx, a) {
    await send(v2(ctx.target), new DeleteStageCommand({ ApiId: lastSegment(rootKey(a.key)).id, StageName: a.id }));
  },
};
