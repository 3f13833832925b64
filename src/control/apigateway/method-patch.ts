/**
 * AWS's patch wording for the method family (UpdateMethod, UpdateMethodResponse,
 * UpdateIntegration, UpdateIntegrationResponse), which differs from other resources:
 *  - a path no rule knows:               "Invalid patch path /httpMethod"
 *  - a known path under an op it lacks:  "Invalid patch operation specified. Must be one of: [replace]"
 * (both recorded from AWS for UpdateMethod / UpdateMethodResponse).
 * The engine stays as it is: the rules get one last catch-all rule that words the error.
 */
import { badRequest } from '../../aws/errors.js';
import type { PatchOpName, PatchRule } from './patch/index.js';

const ALL_OPS: PatchOpName[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

function pathPattern(rulePath: string): RegExp {
  const body = rulePath
    .split('/')
    .map((seg) => {
      if (/^\{.+\+\}$/.test(seg)) return '.+';
      if (/^\{.+\}$/.test(seg)) return '[^/]+';
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}$`, 's');
}

export function withMethodFamilyErrors<D>(rules: PatchRule<D>[]): PatchRule<D>[] {
  const compiled = rules.map((r) => ({ ops: r.ops, re: pathPattern(r.path) }));
  const catchAll: PatchRule<D> = {
    path: '/{path+}',
    ops: ALL_OPS,
    listed: false,
    apply(_doc, ctx) {
      const ops = [...new Set(compiled.filter((c) => c.re.test(ctx.path)).flatMap((c) => c.ops))];
      if (ops.length) throw badRequest(`Invalid patch operation specified. Must be one of: [${ops.join(', ')}]`);
      throw badRequest(`Invalid patch path ${ctx.path}`);
    },
  };
  return [...rules, catchAll];
}

/**
 * A map member addressed by key (`/requestParameters/{name}`, `/responseModels/{contentType}`).
 * `add` sets; `replace` and `remove` need the key to exist when `missing` is given (AWS answers
 * e.g. NotFound "Invalid parameter name specified"), else they set / drop silently. A map left
 * empty by a remove is dropped: AWS then omits the member.
 */
export function mapKeyRule<D>(
  prefix: string,
  field: string,
  convert: (value: string | undefined) => unknown,
  missing?: () => Error,
): PatchRule<D> {
  return {
    path: `${prefix}/{key}`,
    ops: ['add', 'replace', 'remove'],
    apply(doc, ctx) {
      const d = doc as Record<string, Record<string, unknown> | undefined>;
      const key = ctx.params.key;
      const exists = !!d[field] && key in d[field]!;
      if (ctx.op !== 'add' && !exists && missing) throw missing();
      if (ctx.op === 'remove') {
        if (d[field]) delete d[field]![key];
        if (d[field] && Object.keys(d[field]!).length === 0) delete d[field];
        return;
      }
      (d[field] ??= {})[key] = convert(ctx.value);
    },
  };
}

/** A top-level string member set by `replace`; no value (or "") clears it. */
export function stringRule<D>(path: string, field: string, convert: (v: string) => unknown = (v) => v): PatchRule<D> {
  return {
    path,
    ops: ['replace'],
    apply(doc, ctx) {
      const d = doc as Record<string, unknown>;
      if (ctx.value === undefined || ctx.value === '') delete d[field];
      else d[field] = convert(ctx.value);
    },
  };
}
