/**
 * Translation: a captured (region-neutral) node into what the target should hold, attribute by
 * attribute as the seed specifies (rules.ts), with every translation reported.
 *
 * - Reference tokens become the target's ids: the replicated API, authorizer, validator,
 *   deployment, client certificate, VPC link, API key, Lambda function (journal.ts maps them).
 * - ARNs of the source's region/account get the target's region/account. IAM roles (global,
 *   named), log groups and functions the engine does not create keep their names: the rule
 *   substitutes region and account, and the report lists them as external dependencies.
 * - ARNs whose resource id is itself per-region (ACM certificates, Cognito user pools, load
 *   balancers) and VPC endpoint ids cannot be derived: they come from the user's mapping file
 *   (keyed by the source's value), or are reported untranslated and left as the source had them,
 *   and apply refuses to run with untranslated references unless told to allow them.
 * - ARNs of other regions/accounts are not the source's: kept, and reported as external.
 */
import { keysOfRefs } from './graph-refs.js';
import { joinSegments, lastSegment, segments } from './keys.js';
import type { Node, TranslationStatus } from './model.js';
import { ACCOUNT, findArns, REF_PATTERN, REGION, VERSION_REF_PATTERN, versionKey, type Scope } from './neutral.js';
import { isIdKeyed, resourceType } from './registry.js';
import { RULES } from './rules.js';

export interface TranslationEntry {
  key: string;
  path: string;
  rule: string;
  status: TranslationStatus;
  from: string;
  to: string;
}

/** Names in the target: a failover keeps them; a failover test prefixes them. */
export interface Environment {
  /** 'failover' or 'test-<id>'. */
  name: string;
  mode: 'failover' | 'test';
  prefix: string;
}

export function environment(mode: 'failover' | 'test', testId?: string): Environment {
  if (mode === 'failover') return { name: 'failover', mode, prefix: '' };
  const id = (testId ?? '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(id)) throw new Error(`a failover test id is 1-20 lower-case letters, digits or '-': '${testId ?? ''}'`);
  return { name: `test-${id}`, mode, prefix: `gatehouse-dr-test-${id}` };
}

export const targetName = (env: Environment, name: string) => (env.prefix ? `${env.prefix}-${name}` : name);
export const targetDomainName = (env: Environment, name: string) => (env.prefix ? `${env.prefix}.${name}` : name);

export interface TranslateContext {
  source: Scope;
  target: Scope;
  env: Environment;
  /** Source value -> target value (the user's mapping file). */
  mapping: Record<string, string>;
  /** Source key of an id-keyed resource -> its target id, when it exists. */
  targetId(key: string): string | undefined;
  /** Nodes of the point by key (to tell a function the engine does not create). */
  nodes: Map<string, Node>;
}

export const PENDING = '<pending:';

/** The source value of a token-bearing text (for the mapping file and the report). */
function sourceText(text: string, ctx: TranslateContext): string {
  return text
    .replace(/\{\{gh:ver:(\d+)\}\}/g, '$1')
    .replace(REF_PATTERN, (_w, key: string) => lastSegment(key).id)
    .split(REGION)
    .join(ctx.source.region)
    .split(ACCOUNT)
    .join(ctx.source.account);
}

/** The target id a reference resolves to, or a pending marker. */
export function resolveRef(key: string, ctx: TranslateContext): string {
  const id = ctx.targetId(key);
  if (id !== undefined) return id;
  const node = ctx.nodes.get(key);
  // A function whose code could not be captured is not created: its name stays, for the user's own.
  if (node?.payload?.codeUnavailable !== undefined) return node.id;
  return `${PENDING}${key}>`;
}

function fill(text: string, ctx: TranslateContext): string {
  return text
    .replace(VERSION_REF_PATTERN, (_w, key: string, version: string) => `${resolveRef(key, ctx)}:${resolveRef(versionKey(key, version), ctx)}`)
    .replace(REF_PATTERN, (_w, key: string) => resolveRef(key, ctx))
    .split(REGION)
    .join(ctx.target.region)
    .split(ACCOUNT)
    .join(ctx.target.account);
}

const STRUCTURAL_RULES: Record<string, string> = {
  authorizerId: RULES.AUTHORIZER_ID,
  requestValidatorId: RULES.REQUEST_VALIDATOR_ID,
  deploymentId: RULES.DEPLOYMENT_ID,
  clientCertificateId: RULES.CLIENT_CERTIFICATE_ID,
  connectionId: RULES.VPC_LINK_ID,
  keyId: RULES.API_KEY_ID,
  // apigatewayv2 (PascalCase fields, as the v2 API names them).
  AuthorizerId: RULES.ROUTE_AUTHORIZER_ID,
  Target: RULES.ROUTE_TARGET,
  ConnectionId: RULES.VPC_LINK_ID,
  ApiId: RULES.API_ID,
  DeploymentId: RULES.DEPLOYMENT_ID,
  ClientCertificateId: RULES.CLIENT_CERTIFICATE_ID,
};

function arnRule(service: string, path: string, local: boolean, hasRef: boolean): { rule: string; status: TranslationStatus } {
  if (!local) return { rule: RULES.REGION_ACCOUNT, status: 'external' };
  switch (service) {
    case 'lambda':
      return { rule: RULES.LAMBDA_URI, status: hasRef ? 'replicated' : 'rule' };
    case 'apigateway':
      return { rule: RULES.LAMBDA_URI, status: 'rule' };
    case 'execute-api':
      return { rule: RULES.POLICY_ARN, status: hasRef ? 'replicated' : 'rule' };
    case 'iam':
      return { rule: /cloudwatchRoleArn$/.test(path) ? RULES.CLOUDWATCH_ROLE : RULES.IAM_ROLE, status: 'rule' };
    case 'logs':
    case 'firehose':
      return { rule: RULES.ACCESS_LOG, status: 'rule' };
    case 'acm':
      return { rule: RULES.CERTIFICATE, status: 'untranslated' };
    case 'cognito-idp':
      return { rule: RULES.COGNITO_PROVIDER, status: 'untranslated' };
    case 'elasticloadbalancing':
      return { rule: RULES.NLB_TARGET, status: 'untranslated' };
    default:
      return { rule: RULES.REGION_ACCOUNT, status: 'rule' };
  }
}

const VPC_ENDPOINT = /\bvpce-[0-9a-f]{8,17}\b/g;

/** Translates one string found at `path` of node `key`. */
export function translateString(text: string, path: string, key: string, ctx: TranslateContext, report: TranslationEntry[]): string {
  if (!text.includes('{{gh:') && !text.includes('arn:') && !text.includes('vpce-')) return text;
  let out = '';
  let at = 0;
  for (const a of findArns(text)) {
    const arn = text.slice(a.start, a.end);
    const raw = sourceText(arn, ctx);
    const local = a.region === REGION || a.account === ACCOUNT;
    out += fill(text.slice(at, a.start), ctx);
    at = a.end;
    const mapped = ctx.mapping[raw];
    if (mapped !== undefined) {
      report.push({ key, path, rule: RULES.MAPPING_FILE, status: 'mapped', from: raw, to: mapped });
      out += mapped;
      continue;
    }
    const { rule, status } = arn.includes(':sqs:path/') ? { rule: RULES.SQS_QUEUE, status: 'rule' as const } : arnRule(a.service, path, local, arn.includes('{{gh:ref:'));
    const to = status === 'untranslated' ? raw : fill(arn, ctx);
    report.push({ key, path, rule, status, from: raw, to });
    out += to;
  }
  let rest = text.slice(at);
  // References outside ARNs: structural ids, execute-api host names, stage keys.
  rest = rest.replace(REF_PATTERN, (whole, refKey: string) => {
    const to = resolveRef(refKey, ctx);
    const field = path.split('.').at(-1) ?? '';
    report.push({ key, path, rule: STRUCTURAL_RULES[field] ?? RULES.API_REFERENCE, status: 'replicated', from: lastSegment(refKey).id, to });
    return to;
  });
  if (/https:\/\/sqs\.\{\{gh:region\}\}/.test(rest)) {
    const raw = sourceText(rest, ctx);
    report.push({ key, path, rule: RULES.SQS_QUEUE, status: 'rule', from: raw, to: fill(rest, ctx) });
  }
  rest = fill(rest, ctx);
  out += rest;
  return out.replace(VPC_ENDPOINT, (id) => {
    const mapped = ctx.mapping[id];
    report.push({ key, path, rule: RULES.VPC_ENDPOINT_ID, status: mapped ? 'mapped' : 'untranslated', from: id, to: mapped ?? id });
    return mapped ?? id;
  });
}

function translateValue<T>(value: T, path: string, key: string, ctx: TranslateContext, report: TranslationEntry[]): T {
  if (typeof value === 'string') return translateString(value, path, key, ctx, report) as T;
  if (Array.isArray(value)) return value.map((v, i) => translateValue(v, `${path}[${i}]`, key, ctx, report)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateValue(v, path ? `${path}.${k}` : k, key, ctx, report)])) as T;
  }
  return value;
}

