/**
 * The dependency graph of a selection: which resources each one pulls in, by the seed's
 * "automatically included" rules for v1 (shared/seeds/000_8804a5d92aed0244.txt):
 *   Rest API     -> its stages and their deployments, its definition (resources, methods,
 *                   models, validators, authorizers, gateway responses, documentation), the
 *                   IAM roles in its policy, the account settings of the recovery region
 *   Stage        -> its API, the deployment it serves, stages deployed before it, the Lambda
 *                   functions its authorizers and integrations call, the Cognito user pools of
 *                   its authorizers, IAM roles, VPC links, client certificate
 *   Authorizer   -> IAM role (credentials), Lambda function (URI), Cognito user pools
 *   Method       -> authorizer, request validator, VPC link, Lambda function, IAM role
 *   Domain name  -> certificates, its base path mappings
 *   Base path mapping -> the API, the domain name, the stage
 *   VPC link     -> network load balancers
 *   Account      -> CloudWatch role
 *   and, beyond Arpio: usage plan -> its APIs' stages and its keys; API key -> its stages.
 * and for v2 (HTTP and WebSocket APIs):
 *   API          -> its stages, deployments, routes, integrations, authorizers; the API mappings using it
 *   API mapping  -> the API, the domain name, the stage
 *   Authorizer   -> IAM role, Lambda function, Cognito user pool (issuer) and clients (audiences)
 *   Integration  -> IAM role, VPC link, Lambda function, SQS queue
 *   Route        -> authorizer, target integration
 *   Stage        -> the stage alphabetically before it, the routes it serves
 *   VPC link     -> subnets, security groups
 * Resources outside API Gateway and Lambda (roles, user pools, certificates, load balancers,
 * log groups) are leaves: translated by rules or the mapping file, never created.
 */
import { keysOfRefs } from './graph-refs.js';
import { lastSegment, parentKey, rootKey } from './keys.js';
import type { Node } from './model.js';
import { detokenise, findArns, REGION, ACCOUNT } from './neutral.js';
import type { RecoveryPoint } from './points.js';
import { resourceType } from './registry.js';
import { BASE_PATH_MAPPING } from './apigateway/domains.js';
import { USAGE_PLAN } from './apigateway/keys-plans.js';
import { REST_API } from './apigateway/rest-apis.js';
import { DEPLOYMENT, STAGE } from './apigateway/deployments.js';
import { ACCOUNT as ACCOUNT_TYPE } from './apigateway/region.js';
import { API } from './apigatewayv2/apis.js';
import { API_MAPPING } from './apigatewayv2/api-mappings.js';
import { AUTHORIZER as AUTHORIZER_V2 } from './apigatewayv2/authorizers.js';
import { INTEGRATION as INTEGRATION_V2 } from './apigatewayv2/integrations.js';
import { ROUTE } from './apigatewayv2/routes.js';
import { STAGE_V2 } from './apigatewayv2/stages.js';
import { VPC_LINK_V2 } from './apigatewayv2/vpc-links.js';

export interface DependencyEdge {
  from: string;
  to: string;
  why: string;
}

const EXTERNAL_SERVICES: Record<string, string> = {
  iam: 'IAM role',
  'cognito-idp': 'Cognito user pool',
  acm: 'certificate',
  elasticloadbalancing: 'network load balancer',
  logs: 'CloudWatch log group',
  firehose: 'Firehose stream',
  sqs: 'SQS queue',
  wafv2: 'WAF web ACL',
};

/** External ARNs a node names (with the source's region/account shown). */
function externals(node: Node, source: RecoveryPoint['source']): { key: string; why: string }[] {
  const text = JSON.stringify([node.props, node.payload?.export ?? null]);
  const out: { key: string; why: string }[] = [];
  for (const a of findArns(text)) {
    const kind = text.slice(a.start, a.end).includes(':sqs:path/') ? 'SQS queue' : EXTERNAL_SERVICES[a.service];
    if (!kind) continue;
    const arn = text.slice(a.start, a.end).split(REGION).join(source.region).split(ACCOUNT).join(source.account);
    out.push({ key: `external:${arn}`, why: kind });
  }
  return out;
}

