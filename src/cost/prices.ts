/**
 * Amazon API Gateway's published prices, US East (N. Virginia), the one table the cost estimate
 * reads. Requests are priced per month in tiers: each tier's price applies to the requests that
 * fall in it. HTTP APIs are metered in 512 KB increments (a 513 KB request counts as two). Caching
 * (REST APIs only) is billed per hour by cache size, not eligible for the free tier. Data
 * transferred out is billed at EC2's internet data-transfer-out rates. The free tier (one million
 * calls a month for the first 12 months) is left out.
 *
 * Source: https://aws.amazon.com/api-gateway/pricing/ (request tiers and HTTP API metering as
 * restated by AWS's whitepaper "Best Practices for Designing Amazon API Gateway Private APIs and
 * Private Integration", Cost optimization, Table 4), cache and data-transfer rates from the same
 * page and https://aws.amazon.com/ec2/pricing/on-demand/ (Data Transfer OUT to the internet).
 * Checked 2026-11-21. Update every number here, and `asOf`, together.
 */

export interface Tier {
  /** The tier covers usage up to this cumulative amount in the month (Infinity for the last). */
  upTo: number;
  /** Price per unit of the tier (per million requests, or per GB). */
  price: number;
}

export interface PriceTable {
  region: string;
  asOf: string;
  source: string;
  /** Per million REST API requests. */
  restRequests: Tier[];
  /** Per million HTTP API requests (metered units). */
  httpRequests: Tier[];
  /** The size of one metered HTTP API request. */
  httpMeteringBytes: number;
  /** USD per hour by cacheClusterSize (GB, as the Stage's cacheClusterSize spells it). */
  cacheHourly: Record<string, number>;
  /** Per GB transferred out to the internet, tiers by cumulative GB in the month. */
  dataTransferOut: Tier[];
}

const TB = 1024;

export const PRICES: PriceTable = {
  region: 'us-east-1',
  asOf: '2026-11-21',
  source: 'https://aws.amazon.com/api-gateway/pricing/',
  restRequests: [
    { upTo: 333e6, price: 3.5 },
    { upTo: 1e9, price: 2.8 }, // next 667 million
    { upTo: 20e9, price: 2.38 }, // next 19 billion
    { upTo: Infinity, price: 1.51 }, // over 20 billion
  ],
  httpRequests: [
    { upTo: 300e6, price: 1.0 },
    { upTo: Infinity, price: 0.9 },
  ],
  httpMeteringBytes: 512 * 1024,
  cacheHourly: {
    '0.5': 0.02,
    '1.6': 0.038,
    '6.1': 0.2,
    '13.5': 0.25,
    '28.4': 0.5,
    '58.2': 1.0,
    '118': 1.9,
    '237': 3.8,
  },
  dataTransferOut: [
    { upTo: 10 * TB, price: 0.09 },
    { upTo: 50 * TB, price: 0.085 },
    { upTo: 150 * TB, price: 0.07 },
    { upTo: Infinity, price: 0.05 },
  ],
};
