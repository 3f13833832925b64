/**
 * The lambda control plane: every implemented operation, by its model name. Invoke runs the
 * function on the local runtime (src/functions/) through the functionInvoker port.
 */
import type { Handlers } from '../types.js';
import { handlers as functions } from './functions.js';
import { handlers as versions } from './versions.js';
import { handlers as aliases } from './aliases.js';
import { handlers as permissions } from './permissions.js';
import { handlers as concurrency } from './concurrency.js';
import { handlers as tags } from './tags.js';
import { handlers as invoke } from './invoke.js';

export const handlers: Handlers = {
  ...functions,
  ...versions,
  ...aliases,
  ...permissions,
  ...concurrency,
  ...tags,
  ...invoke,
};
