/**
 * The JSONPath dialect of `$input.path(x)` / `$input.json(x)`. AWS evaluates it with Jayway
 * JsonPath ("JSONPath for Java", linked from the mapping-template reference page):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 * Hand-written rather than a library: the npm JSONPath packages follow Goessner's always-a-list
 * results, and Jayway's distinction matters here — a *definite* path (only names and indexes)
 * answers the value itself, or nothing when it is missing; an *indefinite* one (wildcards, `..`,
 * slices, unions, filters) answers the list of matches.
 *
 * Supported: `$`, `.name`, `['name']`, `["a","b"]`, `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[*]`, `.*`,
 * `..name`, `..*`, `[?(@.a == 'x' && @.b > 1)]`, `[?(@.a)]`, and a trailing `.length()`.
 * Compiled paths are cached, so evaluating a literal path does no parsing.
 */

export class JsonPathError extends Error {}

type Step =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'names'; names: string[] }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step: number }
  | { kind: 'wildcard' }
  | { kind: 'scan'; inner: Step }
  | { kind: 'filter'; filter: Filter }
  | { kind: 'length' };

type Operand = { kind: 'path'; fromRoot: boolean; steps: Step[] } | { kind: 'literal'; value: unknown };
type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; inner: Filter }
  | { kind: 'exists'; operand: Operand }
  | { kind: 'compare'; op: string; left: Operand; right: Operand };

export interface CompiledPath {
  readonly steps: Step[];
  /** Jayway's definite path: only names and single indexes, so one value (or none) answers it. */
  readonly definite: boolean;
}

/** The result of evaluating a path: `found` is false for a definite path that leads nowhere. */
export interface PathResult {
  found: boolean;
  value: unknown;
}

const cache = new Map<string, CompiledPath>();
const CACHE_LIMIT = 1024;

export function compileJsonPath(path: string): CompiledPath {
  let compiled = cache.get(path);
  if (compiled) return compiled;
  compiled = new Parser(path).parsePath();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, compiled);
  return compiled;
}

export function evaluateJsonPath(document: unknown, path: string): PathResult {
  const compiled = compileJsonPath(path);
  if (compiled.definite) return evaluateDefinite(document, compiled.steps);
  let nodes: unknown[] = [document];
  for (const step of compiled.steps) {
    if (step.kind === 'length') return { found: true, value: nodes.length };
    nodes = apply(step, nodes, document);
  }
  return { found: true, value: nodes };
}

function evaluateDefinite(document: unknown, steps: Step[]): PathResult {
  let node = document;
  for (const step of steps) {
    if (step.kind === 'name') {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, step.name)) return { found: false, value: null };
      node = (node as Record<string, unknown>)[step.name];
    } else if (step.kind === 'index') {
      if (!Array.isArray(node)) return { found: false, value: null };
      const i = step.index < 0 ? node.length + step.index : step.index;
      if (i < 0 || i >= node.length) return { found: false, value: null };
      node = node[i];
    } else if (step.kind === 'length') {
      if (Array.isArray(node)) return { found: true, value: node.length };
      if (node !== null && typeof node === 'object') return { found: true, value: Object.keys(node).length };
      if (typeof node === 'string') return { found: true, value: node.length };
      return { found: false, value: null };
    }
  }
  return { found: true, value: node };
}

function apply(step: Step, nodes: unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) applyOne(step, node, out, root);
  return out;
}

function applyOne(step: Step, node: unknown, out: unknown[], root: unknown): void {
  const isArray = Array.isArray(node);
  const isObject = node !== null && typeof node === 'object' && !isArray;
  switch (step.kind) {
    case 'name':
      if (isObject && Object.hasOwn(node, step.name)) out.push((node as Record<string, unknown>)[step.name]);
      return;
    case 'names':
      if (isObject) for (const n of step.names) if (Object.hasOwn(node, n)) out.push((node as Record<string, unknown>)[n]);
      return;
    case 'index':
    case 'indexes':
      if (isArray) {
        const list = node as unknown[];
        for (const raw of step.kind === 'index' ? [step.index] : step.indexes) {
          const i = raw < 0 ? list.length + raw : raw;
          if (i >= 0 && i < list.length) out.push(list[i]);
        }
      }
      return;
    case 'slice':
      if (isArray) {
        const list = node as unknown[];
        const len = list.length;
        const norm = (v: number | undefined, dflt: number) => (v === undefined ? dflt : v < 0 ? Math.max(len + v, 0) : Math.min(v, len));
        const start = norm(step.start, 0);
        const end = norm(step.end, len);
        for (let i = start; i < end; i += step.step) out.push(list[i]);
      }
      return;
    case 'wildcard':
      if (isArray) out.push(...(node as unknown[]));
      else if (isObject) for (const k of Object.keys(node)) out.push((node as Record<string, unknown>)[k]);
      return;
    case 'scan':
      scan(step.inner, node, out, root);
      return;
    case 'filter':
      if (isArray) {
        for (const item of node as unknown[]) if (testFilter(step.filter, item, root)) out.push(item);
      } else if (isObject) {
        if (testFilter(step.filter, node, root)) out.push(node);
      }
      return;
    case 'length':
      return;
  }
}

