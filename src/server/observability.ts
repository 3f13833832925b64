/**
 * Gatehouse's observability endpoints (where AWS has CloudWatch and the pricing calculator):
 *
 *  GET /_gatehouse/logs[?account=&region=]                 the log groups, as JSON {logGroups: [...]}
 *  GET /_gatehouse/logs/{logGroup}[?tail=N][&follow=1]     a group's last N events (default 100),
 *      as JSON Lines ({timestamp, message, logStream} per line, application/x-ndjson); with
 *      follow=1 the answer stays open (chunked) and each new event is one more line as it is
 *      logged, until the client goes away. {logGroup} is URL-encoded
 *      (API-Gateway-Execution-Logs_abc%2Fprod); account and region default to the server's.
 *  GET /_gatehouse/metrics                                 Prometheus text (prom-client)
 *  GET /_gatehouse/metrics?format=json, /_gatehouse/metrics.json   one-minute time series
 *  GET /_gatehouse/cost[?format=text]                      the AWS cost estimate of the traffic counted
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimate, costTable, type Usage } from '../cost/index.js';
import { KIND, type StageRecord } from '../definitions/apigateway.js';
import type { Observer } from '../gateway/observer.js';
import { LOG_GROUP_NAME, type LogEvent } from '../gateway/logs/index.js';
import type { Scope, Store } from '../store/types.js';

export interface ObservabilityDeps {
  observer: Observer;
  store: Store;
  defaultScope: Scope;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const MAX_TAIL = 10_000;
/** Bytes a follower may leave unread before it is cut off. */
const MAX_UNREAD = 4 * 1024 * 1024;

/** Answers the request and says true when the path is one of these endpoints. */
export async function observability(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, deps: ObservabilityDeps): Promise<boolean> {
  if (path === '/_gatehouse/metrics' || path === '/_gatehouse/metrics.json') {
    if (path.endsWith('.json') || query.get('format') === 'json') send(res, 200, 'application/json', JSON.stringify(deps.observer.metrics.json()));
    else send(res, 200, deps.observer.metrics.prometheusContentType, await deps.observer.metrics.prometheus());
    return true;
  }
  if (path === '/_gatehouse/cost') {
    const e = estimate(await usage(deps));
    if (query.get('format') === 'text') send(res, 200, 'text/plain; charset=utf-8', costTable(e));
    else send(res, 200, 'application/json', JSON.stringify(e));
    return true;
  }
  if (path === '/_gatehouse/logs' || path === '/_gatehouse/logs/') {
    const scope = scopeOf(query, deps);
    if (typeof scope === 'string') return badRequest(res, scope);
    send(res, 200, 'application/json', JSON.stringify({ logGroups: await deps.observer.logs.names(scope) }));
    return true;
  }
  if (!path.startsWith('/_gatehouse/logs/')) return false;
  let name: string;
  try {
    name = decodeURIComponent(path.slice('/_gatehouse/logs/'.length));
  } catch {
    return badRequest(res, 'The log group name is not valid percent-encoding.');
  }
  if (!LOG_GROUP_NAME.test(name)) return badRequest(res, `Invalid log group name '${name.slice(0, 100)}': 1-512 of [.-_/#A-Za-z0-9].`);
  const scope = scopeOf(query, deps);
  if (typeof scope === 'string') return badRequest(res, scope);
  const tailText = query.get('tail') ?? '100';
  const tail = /^\d+$/.test(tailText) ? Math.min(Number(tailText), MAX_TAIL) : NaN;
  if (Number.isNaN(tail)) return badRequest(res, `Invalid tail '${tailText.slice(0, 20)}': expected a number of events.`);
  const follow = query.get('follow') === '1' || query.get('follow') === 'true';
  if (follow) {
    followGroup(req, res, scope, name, tail, deps);
    return true;
  }
  const events = await deps.observer.logs.tail(scope, name, tail);
  if (!events) {
    send(res, 404, 'application/json', JSON.stringify({ message: 'The specified log group does not exist.' }));
    return true;
  }
  send(res, 200, 'application/x-ndjson', lines(events));
  return true;
}

/** Chunked JSON Lines: the recent events, then each new one as it is logged. */
function followGroup(req: IncomingMessage, res: ServerResponse, scope: Scope, name: string, tail: number, deps: ObservabilityDeps): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
  const { recent, stop } = deps.observer.logs.follow(scope, name, tail, {
    event: (e) => {
      // A follower that does not read is dropped rather than buffered without end.
      if (res.writableLength > MAX_UNREAD) res.destroy();
      else res.write(`${JSON.stringify(e)}\n`);
    },
    end: () => res.end(),
  });
  // Headers and what there is so far go out now: a follower sees the stream open at once.
  res.write(lines(recent));
  res.flushHeaders();
  const done = () => stop();
  req.on('close', done);
  res.on('close', done);
}

function lines(events: LogEvent[]): string {
  let out = '';
  for (const e of events) out += `${JSON.stringify(e)}\n`;
  return out;
}

function scopeOf(query: URLSearchParams, deps: ObservabilityDeps): Scope | string {
  const scope = { account: query.get('account') || deps.defaultScope.account, region: query.get('region') || deps.defaultScope.region };
  if (!ACCOUNT.test(scope.account)) return `Invalid account '${scope.account.slice(0, 20)}': expected 12 digits.`;
  if (!REGION.test(scope.region)) return `Invalid region '${scope.region.slice(0, 30)}'.`;
  return scope;
}

/**
 * The traffic counted (this run's and, with a data directory, earlier runs') and the stage caches
 * that are on, each priced from when it was last changed or counting began, whichever is later.
 */
async function usage(deps: ObservabilityDeps): Promise<Usage> {
  const counted = await deps.observer.usage();
  const now = Date.now();
  const u: Usage = { requests: 0, httpApiUnits: 0, bytesOut: 0, bytesIn: 0, hours: (now - counted.since) / 3_600_000, caches: [] };
  for (const s of counted.stages) {
    u.requests += s.requests;
    u.httpApiUnits += s.httpApiUnits;
    u.bytesOut += s.responseBytes;
    u.bytesIn += s.requestBytes;
  }
  for (const scope of await deps.store.scopes(KIND.stage)) {
    const stages = await deps.store.transaction(scope, (tx) => tx.list<StageRecord>(KIND.stage));
    for (const { key, value } of stages) {
      if (!value.cacheClusterEnabled) continue;
      const since = Math.max(counted.since, Date.parse(value.lastUpdatedDate) || counted.since);
      u.caches.push({ stage: key, size: value.cacheClusterSize ?? '0.5', hours: Math.max(0, now - since) / 3_600_000 });
    }
  }
  return u;
}

function badRequest(res: ServerResponse, message: string): true {
  send(res, 400, 'application/json', JSON.stringify({ message }));
  return true;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
