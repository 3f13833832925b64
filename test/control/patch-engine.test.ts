/**
 * The patch engine's own contract (src/control/apigateway/patch/engine.ts), independent of any
 * resource: path matching with `{x}` / `{x+}` and JSON-Pointer escapes, AWS's default messages,
 * the per-resource message overrides, typed values, and copy-on-write.
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, badRequest } from '../../src/aws/errors.js';
import { applyPatch, fieldRule, mapEntryRule, type PatchContext, type PatchRule } from '../../src/control/apigateway/patch/index.js';

type Doc = Record<string, unknown>;

const badRequestWith = (message: string | RegExp) => (err: unknown) => {
  assert.ok(err instanceof AwsError, String(err));
  assert.equal(err.code, 'BadRequestException');
  assert.equal(err.status, 400);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  return true;
};

describe('applyPatch', () => {
  const rules: PatchRule<Doc>[] = [
    fieldRule('/name', 'name'),
    fieldRule('/description', 'description', 'string', ['replace', 'remove']),
    fieldRule('/enabled', 'enabled', 'boolean'),
    fieldRule('/limit', 'limit', 'integer'),
    mapEntryRule('/variables', 'variables'),
  ];

  test('applies the operations in order to a copy and leaves the original alone', () => {
    const doc = { name: 'a', description: 'd', variables: { x: '1' } };
    const out = applyPatch(doc, [
      { op: 'replace', path: '/name', value: 'b' },
      { op: 'replace', path: '/name', value: 'c' },
      { op: 'remove', path: '/description' },
      { op: 'replace', path: '/enabled', value: 'TRUE' },
      { op: 'replace', path: '/limit', value: '-5' },
      { op: 'add', path: '/variables/y', value: '2' },
      { op: 'remove', path: '/variables/x' },
    ], rules);
    assert.deepEqual(out, { name: 'c', enabled: true, limit: -5, variables: { y: '2' } });
    assert.deepEqual(doc, { name: 'a', description: 'd', variables: { x: '1' } });
  });

  test('no operations, or an empty list, is an unchanged copy', () => {
    const doc = { name: 'a' };
    for (const ops of [undefined, []]) {
      const out = applyPatch(doc, ops, rules);
      assert.deepEqual(out, doc);
      assert.notEqual(out, doc);
    }
  });

  test('a path parameter is unescaped: ~1 is / and ~0 is ~', () => {
    const out = applyPatch<Doc>({}, [{ op: 'add', path: '/variables/a~1b~0c', value: 'v' }], rules);
    assert.deepEqual(out, { variables: { 'a/b~c': 'v' } });
  });

  test('a greedy parameter takes the rest of the path, each segment unescaped', () => {
    const seen: Record<string, string>[] = [];
    const greedy: PatchRule<Doc> = { path: '/{resourcePath}/{rest+}', ops: ['replace'], apply: (_d, ctx) => void seen.push(ctx.params) };
    applyPatch<Doc>({}, [{ op: 'replace', path: '/~1pets~1{id}/GET/caching/enabled', value: 'true' }], [greedy]);
    assert.deepEqual(seen, [{ resourcePath: '/pets/{id}', rest: 'GET/caching/enabled' }]);
  });

  test('a stage variable (or tag) named __proto__ is stored like any other key', () => {
    const out = applyPatch<Doc>({ variables: {} }, [{ op: 'add', path: '/variables/__proto__', value: 'v' }], rules);
    const variables = out.variables as Record<string, string>;
    assert.deepEqual(Object.keys(variables), ['__proto__']);
    assert.equal(Object.getPrototypeOf(variables), Object.prototype);
    assert.equal(JSON.stringify(out), '{"variables":{"__proto__":"v"}}');
  });

  test('an unknown path is refused listing the paths that op accepts', () => {
    assert.throws(
      () => applyPatch({}, [{ op: 'replace', path: '/nope', value: 'x' }], rules),
      badRequestWith("Invalid patch path  '/nope' specified for op 'replace'. Must be one of: [/name, /description, /enabled, /limit, /variables/{key+}]"),
    );
  });

  test('an op no rule supports is refused listing the supported ops', () => {
    assert.throws(() => applyPatch({}, [{ op: 'move', path: '/name', from: '/x' }], rules), badRequestWith('Invalid patch operation specified. Must be one of: [replace, remove, add]'));
  });

  test('a missing op or a path that is missing or not absolute is refused', () => {
    assert.throws(() => applyPatch({}, [{ path: '/name', value: 'x' }], rules), badRequestWith(/^Invalid patch operation specified/));
    assert.throws(() => applyPatch({}, [{ op: 'replace', value: 'x' }], rules), badRequestWith('Invalid patch path null'));
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: 'name', value: 'x' }], rules), badRequestWith('Invalid patch path name'));
  });

  test('a value of the wrong type for a typed field is refused', () => {
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: '/enabled', value: 'yes' }], rules), badRequestWith(/Invalid boolean value 'yes'/));
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: '/limit', value: '1.5' }], rules), badRequestWith(/Invalid integer value '1.5'/));
  });

  test('a failure part-way leaves the original untouched', () => {
    const doc = { name: 'a' };
    assert.throws(() => applyPatch(doc, [{ op: 'replace', path: '/name', value: 'b' }, { op: 'replace', path: '/nope' }], rules), AwsError);
    assert.deepEqual(doc, { name: 'a' });
  });

  test('a resource can word the messages itself', () => {
    const options = {
      invalidPath: (op: string, path: string) => badRequest(`Invalid ${op} path ${path} for this resource`),
      invalidOp: (op: string) => badRequest(`No ${op} here`),
    };
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: '/x' }], rules, options), badRequestWith('Invalid replace path /x for this resource'));
    assert.throws(() => applyPatch({}, [{ op: 'copy', path: '/x' }], rules, options), badRequestWith('No copy here'));
  });

  test('a rule hidden from the listing still applies', () => {
    const hidden: PatchRule<Doc> = { path: '/secret', ops: ['replace'], listed: false, apply: (d, ctx: PatchContext) => void (d.secret = ctx.value) };
    assert.deepEqual(applyPatch<Doc>({}, [{ op: 'replace', path: '/secret', value: 's' }], [hidden, fieldRule('/name', 'name')]), { secret: 's' });
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: '/x' }], [hidden, fieldRule('/name', 'name')]), badRequestWith(/Must be one of: \[\/name\]$/));
  });
});