/** The target key of a source key, or undefined while an id-keyed ancestor has no target id. */
export function translateKey(key: string, ctx: TranslateContext): string | undefined {
  const segs = segments(key);
  const out = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (!isIdKeyed(s.type)) {
      out.push(s);
      continue;
    }
    const id = ctx.targetId(joinSegments(segs.slice(0, i + 1)));
    if (id === undefined) return undefined;
    out.push({ type: s.type, id });
  }
  return joinSegments(out);
}

export interface Desired {
  source: Node;
  /** The node as the target should hold it; `key` is the target key when known. */
  node: Node;
  targetKey: string | undefined;
  entries: TranslationEntry[];
}

export function translateNode(source: Node, ctx: TranslateContext): Desired {
  const entries: TranslationEntry[] = [];
  const node: Node = {
    ...source,
    props: translateValue(structuredClone(source.props), '', source.key, ctx, entries),
    payload: source.payload ? translateValue(structuredClone(source.payload), 'payload', source.key, ctx, entries) : undefined,
  };
  const hooks = {
    name: (n: string) => {
      const to = targetName(ctx.env, n);
      if (to !== n) entries.push({ key: source.key, path: 'name', rule: RULES.TEST_PREFIX, status: 'rule' as const, from: n, to });
      return to;
    },
    domainName: (n: string) => targetDomainName(ctx.env, n),
    target: ctx.target,
    mapped: (v: string) => ctx.mapping[v],
    report: (path: string, from: string, to: string, rule: string, status: TranslationStatus) => entries.push({ key: source.key, path, rule, status, from, to }),
  };
  resourceType(source.type).translate?.(node, hooks);
  return { source, node, targetKey: translateKey(source.key, ctx), entries };
}

export { keysOfRefs };
