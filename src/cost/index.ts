/** The AWS cost estimate of counted traffic: prices (one table), the estimate, its table. */
export { PRICES, type PriceTable, type Tier } from './prices.js';
export { estimate, tiered, cacheHourlyPrice, HOURS_PER_MONTH, type Estimate, type Usage, type ApiCost } from './estimate.js';
export { costTable } from './table.js';
