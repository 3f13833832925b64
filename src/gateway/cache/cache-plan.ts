/**
 * Which requests of a stage use its cache, and under which key: compiled once per stage (the
 * route stage's StageTarget) and per method on its first cached request, never per request.
 *  - The stage needs cacheClusterEnabled; a canary uses the stage's cache only with
 *    canarySettings.useStageCache, and in a partition of its own (its deployment and stage
 *    variables may answer differently).
 *  - A method caches when its method setting (`{resource}/{method}`), else the stage-wide `*\/*`
 *    one, has caching enabled with a TTL above 0 (default 300 s, at most 3600). "When you enable
 *    caching for a stage, only GET methods have caching enabled by default": the stage-wide setting
 *    caches GET requests only; another verb needs a setting of its own.
 *  - The key: the request's verb, the resource path, the integration's cacheNamespace (the
 *    resource id unless set) and the values of its cacheKeyParameters (`method.request.{path|
 *    querystring|header|multivaluequerystring|multivalueheader}.{name}`). As on AWS, parameters
 *    that are no cache key do not split entries: without `method.request.path.id` as a key,
 *    /pets/1 and /pets/2 share one. A name of another form adds nothing to the key.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
import type { S_MethodSetting } from '../../aws/generated/apigateway.js';
import type { CompiledMethod } from '../rest/compile.js';
import type { InvocationContext } from '../rest/context.js';
import type { StageEntry } from '../rest/deployments.js';
import type { ResponseCache } from './response-cache.js';
import { stageCacheId, type CacheCounter, type StageCaches } from './stage-caches.js';

export const DEFAULT_TTL_SECONDS = 300;
export const MAX_TTL_SECONDS = 3600;

export type UnauthorizedStrategy = 'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER';

/** A stage's (or its canary's) cache settings, as the route stage hands them to the cache stages. */
export interface StageCachePlan {
  /** stageCacheId(): whose cache this is. */
  id: string;
  apiId: string;
  stageName: string;
  /**
   * The stage's creation date and own deployment: a cache made for another deployment, or for a
   * stage of the same name deleted since, starts empty (stage-caches.ts).
   */
  generation: string;
  clusterSize?: string;
  /** Prepended to every key: '' for the stage, the canary's deployment for its canary. */
  partition: string;
  methodSettings: Record<string, S_MethodSetting>;
  /** Per method: how it caches, or null when it does not; filled on first use. */
  methods: Map<CompiledMethod, MethodCache | null>;
  /** The cache itself, opened on first use. */
  responses?: ResponseCache;
}

