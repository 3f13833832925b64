export { applyPatch, fieldRule, mapEntryRule, patchBoolean, patchInteger, patchNumber, unescapeSegment, defaultInvalidPath } from './engine.js';
export type { PatchOperation, PatchRule, PatchContext, PatchOpName, PatchOptions } from './engine.js';
