/**
 * Routing rules of custom domain names: CreateRoutingRule, GetRoutingRule, ListRoutingRules,
 * PutRoutingRule, DeleteRoutingRule. A rule sends a request whose headers and base path match its
 * conditions to a REST API stage ("Currently, the only supported action is to invoke a stage of a
 * REST API"); rules are evaluated by priority (1-1,000,000, lowest first, no two alike) when the
 * name's routing mode is ROUTING_RULE_ONLY or ROUTING_RULE_THEN_API_MAPPING.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-routingrules.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html
 *
 * Conditions: at most two MatchHeaders conditions and one MatchBasePaths condition, each
 * condition exactly one of them; header names match case-insensitively, header value globs may
 * carry a wildcard only as `*suffix`, `prefix*` or `*contains*`. A rule without conditions is a
 * catch-all. Exactly one action. Private domain names are addressed with DomainNameId.
 * (Routing modes other than API_MAPPING_ONLY are not served yet: domain-names.ts answers
 * NotImplemented for them, so stored rules are not evaluated, as on AWS in that mode.)
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateRoutingRuleRequest,
  S_DeleteRoutingRuleRequest,
  S_GetRoutingRuleRequest,
  S_ListRoutingRulesRequest,
  S_PutRoutingRuleRequest,
  S_RoutingRuleAction,
  S_RoutingRuleCondition,
} from '../../aws/generated/apigatewayv2.js';
import { KIND as V1_KIND, apiKey as v1Key } from '../../definitions/apigateway.js';
import { ROUTING_RULE_KIND, domainKey, type DomainNameRecord, type RoutingRuleRecord } from '../../definitions/domains.js';
import type { Handlers, RequestContext } from '../types.js';
import { newId, page } from './records.js';

const DOMAIN_NOT_FOUND = 'The domain name resource specified in the request was not found.';
const RULE_NOT_FOUND = 'The routing rule resource specified in the request was not found.';
const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;
const BASE_PATH = /^[A-Za-z0-9$\-_.+!*'()]+(\/[A-Za-z0-9$\-_.+!*'()]+)*$/;

interface Scope {
  domain: DomainNameRecord;
  key: string;
}

async function requireDomain(ctx: RequestContext, domainName: string, domainNameId: string | undefined): Promise<Scope> {
  const key = domainKey(domainName, domainNameId);
  const domain = await ctx.tx.get<DomainNameRecord>(V1_KIND.domainName, key);
  if (!domain) throw notFound(DOMAIN_NOT_FOUND);
  return { domain, key };
}

async function requireRule(ctx: RequestContext, scope: Scope, routingRuleId: string): Promise<RoutingRuleRecord> {
  const rule = await ctx.tx.get<RoutingRuleRecord>(ROUTING_RULE_KIND, `${scope.key}/${routingRuleId}`);
  if (!rule) throw notFound(RULE_NOT_FOUND);
  return rule;
}

function checkPriority(priority: number | undefined): number {
  if (priority === undefined || !Number.isInteger(priority) || priority < 1 || priority > 1_000_000) {
    throw badRequest('Priority must be an integer between 1 and 1000000');
  }
  return priority;
}

function checkGlob(glob: string): void {
  const inner = glob.replace(/^\*/, '').replace(/\*$/, '');
  if (glob.length < 1 || glob.length > 128 || inner === '' || inner.includes('*') || /[\s]/.test(glob)) {
    throw badRequest(`Invalid value glob: ${glob}. A wildcard may only begin or end the value: *suffix, prefix* or *contains*`);
  }
}

function readConditions(conditions: S_RoutingRuleCondition[] | undefined): RoutingRuleRecord['Conditions'] {
  const out: RoutingRuleRecord['Conditions'] = [];
  let headers = 0;
  let basePaths = 0;
  for (const c of conditions ?? []) {
    if ((c.MatchHeaders === undefined) === (c.MatchBasePaths === undefined)) {
      throw badRequest('Each condition must specify exactly one of MatchHeaders or MatchBasePaths');
    }
    if (c.MatchHeaders) {
      headers += 1;
      const anyOf = c.MatchHeaders.AnyOf ?? [];
      if (anyOf.length < 1) throw badRequest('MatchHeaders must specify at least one header in AnyOf');
      for (const h of anyOf) {
        if (!HEADER.test(h.Header ?? '')) throw badRequest(`Invalid header name: ${h.Header}`);
        checkGlob(h.ValueGlob ?? '');
      }
      out.push({ MatchHeaders: { AnyOf: anyOf.map((h) => ({ Header: h.Header, ValueGlob: h.ValueGlob })) } });
    } else {
      basePaths += 1;
      const anyOf = c.MatchBasePaths!.AnyOf ?? [];
      if (anyOf.length < 1) throw badRequest('MatchBasePaths must specify at least one base path in AnyOf');
      for (const path of anyOf) {
        if (path.length > 300 || !BASE_PATH.test(path)) {
          throw badRequest(`Invalid base path: ${path}. A base path may contain only letters, numbers, the characters $-_.+!*'() and slashes between levels`);
        }
      }
      out.push({ MatchBasePaths: { AnyOf: [...anyOf] } });
    }
  }
  if (headers > 2) throw badRequest('A routing rule can have at most two MatchHeaders conditions');
  if (basePaths > 1) throw badRequest('A routing rule can have at most one MatchBasePaths condition');
  return out;
}

