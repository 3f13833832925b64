/**
 * Stage method settings: the per-method (or stage-wide, `*` / `*`) metrics, logging, throttling
 * and caching overrides, addressed in UpdateStage by `/{resourcePath}/{httpMethod}/{group}/{name}`.
 *
 * Keys: "Keys ... are method paths defined as {resource_path}/{http_method} for an individual
 * method override, or /\*\/\* for overriding all methods in the stage" (API reference, Stage.methodSettings),
 * stored without the leading slash: `/~1pets/GET/...` (escaped) and `/pets/GET/...` both key
 * "pets/GET", `/~1pets~1{id}/GET/...` and `/pets/{id}/GET/...` key "pets/{id}/GET", the root
 * `/~1/GET/...` keys "/GET", and `/*\/*\/...` keys "*\/*".
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateStage-Patch
 */
import { badRequest } from '../../aws/errors.js';
import type { S_MethodSetting } from '../../aws/generated/apigateway.js';
import { patchBoolean, patchInteger, patchNumber, unescapeSegment, type PatchContext } from './patch/index.js';

/**
 * What a method setting holds before anything is set: AWS fills every field when one is set
 * (account-level throttling of 10000 rps / 5000 burst, a 300 s cache TTL...), as recorded.
 */
export const METHOD_SETTING_DEFAULTS: Readonly<S_MethodSetting> = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

const LOGGING_LEVELS = ['OFF', 'ERROR', 'INFO'];
const CACHE_CONTROL_STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'];
const HTTP_METHODS = ['*', 'GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];

type Setter = (setting: S_MethodSetting, ctx: PatchContext) => void;

/** `{group}/{name}` -> how its value lands in the MethodSetting. */
const SETTERS: Record<string, Setter> = {
  'metrics/enabled': (s, c) => (s.metricsEnabled = patchBoolean(c)),
  'logging/dataTrace': (s, c) => (s.dataTraceEnabled = patchBoolean(c)),
  'logging/loglevel': (s, c) => {
    const level = c.value?.toUpperCase() ?? '';
    if (!LOGGING_LEVELS.includes(level)) throw badRequest(`Invalid logging level: ${c.value ?? 'null'}. Must be one of: [${LOGGING_LEVELS.join(', ')}]`);
    s.loggingLevel = level;
  },
  'throttling/burstLimit': (s, c) => {
    const n = patchInteger(c);
    if (n < 0) throw badRequest(`Invalid burst limit ${n}: must not be negative`);
    s.throttlingBurstLimit = n;
  },
  'throttling/rateLimit': (s, c) => {
    const n = patchNumber(c);
    if (n < 0) throw badRequest(`Invalid rate limit ${n}: must not be negative`);
    s.throttlingRateLimit = n;
  },
  'caching/enabled': (s, c) => (s.cachingEnabled = patchBoolean(c)),
  'caching/ttlInSeconds': (s, c) => {
    const n = patchInteger(c);
    // "The maximum TTL value is 3600 seconds" (Developer Guide, api-gateway-caching)
    if (n < 0 || n > 3600) throw badRequest(`Invalid cache TTL ${n}: must be between 0 and 3600 seconds`);
    s.cacheTtlInSeconds = n;
  },
  'caching/dataEncrypted': (s, c) => (s.cacheDataEncrypted = patchBoolean(c)),
  'caching/requireAuthorizationForCacheControl': (s, c) => (s.requireAuthorizationForCacheControl = patchBoolean(c)),
  'caching/unauthorizedCacheControlHeaderStrategy': (s, c) => {
    if (!CACHE_CONTROL_STRATEGIES.includes(c.value ?? '')) {
      throw badRequest(`Invalid unauthorizedCacheControlHeaderStrategy: ${c.value ?? 'null'}. Must be one of: [${CACHE_CONTROL_STRATEGIES.join(', ')}]`);
    }
    s.unauthorizedCacheControlHeaderStrategy = c.value as S_MethodSetting['unauthorizedCacheControlHeaderStrategy'];
  },
};

/** AWS's list of UpdateStage paths, verbatim (its own missing commas included), as recorded. */
const STAGE_PATHS =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, ' +
  '/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, ' +
  '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, ' +
  '/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
  '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, ' +
  '/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, ' +
  '/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]';

export const invalidStagePath = (path: string) => badRequest(`Invalid method setting path: ${path}. Must be one of: ${STAGE_PATHS}`);

/** "pets/GET" from the segments before the method ("~1pets" or "pets", "{id}"...) and the method. */
function settingKey(resourceSegments: string[], httpMethod: string): string {
  const resourcePath = resourceSegments.map(unescapeSegment).join('/').replace(/^\//, '');
  return `${resourcePath}/${httpMethod}`;
}

/** Splits a method setting path into its key and field setter, or undefined when it is none. */
export function parseMethodSettingPath(path: string): { key: string; setter: Setter } | undefined {
  const segments = path.split('/').slice(1);
  if (segments.length < 4) return undefined;
  const setter = SETTERS[segments.slice(-2).join('/')];
  const httpMethod = segments[segments.length - 3];
  const resource = segments.slice(0, -3);
  if (!setter || !HTTP_METHODS.includes(httpMethod) || resource.some((s) => s === '')) return undefined;
  if ((resource.length === 1 && resource[0] === '*') !== (httpMethod === '*')) return undefined;
  return { key: settingKey(resource, httpMethod), setter };
}

/**
 * Sets one field. A key seen for the first time starts from the stage-wide `*` / `*` setting when
 * there is one, else from AWS's defaults: setting `/*\/*\/caching/enabled` and then
 * `/test/GET/throttling/burstLimit` gives "test/GET" caching on (recorded in TestStages).
 */
export function setMethodSetting(methodSettings: Record<string, S_MethodSetting>, ctx: PatchContext): void {
  const parsed = parseMethodSettingPath(ctx.path);
  if (!parsed) throw invalidStagePath(ctx.path);
  const setting = (methodSettings[parsed.key] ??= { ...(methodSettings['*/*'] ?? METHOD_SETTING_DEFAULTS) });
  parsed.setter(setting, ctx);
}

/**
 * `remove` takes the whole path as a method setting key (`/*\/*` removes the stage-wide setting,
 * `/~1pets/GET` the one of GET /pets); AWS answers any other remove path the same way, e.g.
 * "Cannot remove method setting accessLogSettings/destinationArn because there is no method
 * setting for this method " (recorded, trailing space included).
 */
export function removeMethodSetting(methodSettings: Record<string, S_MethodSetting>, path: string): void {
  const segments = path.split('/').slice(1);
  const key = segments.length >= 2 ? settingKey(segments.slice(0, -1), segments[segments.length - 1]) : segments.join('/');
  if (!(key in methodSettings)) {
    throw badRequest(`Cannot remove method setting ${key} because there is no method setting for this method `);
  }
  delete methodSettings[key];
}
