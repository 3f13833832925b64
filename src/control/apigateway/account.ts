/**
 * Account: GetAccount, UpdateAccount.
 * Not built yet: every operation here answers NotImplemented until it is.
 */
import type { Handlers } from '../types.js';

export const handlers: Handlers = {};
