/**
 * Fuzzes the patch engine behind every apigateway Update*: random lists of {op, path, value,
 * from} against rule sets shaped like the real ones (fields, typed fields, map entries, `{x}`
 * and `{x+}` parameters, a hidden catch-all). Whatever the list, the engine either returns a
 * patched copy or throws an AwsError (a 4xx for the caller), and never touches its input.
 * Fixed seed: a failure names the case that reproduces it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, badRequest } from '../../src/aws/errors.js';
import {
  applyPatch,
  fieldRule,
  mapEntryRule,
  patchBoolean,
  patchInteger,
  patchNumber,
  type PatchOperation,
  type PatchRule,
} from '../../src/control/apigateway/patch/index.js';
import { mulberry32, nastyString, type Rng } from './prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x9a7c);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);

type Doc = Record<string, unknown>;

const restApiLike: PatchRule<Doc>[] = [
  fieldRule('/name', 'name'),
  fieldRule('/description', 'description', 'string', ['add', 'replace', 'remove']),
  fieldRule('/minimumCompressionSize', 'minimumCompressionSize', 'integer'),
  fieldRule('/disableExecuteApiEndpoint', 'disableExecuteApiEndpoint', 'boolean'),
  {
    path: '/binaryMediaTypes/{type}',
    ops: ['add', 'remove', 'replace'],
    apply(doc, ctx) {
      const list = ((doc.binaryMediaTypes as string[] | undefined) ??= []);
      const i = list.indexOf(ctx.params.type);
      if (ctx.op === 'remove') {
        if (i < 0) throw badRequest(`Invalid binary media type ${ctx.params.type}`);
        list.splice(i, 1);
      } else if (i < 0) list.push(ctx.op === 'replace' ? (ctx.value ?? '') : ctx.params.type);
    },
  },
  mapEntryRule('/tags', 'tags'),
];

const stageLike: PatchRule<Doc>[] = [
  mapEntryRule('/variables', 'variables'),
  {
    path: '/cacheClusterEnabled',
    ops: ['replace'],
    apply(doc, ctx) {
      doc.cacheClusterEnabled = patchBoolean(ctx);
    },
  },
  {
    path: '/{resourcePath}/{httpMethod}/throttling/burstLimit',
    ops: ['replace'],
    apply(doc, ctx) {
      const settings = ((doc.methodSettings as Record<string, Record<string, unknown>> | undefined) ??= {});
      (settings[`${ctx.params.resourcePath}/${ctx.params.httpMethod}`] ??= {}).throttlingBurstLimit = patchInteger(ctx);
    },
  },
  {
    path: '/{resourcePath}/{httpMethod}/throttling/rateLimit',
    ops: ['replace'],
    apply(doc, ctx) {
      const settings = ((doc.methodSettings as Record<string, Record<string, unknown>> | undefined) ??= {});
      (settings[`${ctx.params.resourcePath}/${ctx.params.httpMethod}`] ??= {}).throttlingRateLimit = patchNumber(ctx);
    },
  },
  {
    path: '/{path+}',
    ops: ['copy'],
    listed: false,
    apply(doc, ctx) {
      if (ctx.path !== '/deploymentId' || ctx.from !== '/canarySettings/deploymentId') throw badRequest(`Invalid copy operation with path: ${ctx.path}`);
      doc.deploymentId = (doc.canarySettings as { deploymentId?: string } | undefined)?.deploymentId;
    },
  },
];

const RULE_SETS: { name: string; rules: PatchRule<Doc>[]; doc: Doc }[] = [
  {
    name: 'restapi-like',
    rules: restApiLike,
    doc: { id: 'a1', name: 'pets', binaryMediaTypes: ['image/png'], tags: { team: 'a' }, minimumCompressionSize: 0, nested: { deep: [1, { x: 2 }] } },
  },
  {
    name: 'stage-like',
    rules: stageLike,
    doc: { stageName: 'prod', variables: { a: '1' }, canarySettings: { deploymentId: 'd2' }, methodSettings: { '*/*': { throttlingBurstLimit: 5 } } },
  },
  { name: 'no rules', rules: [], doc: { id: 'x' } },
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test', '', 'ADD', 'delete', '__proto__', 'constructor', undefined];
const PATHS = [
  '/name', '/description', '/minimumCompressionSize', '/disableExecuteApiEndpoint', '/binaryMediaTypes/image~1png',
  '/binaryMediaTypes/', '/tags/team', '/tags/__proto__', '/tags/constructor', '/tags/a~1b/c', '/variables/a', '/variables/__proto__',
  '/variables/', '/cacheClusterEnabled', '/~1pets~1{id}/GET/throttling/burstLimit', '/*/*/throttling/rateLimit', '/*/*/throttling/',
  '/deploymentId', '/', '', '//', 'name', '/name/', '/~0', '/~1', '/~', undefined,
];

function randomPath(rng: Rng): string | undefined {
  if (rng.chance(0.6)) return rng.pick(PATHS);
  const segments = Array.from({ length: rng.int(5) }, () => (rng.chance(0.5) ? rng.pick(['tags', 'variables', 'binaryMediaTypes', '*', 'GET', 'throttling', 'burstLimit']) : nastyString(rng)));
  return (rng.chance(0.9) ? '/' : '') + segments.join('/');
}

function randomOperation(rng: Rng): PatchOperation {
  const op: PatchOperation = {};
  if (rng.chance(0.95)) op.op = rng.pick(OPS);
  if (rng.chance(0.95)) op.path = randomPath(rng);
  if (rng.chance(0.8)) op.value = rng.chance(0.3) ? rng.pick(['true', 'FALSE', '12', '-3', '1.5', '1e400', ' 7 ', '', 'NaN']) : nastyString(rng);
  if (rng.chance(0.3)) op.from = randomPath(rng);
  return op;
}

test(`${CASES} random patch lists: only AwsErrors are thrown and the input document is never changed`, () => {
  const rng = mulberry32(SEED);
  const failures: string[] = [];
  let applied = 0;
  for (let i = 0; i < CASES; i++) {
    const set = rng.pick(RULE_SETS);
    const doc = deepFreeze(structuredClone(set.doc));
    const operations = Array.from({ length: rng.int(5) }, () => randomOperation(rng));
    const where = `case ${i} (seed ${SEED}, ${set.name}): ${JSON.stringify(operations).slice(0, 400)}`;
    try {
      const out = applyPatch(doc, operations, set.rules);
      applied++;
      if (out === doc) failures.push(`${where} -> returned the input itself, not a copy`);
      if (Object.getPrototypeOf(out) !== Object.prototype) failures.push(`${where} -> result has a changed prototype`);
    } catch (err) {
      if (!(err instanceof AwsError)) failures.push(`${where} -> threw ${String(err)}`);
      else if (err.status < 400 || err.status >= 500) failures.push(`${where} -> AwsError with status ${err.status}`);
    }
    try {
      assert.deepEqual(doc, set.doc);
    } catch {
      failures.push(`${where} -> the input document changed`);
    }
  }
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failing cases`);
  assert.ok(applied > CASES / 20, `only ${applied} of ${CASES} lists applied: the generator no longer reaches the rules`);
});
