/**
 * Plan and apply. Both walk the resource types in order (registry.ts); for each type they
 * translate the point's nodes (translate.ts), read what the target holds for them (through the
 * target's SDK clients, kept to what the journal maps), and diff: create what is missing, update
 * what differs, delete what the environment holds but the source no longer has. `plan` stops
 * there; `apply` carries each action out, journaled (journal.ts), and repeats the walk until a
 * pass finds nothing to do, so what one step disturbs (a deployment's PutRestApi over the working
 * state, a policy that can only name its API once the API exists) is put right by the next pass,
 * and a rerun of a finished failover changes nothing.
 *
 * A run holds the writer lock (lock.ts) and, finished cleanly, compacts the journal (journal.ts).
 *
 * A target-side error stops the run with the resource and AWS's error named; the journal keeps
 * everything done so far, so the next run resumes.
 */
import { isNotFound } from './clients.js';
import { acquireLock } from './lock.js';
import { sameSetOrValue } from './canonical.js';
import { Journal, readJournals, type JournalState } from './journal.js';
import { lastSegment, parentKey } from './keys.js';
import { ENV_TAG, SOURCE_TAG, type ApplyContext, type Node, type ResourceType, type Side } from './model.js';
import type { RecoveryPoint } from './points.js';
import { allTypes } from './registry.js';
import { mapStrings, REF_PATTERN } from './neutral.js';
import { PENDING, translateKey, translateNode, type Desired, type Environment, type TranslateContext, type TranslationEntry } from './translate.js';
import './types.js';

export type ActionKind = 'create' | 'update' | 'delete' | 'adopt';

export interface Action {
  kind: ActionKind;
  type: string;
  /** Source key (create, update, adopt) or target key (delete). */
  key: string;
  label: string;
  /** For updates: the top-level props that differ. */
  fields?: string[];
}

export interface RunOptions {
  dataDir: string;
  env: Environment;
  mapping?: Record<string, string>;
  /** Apply even with references nothing translates (they keep the source's value, reported). */
  allowUntranslated?: boolean;
  /** Who writes, for the lock (lock.ts): `failover`, `watch`... */
  command?: string;
  /** Tests: fail (as a crash would) after this many creates. */
  failAfterCreates?: number;
  onProgress?(event: { pass: number; type: string; action: Action }): void;
}

export interface RunResult {
  actions: Action[];
  translations: TranslationEntry[];
  untranslated: TranslationEntry[];
  /** Nodes that are not materialised (functions without downloadable code), with the reason. */
  skipped: { key: string; reason: string }[];
  passes: number;
  journal?: string;
}

