/** The cost estimate as a plain-text table, for `gatehouse cost` and `GET /_gatehouse/cost?format=text`. */
import type { ApiCost, Estimate } from './estimate.js';

const usd = (n: number) => (n === 0 ? '$0.00' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

export function costTable(e: Estimate): string {
  const u = e.usage;
  const rows: [string, string, string][] = [];
  const section = (title: string, c: { observed: ApiCost; monthly: ApiCost }, withCache: boolean) => {
    rows.push([title, '', '']);
    rows.push(['  requests', usd(c.observed.requests), usd(c.monthly.requests)]);
    if (withCache) rows.push(['  cache', usd(c.observed.cache), usd(c.monthly.cache)]);
    rows.push(['  data transfer out', usd(c.observed.dataTransfer), usd(c.monthly.dataTransfer)]);
    rows.push(['  total', usd(c.observed.total), usd(c.monthly.total)]);
  };
  section('REST API', { observed: e.observed.rest, monthly: e.monthly.rest }, true);
  section(`HTTP API (${int(u.httpApiUnits)} metered requests)`, { observed: e.observed.http, monthly: e.monthly.http }, false);
  const head: [string, string, string] = ['', `observed (${u.hours.toFixed(2)} h)`, 'per 30-day month at this rate'];
  const w0 = Math.max(...[head, ...rows].map((r) => r[0].length));
  const w1 = Math.max(...[head, ...rows].map((r) => r[1].length));
  const line = (r: [string, string, string]) => `${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2].padStart(r === head ? 0 : head[2].length)}`.trimEnd();
  const caches = u.caches.length ? u.caches.map((c) => `${c.stage} ${c.size} GB`).join(', ') : 'none';
  return [
    `What this traffic would cost on AWS API Gateway (${e.prices.region} prices of ${e.prices.asOf}, ${e.prices.source})`,
    `Requests: ${int(u.requests)}   data in: ${bytes(u.bytesIn)}   data out: ${bytes(u.bytesOut)}   stage caches: ${caches}`,
    '',
    line(head),
    ...rows.map(line),
    '',
    'Free tier not applied. REST API caches are billed per hour while enabled; HTTP APIs have no cache.',
    '',
  ].join('\n');
}
