import type { Handlers } from '../types.js';

export const handlers: Handlers = {};
