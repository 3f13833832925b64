/**
 * GetExport: a stage's deployed snapshot as OpenAPI 3 or Swagger 2.
 * Not built yet: every operation here answers NotImplemented until it is.
 */
import type { Handlers } from '../types.js';

export const handlers: Handlers = {};
