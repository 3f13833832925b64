/**
 * Smoke calls for HTTP APIs (verify --smoke): every `GET /path` route without an authorizer or
 * path parameters, on every stage of the API, called on the source and on the recovered API over
 * HTTP (verify.ts compares the answers). WebSocket APIs are not called here (a connection is not
 * a GET). A `$default` stage has no segment in the URL.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-call.html
 */
import { rootKey } from '../keys.js';
import type { Node, Side } from '../model.js';
import type { RecoveryPoint } from '../points.js';
import { API } from './apis.js';
import { ROUTE } from './routes.js';
import { STAGE_V2 } from './stages.js';

export interface V2SmokeTarget {
  apiKey: string;
  stage: string;
  path: string;
}

export function v2SmokeTargets(point: RecoveryPoint): V2SmokeTarget[] {
  const nodes = new Map(point.nodes.map((n) => [n.key, n]));
  const paths = new Map<string, string[]>();
  for (const r of point.nodes.filter((n: Node) => n.type === ROUTE)) {
    const m = /^GET (\/[^{}]*)$/.exec(String(r.props.RouteKey));
    if (!m || r.props.AuthorizationType || r.props.ApiKeyRequired) continue;
    const api = rootKey(r.key);
    if (nodes.get(api)?.props.ProtocolType !== 'HTTP') continue;
    paths.set(api, [...(paths.get(api) ?? []), m[1]!]);
  }
  const out: V2SmokeTarget[] = [];
  for (const s of point.nodes.filter((n) => n.type === STAGE_V2 && nodes.get(rootKey(n.key))?.type === API)) {
    for (const path of paths.get(rootKey(s.key)) ?? []) out.push({ apiKey: rootKey(s.key), stage: s.id, path });
  }
  return out;
}

/** The invocation URL of an HTTP API stage: Gatehouse's path form for an endpoint, AWS's host otherwise. */
export function httpApiUrl(side: Side, apiId: string, stage: string, path: string): string {
  const stagePart = stage === '$default' ? '' : `/${encodeURIComponent(stage)}`;
  if (side.config.endpoint) return `${side.config.endpoint.replace(/\/$/, '')}/_aws/execute-api/${apiId}${stagePart}${path}`;
  return `https://${apiId}.execute-api.${side.config.region}.amazonaws.com${stagePart}${path}`;
}