async function readActions(ctx: RequestContext, actions: S_RoutingRuleAction[] | undefined): Promise<RoutingRuleRecord['Actions']> {
  if (!actions || actions.length !== 1) throw badRequest('A routing rule must have exactly one action');
  const invoke = actions[0].InvokeApi;
  if (!invoke?.ApiId || !invoke.Stage) throw badRequest('The InvokeApi action requires ApiId and Stage');
  if (!(await ctx.tx.get(V1_KIND.restApi, invoke.ApiId))) throw notFound(`Invalid API identifier specified ${ctx.scope.account}:${invoke.ApiId}`);
  if (!(await ctx.tx.get(V1_KIND.stage, v1Key(invoke.ApiId, invoke.Stage)))) throw notFound(`Invalid stage identifier specified ${invoke.Stage}`);
  return [{ InvokeApi: { ApiId: invoke.ApiId, Stage: invoke.Stage, StripBasePath: invoke.StripBasePath ?? false } }];
}

async function listRules(ctx: RequestContext, scope: Scope): Promise<RoutingRuleRecord[]> {
  const rules = (await ctx.tx.list<RoutingRuleRecord>(ROUTING_RULE_KIND, `${scope.key}/`)).map((e) => e.value);
  return rules.sort((a, b) => a.Priority - b.Priority);
}

async function writeRule(ctx: RequestContext, scope: Scope, id: string, input: S_CreateRoutingRuleRequest): Promise<RoutingRuleRecord> {
  const Priority = checkPriority(input.Priority);
  const Conditions = readConditions(input.Conditions);
  const Actions = await readActions(ctx, input.Actions);
  const clash = (await listRules(ctx, scope)).find((r) => r.Priority === Priority && r.RoutingRuleId !== id);
  if (clash) throw conflict(`A routing rule with priority ${Priority} already exists for this domain name`);
  const rule: RoutingRuleRecord = { RoutingRuleId: id, RoutingRuleArn: `${scope.domain.domainNameArn}/routingrules/${id}`, Priority, Conditions, Actions };
  await ctx.tx.put(ROUTING_RULE_KIND, `${scope.key}/${id}`, rule);
  return rule;
}

async function createRoutingRule(input: S_CreateRoutingRuleRequest, ctx: RequestContext) {
  const scope = await requireDomain(ctx, input.DomainName, input.DomainNameId);
  return writeRule(ctx, scope, newId(6), input);
}

async function getRoutingRule(input: S_GetRoutingRuleRequest, ctx: RequestContext) {
  return requireRule(ctx, await requireDomain(ctx, input.DomainName, input.DomainNameId), input.RoutingRuleId);
}

async function listRoutingRules(input: S_ListRoutingRulesRequest, ctx: RequestContext) {
  const scope = await requireDomain(ctx, input.DomainName, input.DomainNameId);
  const max = input.MaxResults;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 100)) throw badRequest('MaxResults must be a number between 1 and 100');
  const { Items, NextToken } = page(await listRules(ctx, scope), { MaxResults: max === undefined ? undefined : String(max), NextToken: input.NextToken });
  return { RoutingRules: Items, NextToken };
}

async function putRoutingRule(input: S_PutRoutingRuleRequest, ctx: RequestContext) {
  const scope = await requireDomain(ctx, input.DomainName, input.DomainNameId);
  await requireRule(ctx, scope, input.RoutingRuleId);
  return writeRule(ctx, scope, input.RoutingRuleId, input);
}

async function deleteRoutingRule(input: S_DeleteRoutingRuleRequest, ctx: RequestContext) {
  const scope = await requireDomain(ctx, input.DomainName, input.DomainNameId);
  await requireRule(ctx, scope, input.RoutingRuleId);
  await ctx.tx.delete(ROUTING_RULE_KIND, `${scope.key}/${input.RoutingRuleId}`);
}

export const handlers: Handlers = {
  CreateRoutingRule: createRoutingRule,
  GetRoutingRule: getRoutingRule,
  ListRoutingRules: listRoutingRules,
  PutRoutingRule: putRoutingRule,
  DeleteRoutingRule: deleteRoutingRule,
};
