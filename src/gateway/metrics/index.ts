/** Data-plane metrics: AWS's REST, HTTP and WebSocket API metrics and dimensions, counted in memory (registry.ts). */
export { ApiMetrics, apiNameDimension, type Owner } from './registry.js';
export { Series, Totals, HTTP_API_METERING_BYTES, MAX_MINUTES, isHttpApiSeries, type RequestSample, type Dimensions } from './series.js';
export { addUsage, loadUsage, saveUsage, type StageUsage, type UsageRecord } from './usage-file.js';
export { WebSocketSeries, WebSocketTotals, type WebSocketSample } from './websocket-series.js';
