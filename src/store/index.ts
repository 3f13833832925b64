export type { Store, StoreTx, Scope, Entry } from './types.js';
export { SqliteStore } from './sqlite.js';
export { MemoryStore } from './memory.js';
