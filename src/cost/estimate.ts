/**
 * What traffic would cost on AWS: REST API requests (tiered), the stage caches' hours, and data
 * transferred out, against what the same traffic would cost as an HTTP API (tiered, metered in
 * 512 KB increments, no cache). Pure functions of counted usage and a price table (prices.ts):
 * for the period observed (priced as one month's usage) and for a 30-day month at the observed rate.
 * https://aws.amazon.com/api-gateway/pricing/
 */
import { PRICES, type PriceTable, type Tier } from './prices.js';

export interface Usage {
  /** Requests the REST APIs received. */
  requests: number;
  /** The same requests as HTTP APIs would meter them (one per started 512 KB of request plus response). */
  httpApiUnits: number;
  /** Bytes of response bodies sent (data transfer out). */
  bytesOut: number;
  /** Bytes of request bodies received (free on AWS; shown for reference). */
  bytesIn: number;
  /** How long the usage took, in hours. */
  hours: number;
  /** Stage caches that were on during the period: their size (cacheClusterSize) and hours. */
  caches: { stage: string; size: string; hours: number }[];
}

export interface ApiCost {
  requests: number;
  cache: number;
  dataTransfer: number;
  total: number;
}

export interface Estimate {
  usage: Usage;
  prices: { region: string; asOf: string; source: string };
  observed: { rest: ApiCost; http: ApiCost };
  /** A 30-day month (720 hours) at the observed rate; caches on for the whole month. */
  monthly: { rest: ApiCost; http: ApiCost; scale: number };
}

export const HOURS_PER_MONTH = 720;
const GB = 1024 ** 3;

/** The price of `amount` units under tiers whose prices are per `unit` of them. */
export function tiered(amount: number, tiers: Tier[], unit = 1): number {
  let cost = 0;
  let below = 0;
  for (const t of tiers) {
    if (amount <= below) break;
    const inTier = Math.min(amount, t.upTo) - below;
    cost += (inTier / unit) * t.price;
    below = t.upTo;
  }
  return cost;
}

/** A cache size's hourly price; an unknown size is priced as the next larger known one. */
export function cacheHourlyPrice(size: string, prices: PriceTable = PRICES): number {
  if (size in prices.cacheHourly) return prices.cacheHourly[size];
  const n = Number(size);
  const sizes = Object.keys(prices.cacheHourly)
    .map(Number)
    .sort((a, b) => a - b);
  const next = sizes.find((s) => s >= n) ?? sizes[sizes.length - 1];
  return prices.cacheHourly[String(next)];
}

function costs(requests: number, httpUnits: number, bytesOut: number, cacheHours: { size: string; hours: number }[], prices: PriceTable): { rest: ApiCost; http: ApiCost } {
  const dataTransfer = tiered(bytesOut / GB, prices.dataTransferOut);
  const restRequests = tiered(requests, prices.restRequests, 1e6);
  const cache = cacheHours.reduce((sum, c) => sum + c.hours * cacheHourlyPrice(c.size, prices), 0);
  const httpRequests = tiered(httpUnits, prices.httpRequests, 1e6);
  return {
    rest: { requests: restRequests, cache, dataTransfer, total: restRequests + cache + dataTransfer },
    http: { requests: httpRequests, cache: 0, dataTransfer, total: httpRequests + dataTransfer },
  };
}

export function estimate(usage: Usage, prices: PriceTable = PRICES): Estimate {
  const observed = costs(usage.requests, usage.httpApiUnits, usage.bytesOut, usage.caches, prices);
  const scale = usage.hours > 0 ? HOURS_PER_MONTH / usage.hours : 0;
  const monthly = costs(
    usage.requests * scale,
    usage.httpApiUnits * scale,
    usage.bytesOut * scale,
    usage.caches.map((c) => ({ size: c.size, hours: HOURS_PER_MONTH })),
    prices,
  );
  return { usage, prices: { region: prices.region, asOf: prices.asOf, source: prices.source }, observed, monthly: { ...monthly, scale } };
}
