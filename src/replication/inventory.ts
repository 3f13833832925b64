/**
 * Inventory: reads a side through its SDK clients only (never Gatehouse's store), every listing
 * paged to the end. `captureInventory` starts from the selection and follows the seed's
 * "automatically included" rules (deps.ts describes them; here they decide what is read): a
 * selected API brings its whole definition, its stages and their deployments (with each
 * stage's export), the account settings, the custom domain names that map to it (and, through
 * them, every API those names map), the usage plans that meter it with their keys, the client
 * certificates and VPC links its stages and integrations use, and the Lambda functions its
 * integrations and authorizers call. The capture is then made region-neutral (neutral.ts).
 * Everything is read in sequence: a real AWS account's control-plane rate limits (about 10
 * requests per second per account) would only throttle parallel reads.
 */
import { keysOfRefs } from './graph-refs.js';
import { rootKey } from './keys.js';
import type { ListOptions, Node, Selection, Side } from './model.js';
import { LAMBDA_VERSION, tokenise, type NeutralContext } from './neutral.js';
import { allTypes, childTypes, resourceType } from './registry.js';
import { functionKey, LAMBDA_FUNCTION } from './lambda/functions.js';
import './types.js';

export interface Captured {
  nodes: Node[];
  /** The keys the selection named (the roots of `deps`). */
  selected: string[];
  warnings: string[];
}

/** Lists a node's descendants, depth first, in type order. */
export async function listTree(side: Side, parent: Node, options: ListOptions, out: Node[]): Promise<void> {
  for (const t of childTypes(parent.type)) {
    for (const child of await t.list(side, parent, options)) {
      out.push(child);
      await listTree(side, child, options, out);
    }
  }
}

function selects(selection: Selection, api: Node): boolean {
  const ids = selection.restApiIds ?? [];
  const tags = selection.tags ?? {};
  const byTags = Object.keys(tags).length > 0;
  if (!ids.length && !byTags) return true;
  if (ids.includes(api.id)) return true;
  const apiTags = (api.payload?.tags ?? {}) as Record<string, string>;
  return byTags && Object.entries(tags).every(([k, v]) => apiTags[k] === v);
}

/**
 * The closure, generic over the registered types (so apigatewayv2 types join by registering):
 *  - root types (`root`): the selection picks them; each brings its whole tree;
 *  - other top-level types are listed with their trees and pulled in when an included node
 *    references them (a stage's client certificate, a plan key's API key, a method's VPC link)
 *    or when their tree references an included node (a domain name whose mapping names an
 *    included API, a usage plan metering it, a key whose stage keys name it); what a pulled-in
 *    tree references is included in turn (the other APIs a domain name maps, a plan meters);
 *  - types read by id (`get`, `referencedIds`) are fetched for the ids included nodes name
 *    (Lambda functions, from the ARNs in URIs).
 */