/** `..inner`: apply `inner` at this node and at every node below it, in document order. */
function scan(inner: Step, node: unknown, out: unknown[], root: unknown): void {
  if (inner.kind === 'wildcard') {
    // `..*` answers every descendant (not the node itself).
    const children = Array.isArray(node) ? node : node !== null && typeof node === 'object' ? Object.values(node) : [];
    for (const child of children) {
      out.push(child);
      scan(inner, child, out, root);
    }
    return;
  }
  applyOne(inner, node, out, root);
  const children = Array.isArray(node) ? node : node !== null && typeof node === 'object' ? Object.values(node) : [];
  for (const child of children) if (child !== null && typeof child === 'object') scan(inner, child, out, root);
}

function operandValue(op: Operand, current: unknown, root: unknown): { found: boolean; value: unknown } {
  if (op.kind === 'literal') return { found: true, value: op.value };
  return evaluateDefinite(op.fromRoot ? root : current, op.steps);
}

function testFilter(f: Filter, current: unknown, root: unknown): boolean {
  switch (f.kind) {
    case 'and':
      return testFilter(f.left, current, root) && testFilter(f.right, current, root);
    case 'or':
      return testFilter(f.left, current, root) || testFilter(f.right, current, root);
    case 'not':
      return !testFilter(f.inner, current, root);
    case 'exists':
      return operandValue(f.operand, current, root).found;
    case 'compare': {
      const l = operandValue(f.left, current, root);
      const r = operandValue(f.right, current, root);
      if (!l.found || !r.found) return false;
      const a = l.value;
      const b = r.value;
      switch (f.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
        case '<=':
        case '>':
        case '>=': {
          if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
          if (f.op === '<') return a < b;
          if (f.op === '<=') return a <= b;
          if (f.op === '>') return a > b;
          return a >= b;
        }
      }
      return false;
    }
  }
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  private fail(message: string): never {
    throw new JsonPathError(`Invalid JSONPath ${JSON.stringify(this.src)}: ${message} at position ${this.i}`);
  }

  parsePath(): CompiledPath {
    const src = this.src.trim();
    if (src === '') this.fail('empty path');
    // Jayway reads a path without a leading `$` as relative to the root ("a.b" is "$.a.b").
    if (src[0] !== '$') return new Parser('$.' + src).parsePath();
    this.i = 1;
    const steps = this.parseSteps(src, false);
    const definite = steps.every((s) => s.kind === 'name' || s.kind === 'index' || s.kind === 'length');
    return { steps, definite };
  }

  /** Steps until the end (or, inside a filter, until an operator or closing parenthesis). */
  private parseSteps(src: string, inFilter: boolean): Step[] {
    const steps: Step[] = [];
    while (this.i < src.length) {
      const c = src[this.i];
      if (c === '.') {
        if (src[this.i + 1] === '.') {
          this.i += 2;
          if (src[this.i] === '[') steps.push({ kind: 'scan', inner: this.parseBracket(src) });
          else if (src[this.i] === '*') {
            this.i++;
            steps.push({ kind: 'scan', inner: { kind: 'wildcard' } });
          } else steps.push({ kind: 'scan', inner: { kind: 'name', name: this.parseName(src) } });
          continue;
        }
        this.i++;
        if (src[this.i] === '*') {
          this.i++;
          steps.push({ kind: 'wildcard' });
          continue;
        }
        const name = this.parseName(src);
        if ((name === 'length' || name === 'size') && src.startsWith('()', this.i)) {
          this.i += 2;
          steps.push({ kind: 'length' });
          continue;
        }
        steps.push({ kind: 'name', name });
        continue;
      }
      if (c === '[') {
        steps.push(this.parseBracket(src));
        continue;
      }
      if (inFilter) break;
      this.fail(`unexpected character ${JSON.stringify(c)}`);
    }
    return steps;
  }

  private parseName(src: string): string {
    const start = this.i;
    while (this.i < src.length && !'.[] ()=!<>&|'.includes(src[this.i])) this.i++;
    if (this.i === start) this.fail('expected a property name');
    return src.slice(start, this.i);
  }

  private skipSpaces(src: string): void {
    while (src[this.i] === ' ') this.i++;
  }

  private parseBracket(src: string): Step {
    this.i++; // [
    this.skipSpaces(src);
    let step: Step;
    const c = src[this.i];
    if (c === '*') {
      this.i++;
      step = { kind: 'wildcard' };
    } else if (c === '?') {
      this.i++;
      this.skipSpaces(src);
      if (src[this.i] !== '(') this.fail('expected ( after ?');
      this.i++;
      const filter = this.parseOr(src);
      this.skipSpaces(src);
      if (src[this.i] !== ')') this.fail('expected )');
      this.i++;
      step = { kind: 'filter', filter };
    } else if (c === "'" || c === '"') {
      const names = [this.parseQuoted(src)];
      this.skipSpaces(src);
      while (src[this.i] === ',') {
        this.i++;
        this.skipSpaces(src);
        names.push(this.parseQuoted(src));
        this.skipSpaces(src);
      }
      step = names.length === 1 ? { kind: 'name', name: names[0] } : { kind: 'names', names };
    } else {
      const end = src.indexOf(']', this.i);
      if (end < 0) this.fail('missing ]');
      const body = src.slice(this.i, end).replace(/\s+/g, '');
      this.i = end;
      if (body.includes(':')) {
        const [a, b, s] = body.split(':');
        const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : this.int(v));
        step = { kind: 'slice', start: num(a), end: num(b), step: num(s) ?? 1 };
        if (step.step < 1) this.fail('slice step must be positive');
      } else if (body.includes(',')) {
        step = { kind: 'indexes', indexes: body.split(',').map((v) => this.int(v)) };
      } else {
        step = { kind: 'index', index: this.int(body) };
      }
    }
    this.skipSpaces(src);
    if (src[this.i] !== ']') this.fail('expected ]');
    this.i++;
    return step;
  }

  private int(v: string): number {
    if (!/^-?\d+$/.test(v)) this.fail(`bad index ${JSON.stringify(v)}`);
    return Number(v);
  }

  private parseQuoted(src: string): string {
    const quote = src[this.i];
    if (quote !== "'" && quote !== '"') this.fail('expected a quoted name');
    let out = '';
    for (this.i++; this.i < src.length; this.i++) {
      const c = src[this.i];
      if (c === '\\' && this.i + 1 < src.length) {
        out += src[++this.i];
        continue;
      }
      if (c === quote) {
        this.i++;
        return out;
      }
      out += c;
    }
    return this.fail('unterminated string');
  }

  private parseOr(src: string): Filter {
    let left = this.parseAnd(src);
    for (;;) {
      this.skipSpaces(src);
      if (!src.startsWith('||', this.i)) return left;
      this.i += 2;
      left = { kind: 'or', left, right: this.parseAnd(src) };
    }
  }

  private parseAnd(src: string): Filter {
    let left = this.parseUnary(src);
    for (;;) {
      this.skipSpaces(src);
      if (!src.startsWith('&&', this.i)) return left;
      this.i += 2;
      left = { kind: 'and', left, right: this.parseUnary(src) };
    }
  }

  private parseUnary(src: string): Filter {
    this.skipSpaces(src);
    if (src[this.i] === '!' && src[this.i + 1] !== '=') {
      this.i++;
      return { kind: 'not', inner: this.parseUnary(src) };
    }
    if (src[this.i] === '(') {
      this.i++;
      const inner = this.parseOr(src);
      this.skipSpaces(src);
      if (src[this.i] !== ')') this.fail('expected )');
      this.i++;
      return inner;
    }
    const left = this.parseOperand(src);
    this.skipSpaces(src);
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (src.startsWith(op, this.i)) {
        this.i += op.length;
        return { kind: 'compare', op, left, right: this.parseOperand(src) };
      }
    }
    return { kind: 'exists', operand: left };
  }

  private parseOperand(src: string): Operand {
    this.skipSpaces(src);
    const c = src[this.i];
    if (c === '@' || c === '$') {
      this.i++;
      return { kind: 'path', fromRoot: c === '$', steps: this.parseSteps(src, true) };
    }
    if (c === "'" || c === '"') return { kind: 'literal', value: this.parseQuoted(src) };
    const start = this.i;
    while (this.i < src.length && !' )&|=!<>'.includes(src[this.i])) this.i++;
    const word = src.slice(start, this.i);
    if (word === 'true') return { kind: 'literal', value: true };
    if (word === 'false') return { kind: 'literal', value: false };
    if (word === 'null') return { kind: 'literal', value: null };
    if (word !== '' && !Number.isNaN(Number(word))) return { kind: 'literal', value: Number(word) };
    return this.fail(`unexpected ${JSON.stringify(word)}`);
  }
}
