/** The keys a node's props and payload refer to (its `{{gh:ref:...}}` tokens). */
import type { Node } from './model.js';
import { REF_PATTERN } from './neutral.js';

export function keysOfRefs(node: Node): string[] {
  const text = JSON.stringify([node.props, node.payload ?? null]);
  return [...new Set([...text.matchAll(REF_PATTERN)].map((m) => m[1]!))];
}