export async function captureInventory(side: Side, selection: Selection): Promise<Captured> {
  const options: ListOptions = { capture: true };
  const warnings: string[] = [];
  const top = allTypes().filter((t) => !t.parentType);
  const roots = new Map<string, Node>();
  for (const t of top.filter((t) => t.root)) for (const n of await t.list(side, undefined, options)) roots.set(n.key, n);
  const selected = [...roots.values()].filter((a) => selects(selection, a));
  for (const id of selection.restApiIds ?? []) {
    if (![...roots.values()].some((r) => r.id === id)) throw new Error(`API ${id} (selected) does not exist in ${side.config.region}/${side.config.account}`);
  }

  // Pooled top-level resources, each with its tree, and the keys the tree references.
  const pool = new Map<string, Node[]>();
  for (const t of top.filter((t) => !t.root && !t.get && !t.failoverOnly)) {
    for (const n of await t.list(side, undefined, options)) {
      const tree = [n];
      await listTree(side, n, options, tree);
      pool.set(n.key, tree);
    }
  }
  const refsOf = (tree: Node[]) => new Set(tree.flatMap(keysOfRefs));

  const nodes = new Map<string, Node>();
  const queue: Node[] = [...selected];
  const includeKey = (key: string) => {
    const top = rootKey(key);
    if (nodes.has(top)) return;
    const root = roots.get(top);
    if (root) {
      if (!queue.includes(root)) queue.push(root);
      return;
    }
    const tree = pool.get(top);
    if (!tree) return;
    for (const n of tree) nodes.set(n.key, n);
    for (const k of refsOf(tree)) includeKey(k);
  };
  for (;;) {
    while (queue.length) {
      const root = queue.shift()!;
      if (nodes.has(root.key)) continue;
      const tree = [root];
      await listTree(side, root, options, tree);
      for (const n of tree) nodes.set(n.key, n);
      for (const k of refsOf(tree)) includeKey(k);
    }
    // Pooled trees that name something included come along (and bring what they name).
    const before = nodes.size;
    for (const [key, tree] of pool) {
      if (nodes.has(key)) continue;
      if ([...refsOf(tree)].some((k) => nodes.has(k))) includeKey(key);
    }
    if (!queue.length && nodes.size === before) break;
  }
  // Account-wide settings come with any API (seed: "Settings for the API gateway account").
  if (selected.length) {
    for (const t of top.filter((t) => t.failoverOnly)) for (const n of await t.list(side, undefined, options)) nodes.set(n.key, n);
  }
  // Types read by id: what the included nodes name.
  for (const t of top.filter((t) => t.get && t.referencedIds)) {
    const ids = new Set([...nodes.values()].flatMap((n) => t.referencedIds!(n, side.config)));
    const referencing = [...nodes.values()];
    for (const id of [...ids].sort()) {
      const n = await t.get!(side, id, options);
      if (!n) {
        warnings.push(`${t.type} ${id} is named by an integration or authorizer but does not exist in the source: its ARN is translated by region/account substitution`);
        continue;
      }
      if (n.payload?.codeUnavailable) warnings.push(`${n.label}: ${String(n.payload.codeUnavailable)}; it is not recreated, its ARN is translated by region/account substitution`);
      nodes.set(n.key, n);
      // Its children (a function's published versions and aliases).
      const tree: Node[] = [];
      await listTree(side, n, { ...options, referencing }, tree);
      for (const c of tree) nodes.set(c.key, c);
    }
  }
  for (const n of nodes.values()) if (typeof n.payload?.warning === 'string') warnings.push(n.payload.warning);

  const neutral: NeutralContext = {
    region: side.config.region,
    account: side.config.account,
    // execute-api ARNs and hosts name any root (REST APIs; HTTP and WebSocket APIs alike).
    restApis: new Map([...nodes.values()].filter((n) => resourceType(n.type).root).map((n) => [n.id, n.key])),
    functions: new Map([...nodes.values()].filter((n) => n.type === LAMBDA_FUNCTION).map((n) => [n.id, functionKey(n.id)])),
    versions: new Set([...nodes.values()].filter((n) => n.type === LAMBDA_VERSION).map((n) => n.key)),
  };
  const out = [...nodes.values()].map((n) => neutralNode(n, neutral));
  return { nodes: sortNodes(out), selected: selected.map((a) => a.key), warnings };
}

/** Tokenises a node. */
function neutralNode(n: Node, ctx: NeutralContext): Node {
  const payload = n.payload ? tokenise(stripTransient(n.payload), ctx) : undefined;
  return { ...n, props: tokenise(n.props, ctx), ...(payload && Object.keys(payload).length ? { payload } : { payload: undefined }) };
}

/** Listing aids (a resource's embedded methods, an API's raw tags) are not part of the capture. */
function stripTransient(payload: Record<string, unknown>): Record<string, unknown> {
  const { methods: _m, tags: _t, warning: _w, ...rest } = payload;
  return rest;
}

/**
 * Apply order: by type order, then parents before children, then as listed (the listings give
 * resources by path, so a parent path comes first, and deployments oldest first).
 */
export function sortNodes(nodes: Node[]): Node[] {
  const order = (n: Node) => resourceType(n.type).order;
  return [...nodes].sort((a, b) => order(a) - order(b) || a.key.split('>').length - b.key.split('>').length);
}

/**
 * The target's current state for the resources a run maps: each top-level type listed (or, for
 * types read by id, read) and kept to the ids `owned` names, with all their descendants.
 */
export async function targetInventory(side: Side, owned: (type: string) => Set<string>): Promise<Node[]> {
  const out: Node[] = [];
  for (const t of allTypes().filter((t) => !t.parentType)) {
    const ids = owned(t.type);
    if (!ids.size) continue;
    const listed = t.get
      ? (await Promise.all([...ids].map((id) => t.get!(side, id, { capture: false })))).filter((n): n is Node => n !== undefined)
      : await t.list(side, undefined, { capture: false });
    for (const n of listed) {
      if (!ids.has(n.id)) continue;
      out.push(n);
      await listTree(side, n, { capture: false }, out);
    }
  }
  return out;
}

