/**
 * Verify: the translated source equals what the target holds (the plan of the same point finds
 * nothing to do: no resource missing, none different, none extra), and, optionally, a smoke
 * invocation of each recovered stage: every GET method a client can call without credentials
 * or path parameters is called on the source stage and on the recovered one over HTTP, and the
 * answers (status, content type, body) compared.
 */
import { plan, type Action, type RunOptions } from './apply.js';
import { readJournals } from './journal.js';
import { lastSegment, parentKey, rootKey } from './keys.js';
import type { Node, Side } from './model.js';
import type { RecoveryPoint } from './points.js';
import { METHOD, RESOURCE } from './apigateway/resources.js';
import { STAGE } from './apigateway/deployments.js';
import { httpApiUrl, v2SmokeTargets } from './apigatewayv2/smoke.js';

export interface SmokeCall {
  stage: string;
  path: string;
  source: { url: string; status: number; contentType?: string; body: string };
  target: { url: string; status: number; contentType?: string; body: string };
  same: boolean;
}

export interface VerifyResult {
  equal: boolean;
  missing: Action[];
  different: Action[];
  extra: Action[];
  smoke?: SmokeCall[];
}

/** The invocation URL of a stage: Gatehouse's path form for an endpoint, AWS's host otherwise. */
export function stageUrl(side: Side, restApiId: string, stage: string, path: string): string {
  const rest = path === '/' ? '/' : path;
  if (side.config.endpoint) return `${side.config.endpoint.replace(/\/$/, '')}/_aws/execute-api/${restApiId}/${stage}${rest}`;
  return `https://${restApiId}.execute-api.${side.config.region}.amazonaws.com/${stage}${rest}`;
}

/** One GET; a side that does not answer (the failed region) is status 0 with the error as body. */
async function call(url: string) {
  try {
    const res = await fetch(url, { redirect: 'manual' });
    return { url, status: res.status, contentType: res.headers.get('content-type') ?? undefined, body: await res.text() };
  } catch (err) {
    return { url, status: 0, body: String((err as Error).cause ?? err) };
  }
}

/** GET methods without authorization, API key or path parameters, per API key. */
function smokePaths(point: RecoveryPoint): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const nodes = new Map(point.nodes.map((n) => [n.key, n]));
  for (const m of point.nodes.filter((n: Node) => n.type === METHOD && n.id === 'GET')) {
    const resource = nodes.get(parentKey(m.key)!);
    const path = resource?.type === RESOURCE ? String(resource.props.path) : undefined;
    if (!path || path.includes('{') || (m.props.authorizationType ?? 'NONE') !== 'NONE' || m.props.apiKeyRequired) continue;
    const api = rootKey(m.key);
    out.set(api, [...(out.get(api) ?? []), path]);
  }
  return out;
}

/**
 * A body with what differs on every request, or between the two APIs by design, masked: the
 * API's own id, trace ids, request ids (UUIDs) and dates.
 */
export function comparable(body: string, apiId: string): string {
  return body
    .split(apiId)
    .join('<api-id>')
    .replace(/Root=1-[0-9a-f]{8}-[0-9a-f]{24}(;Parent=[0-9a-f]{16})?(;Sampled=\d)?/g, '<trace-id>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<date>')
    .replace(/\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}/g, '<date>');
}

export async function verify(point: RecoveryPoint, source: Side | undefined, target: Side, options: RunOptions & { smoke?: boolean }): Promise<VerifyResult> {
  const diff = await plan(point, target, options);
  const result: VerifyResult = {
    equal: diff.actions.length === 0,
    missing: diff.actions.filter((a) => a.kind === 'create' || a.kind === 'adopt'),
    different: diff.actions.filter((a) => a.kind === 'update'),
    extra: diff.actions.filter((a) => a.kind === 'delete'),
  };
  if (!options.smoke || !source) return result;
  const ids = readJournals(options.dataDir, options.env.name).ids;
  const paths = smokePaths(point);
  result.smoke = [];
  // A stage with a canary answers from one deployment or the other at random, on either side:
  // its answers are not comparable call by call, so it is left out.
  for (const stage of point.nodes.filter((n) => n.type === STAGE && !(n.props.canarySettings as { percentTraffic?: number } | undefined)?.percentTraffic)) {
    const apiKey = rootKey(stage.key);
    const targetApi = ids.get(apiKey);
    if (!targetApi) continue;
    for (const path of paths.get(apiKey) ?? []) {
      const s = await call(stageUrl(source, lastSegment(apiKey).id, stage.id, path));
      const t = await call(stageUrl(target, targetApi, stage.id, path));
      const same = s.status === t.status && s.contentType === t.contentType && comparable(s.body, lastSegment(apiKey).id) === comparable(t.body, targetApi);
      result.smoke.push({ stage: stage.id, path, source: s, target: t, same });
      if (!same) result.equal = false;
    }
  }
  // HTTP APIs (v2): GET routes without an authorizer, on every stage.
  for (const c of v2SmokeTargets(point)) {
    const targetApi = ids.get(c.apiKey);
    if (!targetApi) continue;
    const sourceApi = lastSegment(c.apiKey).id;
    const s = await call(httpApiUrl(source, sourceApi, c.stage, c.path));
    const t = await call(httpApiUrl(target, targetApi, c.stage, c.path));
    const same = s.status === t.status && s.contentType === t.contentType && comparable(s.body, sourceApi) === comparable(t.body, targetApi);
    result.smoke.push({ stage: c.stage, path: c.path, source: s, target: t, same });
    if (!same) result.equal = false;
  }
  return result;
}
