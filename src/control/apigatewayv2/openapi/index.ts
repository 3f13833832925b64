/**
 * OpenAPI 3 for HTTP APIs: reading a definition into a plan (read.ts), writing the plan through
 * the control plane's rules (apply.ts), and writing an API back out (write.ts). Used by ImportApi,
 * ReimportApi (../import.ts) and ExportApi (../export.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 */
export { applyPlan } from './apply.js';
export { importErrors, type BasePathMode, type ImportPlan } from './plan.js';
export { readDefinition } from './read.js';
export { exportDocument } from './write.js';
