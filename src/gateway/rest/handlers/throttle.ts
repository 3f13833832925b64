/**
 * Throttle: every request takes a token from its account's bucket (per region; AWS's 10,000
 * requests per second, burst 5,000, unless UpdateAccount set others) and from its method's bucket
 * when the stage throttles (stage default method settings or the method's own); a request
 * identified by an API key also takes one from its usage plan's bucket (the plan's throttle, shared
 * by the key's requests across the plan's stages) and from the plan's method throttle when its API
 * stage sets one, and is counted against the plan's quota. Every limit applies, so the most
 * restrictive decides: no token in any bucket is 429 {"message":"Too Many Requests"} (THROTTLED),
 * a used-up quota 429 {"message":"Limit Exceeded"} (QUOTA_EXCEEDED). A refused request takes no
 * token and is not counted.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 */
import type { ThrottleRecord } from '../../../definitions/usage-plans.js';
import { quotaExceeded, throttled } from '../../errors.js';
import { bucketFor, type KeyUsage, type RequestApiKey, type ScopeIndex, type TokenBucket, type TrafficControl } from '../../usage/index.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';

export function throttle(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const usage = env.usage;
  if (!usage) return;
  const scope = ctx.stage!.scope;
  const index = usage.keys.current(scope);
  const key = ctx.apiKey;
  let counted: KeyUsage | undefined;
  if (key) {
    counted = key.usage;
    if (!counted || counted.dropped) counted = key.usage = usage.counters.of(scope, key.plan.id, key.id);
  }
  if (index && (!counted || counted.ready)) return admit(ctx, env, usage, index, counted);
  return prepare(usage, ctx, counted).then((loaded) => admit(ctx, env, usage, loaded, counted));
}

/** The first request of an account, or of a key, waits for their records; later ones do not. */
async function prepare(usage: TrafficControl, ctx: InvocationContext, counted: KeyUsage | undefined): Promise<ScopeIndex> {
  const index = await usage.keys.load(ctx.stage!.scope);
  while (counted && !counted.ready) await usage.counters.load(counted);
  return index;
}

function admit(ctx: InvocationContext, env: PipelineEnv, usage: TrafficControl, index: ScopeIndex, counted: KeyUsage | undefined): void {
  const now = usage.clock.monotonic();
  const account = index.accountBucket;
  const stageThrottle = usage.stageThrottle(ctx.stage!, env.deployments);
  const method = stageThrottle?.throttles ? stageThrottle.bucket(ctx.resource!, ctx.method!, ctx.request.httpMethod, now) : null;
  const key = ctx.apiKey;
  const plan = key ? planBucket(ctx, usage, key, now) : null;
  const planMethod = key?.apiStage.throttle ? planMethodBucket(ctx, usage, key, now) : null;
  if (!account.ready(now)) throw throttled('account throttle');
  if (method && !method.ready(now)) throw throttled('stage method throttle');
  if (plan && !plan.ready(now)) throw throttled('usage plan throttle');
  if (planMethod && !planMethod.ready(now)) throw throttled('usage plan method throttle');
  if (counted && usage.counters.remaining(counted, key!.plan.quota) < 1) throw quotaExceeded(`usage plan ${key!.plan.id} quota`);
  account.take();
  method?.take();
  plan?.take();
  planMethod?.take();
  if (counted) usage.counters.count(counted);
}

/** The plan's own bucket, shared by the key's requests to every stage of the plan. */
function planBucket(ctx: InvocationContext, usage: TrafficControl, key: RequestApiKey, now: number): TokenBucket | null {
  if (key.planBucket === undefined) {
    const { account, region } = ctx.stage!.scope;
    key.planBucket = limited(usage.planBuckets, `${account}/${region}/${key.plan.id}/${key.id}`, key.plan.throttle, now);
  }
  return key.planBucket;
}

/** The bucket of the API stage's method throttle ("{resourcePath}/{httpMethod}", "//GET" for the root) that covers this method. */
function planMethodBucket(ctx: InvocationContext, usage: TrafficControl, key: RequestApiKey, now: number): TokenBucket | null {
  const methods = (key.methodBuckets ??= new Map());
  let bucket = methods.get(ctx.method!);
  if (bucket !== undefined) return bucket;
  const stage = ctx.stage!;
  const resource = ctx.resource!;
  const name = resource.methods.get(ctx.request.httpMethod) === ctx.method ? ctx.request.httpMethod : 'ANY';
  const perMethod = key.apiStage.throttle!;
  const methodKey = perMethod[`${resource.path}/${name}`] ? `${resource.path}/${name}` : '*/*';
  const id = `${stage.scope.account}/${stage.scope.region}/${key.plan.id}/${key.id}/${stage.apiId}/${stage.stageName}/${methodKey}`;
  bucket = limited(usage.planBuckets, id, perMethod[methodKey], now);
  methods.set(ctx.method!, bucket);
  return bucket;
}

/** A throttle's bucket; a limit it leaves out does not limit, and one with neither is no bucket. */
function limited(map: Map<string, TokenBucket>, id: string, t: ThrottleRecord | undefined, now: number): TokenBucket | null {
  if (!t || (t.rateLimit === undefined && t.burstLimit === undefined)) return null;
  return bucketFor(map, id, t.rateLimit ?? Infinity, t.burstLimit ?? Infinity, now);
}
