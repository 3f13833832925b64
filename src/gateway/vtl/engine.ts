/**
 * The Velocity engine (velocityjs) with API Gateway's Java behaviour in place of JavaScript's.
 * velocityjs parses and walks the template; this subclass replaces how references, method calls,
 * expressions, `#if`, `#foreach` and output work so that they follow Java Velocity 1.7 as AWS runs it
 * (see java-semantics.ts and java-methods.ts for the rules and the recordings behind them).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 *
 * One `TemplateEngine` belongs to one compiled template and is reset for every render: rendering is
 * synchronous, so renders never overlap.
 */
import { Compile, Helper } from 'velocityjs';
import { callMethod, getIndex, getProperty, TemplateObject, type CallState } from './java-methods.js';
import { isMap, javaEquals, javaList, toOutput, truthy } from './java-semantics.js';

// velocityjs's AST, loosely typed: its published types do not cover every node field used here.
export type Ast = any;

type Scope = Record<string, unknown>;

/** The `$foreach` of a loop: count, index, hasNext, first, last (Velocity 1.7's ForeachScope). */
class ForeachScope extends TemplateObject {
  index = 0;
  constructor(private readonly size: number) {
    super();
  }
  property(name: string): unknown {
    switch (name) {
      case 'index':
        return this.index;
      case 'count':
        return this.index + 1;
      case 'hasNext':
        return this.index + 1 < this.size;
      case 'first':
        return this.index === 0;
      case 'last':
        return this.index + 1 === this.size;
      default:
        return null;
    }
  }
  call(name: string, args: unknown[]): unknown {
    if (args.length) return null;
    if (name === 'hasNext') return this.property('hasNext');
    if (name.length > 3 && name.startsWith('get')) return this.property(name[3].toLowerCase() + name.slice(4));
    if (name.length > 2 && name.startsWith('is')) return this.property(name[2].toLowerCase() + name.slice(3));
    return null;
  }
}

// velocityjs keeps the literal evaluator's array handling on its prototype; reused for `[1..3]`.
const baseGetArray: (this: unknown, literal: Ast) => unknown[] = (Compile.prototype as unknown as { getArray: (literal: Ast) => unknown[] }).getArray;

export class TemplateEngine extends Compile {
  private loops = 0;

  constructor(
    asts: Ast[],
    /** Parsed double-quoted strings that interpolate (`"$a and $b"`), parsed at compile time. */
    private readonly strings: Map<string, Ast[]>,
    private readonly parseString: (s: string) => Ast[],
    private readonly state: CallState,
  ) {
    super(asts);
  }

  /** Renders with `variables` as the top-level references ($input, $context, $util, $stageVariables). */
  renderWith(variables: Scope): string {
    this.context = variables;
    this.local = {};
    this.conditions = [];
    this.contextId = '';
    this.defines = {};
    this.macrosStore = {};
    this.runState = { stop: false, break: false };
    this.loops = 0;
    return this.renderAstList(this.asts);
  }

  override renderAstList(asts: Ast[] = this.asts, contextId?: string): string {
    if (contextId) {
      if (contextId !== this.contextId && !this.conditions.includes(contextId)) this.conditions.unshift(contextId);
      this.contextId = contextId;
    } else this.contextId = '';
    let out = '';
    for (let i = 0; i < asts.length; i++) {
      if (this.runState.break || this.runState.stop) break;
      const ast = asts[i];
      if (typeof ast === 'string') {
        out += ast;
        continue;
      }
      switch (ast.type) {
        case 'references': {
          const value = this.getReferences(ast, true);
          // AWS prints the objects of the $context tree as nothing — recorded in test_apigateway_sqs.snapshot.json,
          // test_sqs_amz_json_protocol: "$context.get($key)" gave "" for identity, requestOverride and
          // responseOverride, whose keys the same template could still list.
          out += ast.id === 'context' && isMap(value) ? '' : toOutput(value);
          break;
        }
        case 'set':
          this.setValue(ast);
          break;
        case 'break':
          this.runState.break = true;
          break;
        case 'macro_call':
          out += this.getMacro(ast);
          break;
        case 'comment':
          break;
        case 'raw':
          out += ast.value;
          break;
        default:
          out += this.getBlock(ast);
      }
    }
    return out;
  }

  /** The value of `$a.b(...)[i]...`: null when any step has nothing (printed as nothing by `toOutput`). */
  override getReferences(ast: Ast, _isVal?: boolean): any {
    if (ast.prue) {
      const define = this.defines[ast.id];
      if (Array.isArray(define)) return this.renderAstList(define, this.contextId || undefined);
    }
    const scope = this.localScope(ast.id);
    let value: unknown = scope ? scope[ast.id] : Object.hasOwn(this.context, ast.id) ? this.context[ast.id] : null;
    // `$name(...)` is not Velocity; there is nothing to call.
    if (ast.args !== undefined) return null;
    const path = ast.path;
    if (path) {
      for (let i = 0; i < path.length; i++) {
        if (value === null || value === undefined) return null;
        value = this.getAttribute(path[i], value);
      }
    }
    return value ?? null;
  }

  private getAttribute(step: Ast, base: unknown): unknown {
    switch (step.type) {
      case 'property':
        return getProperty(base, step.id);
      case 'method': {
        const argAsts = step.args;
        const args: unknown[] = [];
        if (argAsts) for (let i = 0; i < argAsts.length; i++) args.push(this.getLiteral(argAsts[i]));
        return callMethod(base, step.id, args, this.state);
      }
      default:
        return getIndex(base, this.getLiteral(step.id));
    }
  }