type KeyParameter = { from: 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader'; name: string };

export interface MethodCache {
  ttlMs: number;
  /** Enabled by the stage-wide setting only: GET requests cache, other verbs do not. */
  getOnly: boolean;
  requireAuthorization: boolean;
  strategy: UnauthorizedStrategy;
  /** Partition, resource path and namespace, ending the fixed part of every key. */
  prefix: string;
  keyParameters: KeyParameter[];
  resourcePath: string;
  /** CacheHitCount / CacheMissCount by request verb. */
  counters: Map<string, CacheCounter>;
}

/** The canary's plan, made once per stage entry (the canary's StageTarget is made per request). */
const canaryPlans = new WeakMap<StageEntry, StageCachePlan | undefined>();

/** The plan of a stage's own target or of its canary's; undefined when that target does not cache. */
export function stageCachePlan(found: StageEntry, canary: boolean): StageCachePlan | undefined {
  const stage = found.stage;
  if (!stage.cacheClusterEnabled) return undefined;
  if (!canary) return newPlan(found, '');
  if (canaryPlans.has(found)) return canaryPlans.get(found);
  const plan = stage.canarySettings?.useStageCache && found.canary ? newPlan(found, `canary ${found.canary.deploymentId}\n`) : undefined;
  canaryPlans.set(found, plan);
  return plan;
}

function newPlan(found: StageEntry, partition: string): StageCachePlan {
  const stage = found.stage;
  return {
    id: stageCacheId(found.scope, found.apiId, stage.stageName),
    apiId: found.apiId,
    stageName: stage.stageName,
    generation: `${stage.createdDate} ${stage.deploymentId}`,
    clusterSize: stage.cacheClusterSize,
    partition,
    methodSettings: stage.methodSettings ?? {},
    methods: new Map(),
  };
}

/** How the matched method caches (null: it does not), compiled on its first request. */
export function methodCache(plan: StageCachePlan, ctx: InvocationContext): MethodCache | null {
  const method = ctx.method!;
  let m = plan.methods.get(method);
  if (m === undefined) plan.methods.set(method, (m = compileMethodCache(plan, ctx)));
  return m;
}

function compileMethodCache(plan: StageCachePlan, ctx: InvocationContext): MethodCache | null {
  const resource = ctx.resource!;
  const integration = ctx.method!.integration;
  if (!integration) return null;
  // Method settings are keyed `{path without its leading slash}/{verb as defined}` ('pets/GET', '/GET' for the root).
  const verb = resource.methods.get(ctx.request.httpMethod) === ctx.method ? ctx.request.httpMethod : 'ANY';
  const own = plan.methodSettings[`${resource.path.slice(1)}/${verb}`];
  const setting = own ?? plan.methodSettings['*/*'];
  if (!setting?.cachingEnabled) return null;
  const ttl = Math.min(setting.cacheTtlInSeconds ?? DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS);
  if (!(ttl > 0)) return null;
  return {
    ttlMs: ttl * 1000,
    getOnly: own === undefined,
    requireAuthorization: setting.requireAuthorizationForCacheControl ?? true,
    strategy: (setting.unauthorizedCacheControlHeaderStrategy ?? 'SUCCEED_WITH_RESPONSE_HEADER') as UnauthorizedStrategy,
    prefix: `${plan.partition}${resource.path}\n${integration.cacheNamespace ?? resource.id}\n`,
    keyParameters: (integration.cacheKeyParameters ?? []).map(parseKeyParameter).filter((p): p is KeyParameter => p !== undefined),
    resourcePath: resource.path,
    counters: new Map(),
  };
}

const KEY_SOURCES = new Set<KeyParameter['from']>(['path', 'querystring', 'header', 'multivaluequerystring', 'multivalueheader']);

function parseKeyParameter(name: string): KeyParameter | undefined {
  const m = /^method\.request\.([a-z]+)\.(.+)$/.exec(name);
  if (!m || !KEY_SOURCES.has(m[1] as KeyParameter['from'])) return undefined;
  const from = m[1] as KeyParameter['from'];
  return { from, name: from === 'header' || from === 'multivalueheader' ? m[2].toLowerCase() : m[2] };
}

/** The request's key: verb, prefix, then each key parameter's value, length-prefixed so no two lists collide. */
export function cacheKey(m: MethodCache, ctx: InvocationContext): string {
  let key = `${ctx.request.httpMethod} ${m.prefix}`;
  for (const p of m.keyParameters) {
    const v = keyValue(p, ctx);
    key += v === undefined ? '-;' : `${v.length}:${v};`;
  }
  return key;
}

function keyValue(p: KeyParameter, ctx: InvocationContext): string | undefined {
  switch (p.from) {
    case 'path':
      return ctx.pathParameters?.[p.name];
    case 'querystring':
      return ctx.methodRequest?.querystring[p.name];
    case 'multivaluequerystring':
      return ctx.methodRequest?.multiValueQuerystring[p.name]?.join(',');
    default:
      // Headers by name whatever their case; several values of one header joined.
      return ctx.request.headers[p.name];
  }
}

/** Whether the client asks for a fresh answer: `Cache-Control: max-age=0`. */
export function asksForFresh(ctx: InvocationContext): boolean {
  const value = ctx.request.headers['cache-control'];
  if (value === undefined) return false;
  for (const directive of value.split(',')) if (directive.trim().toLowerCase() === 'max-age=0') return true;
  return false;
}

/** The method's counter for this request's verb, made on first use. */
export function counterOf(m: MethodCache, plan: StageCachePlan, caches: StageCaches, verb: string): CacheCounter {
  let c = m.counters.get(verb);
  if (!c) m.counters.set(verb, (c = caches.counter(plan.id, plan.apiId, plan.stageName, verb, m.resourcePath)));
  return c;
}

/** What cache-store needs to keep a miss's answer (set by cache-lookup). */
export interface CacheEntry {
  responses: ResponseCache;
  key: string;
  ttlMs: number;
  /** SUCCEED_WITH_RESPONSE_HEADER ignored the client's Cache-Control: say so in the answer. */
  warn: boolean;
}