export class ApplyError extends Error {
  constructor(
    message: string,
    readonly resource: string,
    readonly awsError: string | undefined,
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

export class UntranslatedError extends Error {
  constructor(readonly entries: TranslationEntry[]) {
    super(
      `${entries.length} reference(s) have no translation; give them in the mapping file or pass --allow-untranslated:\n` +
        entries.map((e) => `  ${e.key} ${e.path}: ${e.from} (${e.rule})`).join('\n'),
    );
    this.name = 'UntranslatedError';
  }
}

/** Thrown by the failure injection of tests (RunOptions.failAfterCreates). */
export class InjectedFailure extends Error {}

interface Walk {
  point: RecoveryPoint;
  target: Side;
  options: RunOptions;
  state: JournalState;
  journal?: Journal;
  /** Natural-keyed source keys -> target ids, from the latest listings. */
  natural: Map<string, string>;
  /** Fresh target nodes by target key. */
  actual: Map<string, Node>;
  creates: number;
  nodesByKey: Map<string, Node>;
}

function translateContext(w: Walk): TranslateContext {
  return {
    source: w.point.source,
    target: { region: w.target.config.region, account: w.target.config.account },
    env: w.options.env,
    mapping: w.options.mapping ?? {},
    targetId: (key) => w.state.ids.get(key) ?? w.natural.get(key),
    nodes: w.nodesByKey,
  };
}

function applyContext(w: Walk): ApplyContext {
  return {
    target: w.target,
    mode: w.options.env.mode,
    targetId(key) {
      const id = w.state.ids.get(key) ?? w.natural.get(key);
      if (id === undefined) throw new Error(`${key} has no target id yet`);
      return id;
    },
    name: (n) => (w.options.env.prefix ? `${w.options.env.prefix}-${n}` : n),
    marker: (node) => ({ [SOURCE_TAG]: node.key, [ENV_TAG]: w.options.env.name }),
  };
}

const skipReason = (n: Node): string | undefined => (n.payload?.codeUnavailable !== undefined ? String(n.payload.codeUnavailable) : undefined);

/**
 * The target nodes of one type that belong to this environment. Listings write references as
 * keys; on the target a reference is simply the target id it holds, which is what translated
 * source nodes resolve to, so the two compare directly.
 */
async function listActual(w: Walk, t: ResourceType): Promise<Node[]> {
  return (await listActualRaw(w, t)).map(targetView);
}

/** A target node with its references written as the target ids they hold. */
export function targetView(n: Node): Node {
  return { ...n, props: mapStrings(n.props, (s) => s.replace(REF_PATTERN, (_w, key: string) => lastSegment(key).id)) };
}

async function listActualRaw(w: Walk, t: ResourceType): Promise<Node[]> {
  if (!t.parentType) {
    const ids = new Set<string>();
    for (const [key, id] of w.state.ids) if (lastSegmentType(key) === t.type && !key.includes('>')) ids.add(id);
    if (t.type === 'apigateway:Account') ids.add('settings');
    if (!ids.size) return [];
    const listed = t.get
      ? (await Promise.all([...ids].map((id) => t.get!(w.target, id, { capture: false })))).filter((n): n is Node => n !== undefined)
      : await t.list(w.target, undefined, { capture: false });
    return listed.filter((n) => ids.has(n.id));
  }
  const parents = [...w.actual.values()].filter((n) => n.type === t.parentType);
  const out: Node[] = [];
  for (const p of parents) out.push(...(await t.list(w.target, p, { capture: false })));
  return out;
}

const lastSegmentType = (key: string) => lastSegment(key).type;

/**
 * The top-level props that differ. An empty string is no value: a patch cannot always remove a
 * field (replace with '' is how AWS clears most), so '' and absent are the same here.
 */
function differingFields(d: Record<string, unknown>, a: Record<string, unknown>): string[] {
  const value = (v: unknown) => (v === '' ? undefined : v);
  return [...new Set([...Object.keys(d), ...Object.keys(a)])].filter((k) => !sameSetOrValue(value(d[k]), value(a[k]))).sort();
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(err)}`;
}

/** The types in apply order; a type with late nodes is walked twice, its late nodes the second time. */
function steps(): { t: ResourceType; late: boolean; order: number }[] {
  const out = allTypes().flatMap((t) => [{ t, late: false, order: t.order }, ...(t.late ? [{ t, late: true, order: t.late.order }] : [])]);
  return out.sort((a, b) => a.order - b.order);
}

/** One walk over the types; with `execute`, carries the actions out. */
async function pass(w: Walk, passNo: number, execute: boolean, result: RunResult): Promise<Action[]> {
  const actions: Action[] = [];
  const deletes: { t: ResourceType; node: Node; parentId?: string }[] = [];
  const tctx = translateContext(w);
  const actx = applyContext(w);
  const record = (a: Action) => {
    actions.push(a);
    if (execute) w.options.onProgress?.({ pass: passNo, type: a.type, action: a });
  };
  for (const { t, late } of steps()) {
    if (t.failoverOnly && w.options.env.mode === 'test') continue;
    const sources = w.point.nodes.filter((n) => n.type === t.type && !skipReason(n) && Boolean(t.late?.applies(n)) === late);
    const actual = await listActual(w, t);
    for (const [key, n] of w.actual) if (n.type === t.type) w.actual.delete(key);
    for (const n of actual) w.actual.set(n.key, n);
    const actualByKey = new Map(actual.map((n) => [n.key, n]));
    // What the target should hold of the type (both steps' nodes): the rest is extra.
    const desiredKeys = new Set<string>();
    for (const n of w.point.nodes) {
      if (n.type !== t.type || skipReason(n)) continue;
      const key = translateKey(n.key, tctx);
      if (key) desiredKeys.add(key);
    }
    for (const source of sources) {
      const d: Desired = translateNode(source, tctx);
      if (passNo === 1 && execute === false) result.translations.push(...d.entries);
      const found = d.targetKey ? actualByKey.get(d.targetKey) : undefined;
      if (d.targetKey) desiredKeys.add(d.targetKey);
      if (found) {
        if (!t.idKeyed) w.natural.set(source.key, found.id);
        const fields = differingFields(d.node.props, found.props);
        if (!fields.length) continue;
        const action: Action = { kind: 'update', type: t.type, key: source.key, label: source.label, fields };
        record(action);
        if (execute) {
          await carry(w, action, async () => {
            const outcome = t.update ? await t.update(actx, d.node, found, parentId(w, source)) : 'replace';
            if (outcome === 'replace') await replace(t, actx, w, d, found);
          });
        }
        continue;
      }
      // Not in the target: adopt what an interrupted run made (or, for a part of an API, what an
      // import made under the same name), or create.
      const stale = t.idKeyed && w.state.ids.has(source.key);
      if (t.adopt && (w.state.intents.has(source.key) || stale || (t.parentType && t.idKeyed))) {
        if (!execute) {
          record({ kind: w.state.intents.has(source.key) ? 'adopt' : 'create', type: t.type, key: source.key, label: source.label });
          continue;
        }
        const probe = { ...d.node, payload: { ...(d.node.payload ?? {}), intentAt: w.state.intents.get(source.key) } };
        const found = await t.adopt(actx, probe, parentId(w, source));
        // A resource another source resource already maps to is not this one's (two of one name).
        const taken = found !== undefined && [...w.state.ids].some(([k, v]) => v === found && k !== source.key && lastSegmentType(k) === t.type);
        const id = taken ? undefined : found;
        if (id !== undefined) {
          record({ kind: 'adopt', type: t.type, key: source.key, label: source.label });
          w.journal!.write({ t: 'adopted', key: source.key, id });
          const adoptedKey = translateKey(source.key, tctx);
          if (adoptedKey) desiredKeys.add(adoptedKey);
          continue;
        }
      }
      const action: Action = { kind: 'create', type: t.type, key: source.key, label: source.label };
      record(action);
      if (!execute) continue;
      await carry(w, action, async () => {
        w.journal!.write({ t: 'intent', key: source.key, at: Date.now() });
        const id = await t.create(actx, d.node, parentId(w, source));
        w.journal!.write({ t: 'created', key: source.key, id });
        if (!t.idKeyed) w.natural.set(source.key, id);
        w.creates++;
        crashPoint(w);
      });
    }
    if (!t.keepExtra && !late) {
      for (const n of actual) {
        if (desiredKeys.has(n.key)) continue;
        record({ kind: 'delete', type: t.type, key: n.key, label: n.label });
        deletes.push({ t, node: n, parentId: parentKey(n.key) ? w.actual.get(parentKey(n.key)!)?.id : undefined });
      }
    }
    if (execute && actions.some((a) => a.type === t.type && a.kind !== 'delete')) {
      for (const n of actual) w.actual.delete(n.key);
      for (const n of await listActual(w, t)) {
        w.actual.set(n.key, n);
      }
      refreshNatural(w, t, tctx);
    }
  }
  if (execute) {
    for (const { t, node, parentId: pid } of deletes.reverse()) {
      const action: Action = { kind: 'delete', type: t.type, key: node.key, label: node.label };
      await carry(w, action, async () => {
        try {
          await t.delete(actx, node, pid);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        const sourceKey = [...w.state.ids].find(([, id]) => id === node.id && lastSegmentType(node.key) === t.type)?.[0];
        if (sourceKey) w.journal!.write({ t: 'deleted', key: sourceKey, id: node.id, type: t.type });
      });
    }
  }
  return actions;
}

/** Natural keys of one type matched again after its listing changed. */
function refreshNatural(w: Walk, t: ResourceType, tctx: TranslateContext): void {
  if (t.idKeyed) return;
  for (const source of w.point.nodes.filter((n) => n.type === t.type)) {
    const key = translateNode(source, tctx).targetKey;
    const found = key ? w.actual.get(key) : undefined;
    if (found) w.natural.set(source.key, found.id);
  }
}

function parentId(w: Walk, source: Node): string | undefined {
  const p = parentKey(source.key);
  if (!p) return undefined;
  return w.state.ids.get(p) ?? w.natural.get(p);
}

async function replace(t: ResourceType, ctx: ApplyContext, w: Walk, d: Desired, found: Node): Promise<void> {
  await t.delete(ctx, found, parentId(w, d.source));
  const id = await t.create(ctx, d.node, parentId(w, d.source));
  w.journal!.write({ t: 'updated', key: d.source.key, id });
}

function crashPoint(w: Walk): void {
  const hard = Number(process.env.GATEHOUSE_DR_CRASH_AFTER ?? 0);
  if (hard > 0 && w.creates >= hard) process.kill(process.pid, 'SIGKILL');
  const soft = w.options.failAfterCreates;
  if (soft !== undefined && w.creates >= soft) throw new InjectedFailure(`injected failure after ${w.creates} creates`);
}

async function carry(w: Walk, action: Action, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    if (action.kind === 'update') w.journal!.write({ t: 'updated', key: action.key, id: w.state.ids.get(action.key) ?? w.natural.get(action.key) ?? '' });
  } catch (err) {
    if (err instanceof InjectedFailure || err instanceof ApplyError) throw err;
    const message = `${action.kind} ${action.label} [${action.key}] failed in the target: ${describe(err)}`;
    w.journal?.write({ t: 'error', key: action.key, message });
    throw new ApplyError(message, action.key, (err as { name?: string }).name);
  }
}

function walk(point: RecoveryPoint, target: Side, options: RunOptions, state: JournalState, journal?: Journal): Walk {
  return { point, target, options, state, journal, natural: new Map(), actual: new Map(), creates: 0, nodesByKey: new Map(point.nodes.map((n) => [n.key, n])) };
}

function skipped(point: RecoveryPoint) {
  return point.nodes.filter((n) => skipReason(n)).map((n) => ({ key: n.key, reason: skipReason(n)! }));
}

/** The diff between the point (translated) and what the target holds; changes nothing. */
export async function plan(point: RecoveryPoint, target: Side, options: RunOptions): Promise<RunResult> {
  const state = readJournals(options.dataDir, options.env.name);
  const result: RunResult = { actions: [], translations: [], untranslated: [], skipped: skipped(point), passes: 1 };
  result.actions = await pass(walk(point, target, options, state), 1, false, result);
  result.untranslated = result.translations.filter((e) => e.status === 'untranslated');
  return result;
}

const MAX_PASSES = 4;

export async function apply(point: RecoveryPoint, target: Side, options: RunOptions): Promise<RunResult> {
  const preview = await plan(point, target, options);
  if (preview.untranslated.length && !options.allowUntranslated) throw new UntranslatedError(preview.untranslated);
  // One writer at a time (a manual failover while watch applies): the journal is read under the lock.
  const release = acquireLock(options.dataDir, options.command ?? `${options.env.mode === 'test' ? 'failover --test' : 'failover'} (${options.env.name})`);
  try {
    const journal = Journal.open(options.dataDir, options.env.name, point.id, options.env.mode);
    const w = walk(point, target, options, journal.state, journal);
    const result: RunResult = { ...preview, actions: [], passes: 0, journal: journal.file };
    let finished = false;
    try {
      for (let n = 1; n <= MAX_PASSES; n++) {
        const actions = await pass(w, n, true, result);
        result.passes = n;
        result.actions.push(...actions);
        if (!actions.length) break;
        if (n === MAX_PASSES) throw new Error(`the target did not converge after ${MAX_PASSES} passes; still changing: ${actions.map((a) => `${a.kind} ${a.key}`).join(', ')}`);
      }
      journal.write({ t: 'finish', at: new Date().toISOString(), changes: result.actions.length });
      finished = true;
    } finally {
      journal.close();
    }
    if (finished) journal.compact(result.actions.length);
    return result;
  } finally {
    release();
  }
}

export { PENDING };