  /** The `#foreach` / macro scope that defines `id`, innermost first. */
  private localScope(id: string): Scope | undefined {
    const conditions = this.conditions;
    for (let i = 0; i < conditions.length; i++) {
      const scope = this.local[conditions[i]] as Scope | undefined;
      if (scope && Object.hasOwn(scope, id)) return scope;
    }
    return undefined;
  }

  /** `#set($input.x = ...)`, `#set($util.x = ...)`: these objects have no setters; Velocity does nothing. */
  override setValue(ast: Ast): void {
    const ref = ast.equal[0];
    if (ref.path?.length) {
      const scope = this.localScope(ref.id);
      const root = scope ? scope[ref.id] : this.context[ref.id];
      if (root instanceof TemplateObject) return;
    }
    super.setValue(ast);
  }

  /** `[a, b]` and `[1..3]` literals are Java lists: they print `[a, b]`. */
  getArray(literal: Ast): unknown[] {
    return javaList(baseGetArray.call(this, literal));
  }

  /** Interpolating strings were parsed at compile time; parsing here only covers an unforeseen one. */
  override evalStr(str: string): string {
    let asts = this.strings.get(str);
    if (!asts) {
      asts = this.parseString(str);
      this.strings.set(str, asts);
    }
    return this.renderAstList(asts, this.contextId);
  }

  /** A call to a macro the template never defined prints as written, as Velocity does. */
  override getMacro(ast: Ast, bodyContent?: string): any {
    if (!Object.hasOwn(this.macrosStore, ast.id)) return Helper.getRefText(ast);
    return (super.getMacro as (a: Ast, b?: string) => string)(ast, bodyContent);
  }

  /** Velocity's operators: Java arithmetic, `==` by value, `&&`/`||`/`!` on Velocity truth. */
  override getExpression(ast: Ast): any {
    if (ast.type !== 'math') return this.getLiteral(ast);
    const e = ast.expression;
    switch (ast.operator) {
      case '&&':
        return truthy(this.getExpression(e[0])) && truthy(this.getExpression(e[1]));
      case '||':
        return truthy(this.getExpression(e[0])) || truthy(this.getExpression(e[1]));
      case 'not':
        return !truthy(this.getExpression(e[0]));
      case 'parenthesis':
        return this.getExpression(e[0]);
      case 'minus': {
        const v = this.getExpression(e[0]);
        return typeof v === 'number' ? -v : null;
      }
      case '==':
        return javaEquals(this.getExpression(e[0]), this.getExpression(e[1]));
      case '!=':
        return !javaEquals(this.getExpression(e[0]), this.getExpression(e[1]));
      default:
        return arithmetic(ast.operator, this.getExpression(e[0]), this.getExpression(e[1]), ast.operator === '/' && (isDouble(e[0]) || isDouble(e[1])));
    }
  }

  getBlockIf(block: Ast[]): string {
    let start = -1;
    let end = block.length;
    for (let i = 0; i < block.length; i++) {
      const node = block[i];
      const type = typeof node === 'string' ? '' : node.type;
      if (type !== 'if' && type !== 'elseif' && type !== 'else') continue;
      if (start >= 0) {
        end = i;
        break;
      }
      if (type === 'else' || truthy(this.getExpression(node.condition))) start = i + 1;
    }
    if (start < 0) return '';
    return this.renderAstList(block.slice(start, end), this.contextId || undefined);
  }

  /** `#foreach`: lists in order, a map's values (Velocity iterates `Map.values()`), anything else not at all. */
  getBlockEach(block: Ast[]): string {
    const head = block[0];
    const from: unknown = this.getLiteral(head.from);
    let items: unknown[];
    if (Array.isArray(from)) items = from;
    else if (isMap(from)) items = Object.values(from);
    else return '';
    const body = block.slice(1);
    const contextId = `foreach:${++this.loops}`;
    const foreach = new ForeachScope(items.length);
    const scope: Scope = { foreach, velocityCount: 0, velocityHasNext: false };
    this.local[contextId] = scope;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      scope[head.to] = items[i];
      foreach.index = i;
      scope.velocityCount = i + 1;
      scope.velocityHasNext = i + 1 < items.length;
      out += this.renderAstList(body, contextId);
      if (this.runState.break) {
        this.runState.break = false;
        break;
      }
      if (this.runState.stop) break;
    }
    delete this.local[contextId];
    const at = this.conditions.indexOf(contextId);
    if (at >= 0) this.conditions.splice(at, 1);
    this.contextId = this.conditions[0] ?? '';
    return out;
  }
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Whether an operand is a Double in Java: a decimal literal (`7.0`), or arithmetic on one. JavaScript
 * has one number type, so `7.0 / 2` would otherwise divide as integers.
 */
function isDouble(ast: Ast): boolean {
  if (ast.type === 'decimal') return true;
  if (ast.type !== 'math') return false;
  return ast.expression.some((child: Ast) => isDouble(child));
}

/**
 * Velocity 1.7's math: `+` joins when either side is a String; integers stay integers (7 / 2 is 3);
 * a null operand or a division by zero gives null; `<`-style comparisons need two numbers.
 */
function arithmetic(op: string, l: unknown, r: unknown, doubleDivision: boolean): unknown {
  const failed = op === '<' || op === '<=' || op === '>' || op === '>=' ? false : null;
  if (l === null || l === undefined || r === null || r === undefined) return failed;
  if (op === '+' && (typeof l === 'string' || typeof r === 'string')) return toOutput(l) + toOutput(r);
  if (typeof l !== 'number' || typeof r !== 'number') return failed;
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      if (r === 0) return null;
      return !doubleDivision && isInt(l) && isInt(r) ? Math.trunc(l / r) : l / r;
    case '%':
      if (r === 0) return null;
      return l % r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    default:
      return null;
  }
}