const COGNITO_ISSUER = /^https:\/\/(cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/|[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com)/;

/**
 * What v2 resources use outside API Gateway that is not an ARN: a JWT authorizer's Cognito user
 * pool (its issuer) and clients (its audiences), a VPC link's subnets and security groups, an
 * SQS integration's queue URL (seed, v2 "Authorizer", "VPC Link", "Integration").
 */
function v2Externals(node: Node, source: RecoveryPoint['source']): { key: string; why: string }[] {
  const p = node.props as { JwtConfiguration?: { Issuer?: string; Audience?: string[] }; SubnetIds?: string[]; SecurityGroupIds?: string[]; RequestParameters?: Record<string, string> };
  const out: { key: string; why: string }[] = [];
  if (node.type === AUTHORIZER_V2 && p.JwtConfiguration?.Issuer && COGNITO_ISSUER.test(p.JwtConfiguration.Issuer)) {
    out.push({ key: `external:${p.JwtConfiguration.Issuer}`, why: 'Cognito user pool' });
    for (const client of p.JwtConfiguration.Audience ?? []) out.push({ key: `external:cognito-client:${client}`, why: 'Cognito user pool client' });
  }
  if (node.type === VPC_LINK_V2) {
    for (const id of p.SubnetIds ?? []) out.push({ key: `external:${id}`, why: 'subnet' });
    for (const id of p.SecurityGroupIds ?? []) out.push({ key: `external:${id}`, why: 'security group' });
  }
  const queue = p.RequestParameters?.QueueUrl;
  if (node.type === INTEGRATION_V2 && queue) out.push({ key: `external:${detokenise(queue, source)}`, why: 'SQS queue' });
  return out;
}

export function dependencyEdges(point: RecoveryPoint): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  const nodes = new Map(point.nodes.map((n) => [n.key, n]));
  const add = (from: string, to: string, why: string) => {
    if (from !== to && !edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, why });
  };
  const stagesByApi = new Map<string, Node[]>();
  const v2Stages = new Map<string, Node[]>();
  for (const n of point.nodes) {
    const parent = parentKey(n.key);
    if (parent) add(parent, n.key, 'part of');
    for (const key of keysOfRefs(n)) if (nodes.has(key) && key !== rootKey(n.key)) add(n.key, key, `uses ${resourceType(nodes.get(key)!.type).type.split(':')[1]}`);
    for (const e of externals(n, point.source)) add(n.key, e.key, `uses ${e.why}`);
    if (n.type === STAGE) stagesByApi.set(rootKey(n.key), [...(stagesByApi.get(rootKey(n.key)) ?? []), n]);
    // Reverse inclusions: what an API pulls in that does not live under it.
    if (n.type === BASE_PATH_MAPPING || n.type === USAGE_PLAN || n.type === API_MAPPING) {
      for (const key of keysOfRefs(n)) if (nodes.get(key)?.type === REST_API || nodes.get(key)?.type === API) add(key, n.type === USAGE_PLAN ? n.key : parentKey(n.key)!, n.type === USAGE_PLAN ? 'metered by' : 'served by domain');
    }
    for (const e of v2Externals(n, point.source)) add(n.key, e.key, `uses ${e.why}`);
    if (n.type === STAGE_V2) v2Stages.set(rootKey(n.key), [...(v2Stages.get(rootKey(n.key)) ?? []), n]);
  }
  // Seed (v2), Stage: "the Stage whose name is alphabetically less than this Stage's name", and
  // "Any Routes used in this Stage" (a stage with a deployment or autoDeploy serves the API's routes).
  for (const stages of v2Stages.values()) {
    const sorted = [...stages].sort((a, b) => a.id.localeCompare(b.id));
    for (let i = 1; i < sorted.length; i++) add(sorted[i]!.key, sorted[i - 1]!.key, 'stage before');
    for (const stage of sorted) {
      if (!stage.props.DeploymentId && !stage.props.AutoDeploy) continue;
      for (const route of point.nodes) if (route.type === ROUTE && parentKey(route.key) === rootKey(stage.key)) add(stage.key, route.key, 'serves route');
    }
  }
  // Seed, Stage: "Stages deployed before this stage": by their deployments' age (the point
  // holds deployments oldest first), then by name.
  const age = new Map(point.nodes.map((n, i) => [n.key, i]));
  const deployedAt = (stage: Node) => age.get(keysOfRefs(stage).find((k) => nodes.get(k)?.type === DEPLOYMENT) ?? '') ?? -1;
  for (const stages of stagesByApi.values()) {
    const sorted = [...stages].sort((a, b) => deployedAt(a) - deployedAt(b) || a.id.localeCompare(b.id));
    for (let i = 1; i < sorted.length; i++) add(sorted[i]!.key, sorted[i - 1]!.key, 'stage before');
  }
  const account = point.nodes.find((n) => n.type === ACCOUNT_TYPE);
  if (account) for (const key of point.selected) add(key, account.key, 'account settings');
  return edges;
}

/** The tree of each selected API, as text: one line per resource, pulled-in ones marked. */
export function dependencyTree(point: RecoveryPoint): string {
  const edges = dependencyEdges(point);
  const nodes = new Map(point.nodes.map((n) => [n.key, n]));
  const out = new Map<string, DependencyEdge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const lines: string[] = [];
  const shown = new Set<string>();
  const label = (key: string) => (nodes.get(key)?.label ?? (key.startsWith('external:') ? key.slice('external:'.length) : lastSegment(key).id));
  const typeName = (key: string) => (key.startsWith('external:') ? 'external' : (nodes.get(key)?.type ?? lastSegment(key).type));
  const visit = (key: string, prefix: string, why: string | undefined) => {
    const repeat = shown.has(key);
    lines.push(`${prefix}${why ? `${why}: ` : ''}${typeName(key)} ${label(key)}${repeat ? ' (see above)' : ''}`);
    if (repeat) return;
    shown.add(key);
    for (const e of out.get(key) ?? []) visit(e.to, `${prefix}  `, e.why);
  };
  for (const key of point.selected) visit(key, '', undefined);
  for (const n of point.nodes) if (!shown.has(n.key) && !parentKey(n.key)) visit(n.key, '', 'also pulled in');
  return lines.join('\n');
}
