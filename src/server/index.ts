export { GatehouseServer } from './server.js';
export type { GatehouseServerOptions } from './server.js';
export { classify } from './classify.js';
