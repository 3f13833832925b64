import { MemoryStore } from '../../src/store/memory.js';
import { storeConformance } from './conformance.js';

storeConformance('memory', { open: async () => new MemoryStore() });
