/** OpenAPI 3 / Swagger 2 import into REST APIs (ImportRestApi, PutRestApi): the public names. */
export { parseDefinition, INVALID_INPUT, type OpenApiDocument } from './parse.js';
export { readApiSettings, importError, type ApiSettings } from './api-settings.js';
export { ImportRun, type ImportOptions, type PutMode } from './context.js';
export { applyDefinition } from './apply.js';
