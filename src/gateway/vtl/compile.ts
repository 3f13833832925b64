/**
 * Compile-time work on a template: parse it once, apply Velocity's whitespace rule, pre-parse the
 * double-quoted strings that interpolate, and warm the JSONPath and regular-expression caches for
 * the literal paths and patterns it uses — so that rendering parses and compiles nothing.
 */
import { parse } from 'velocityjs';
import type { Ast } from './engine.js';
import { JavaRegexError, type RegexCache } from './java-regex.js';
import { compileJsonPath, JsonPathError } from './jsonpath.js';
import { TemplateSyntaxError } from './types.js';

const LINE_END = /^[ \t]*\r?\n/;

/**
 * Appended to the source before parsing, to find block errors velocityjs lets through: with an
 * `#end` too many it drops the rest of the template, and a block left open it renders twice. With
 * the marker appended, a sound template has it exactly once, as the end of its last top-level text.
 * (The newline keeps a final `## comment` from swallowing it.)
 */
const MARK = '\u00a7vtl-end-7f3a9c\u00a7';

/**
 * Parses `source` into velocityjs's AST. A directive line's newline (after `#set`, `#if(...)`,
 * `#else`, `#end`, `#foreach(...)`, `## comment`) is not output, as in Java Velocity 1.7. velocityjs
 * does the same but only for `\n`; this applies it to `\r\n` too.
 */
export function parseTemplate(source: string): Ast[] {
  let asts: Ast[];
  try {
    asts = parse(source + '\n' + MARK, undefined, false) as Ast[];
  } catch (err) {
    const message = (err as Error).message.replaceAll(MARK, '');
    throw new TemplateSyntaxError(`Invalid mapping template: ${message}`);
  }
  if (countMarks(asts) !== 1 || !removeMark(asts)) throw new TemplateSyntaxError('Invalid mapping template: #if, #foreach, #macro or #define without its #end, or an #end too many');
  trimDirectiveLines(asts);
  return asts;
}

function countMarks(node: Ast): number {
  if (typeof node === 'string') return node.includes(MARK) ? 1 : 0;
  if (!Array.isArray(node)) return node && typeof node === 'object' && node.type === 'comment' && String(node.value).includes(MARK) ? 1 : 0;
  let n = 0;
  for (const child of node) n += countMarks(child);
  return n;
}

/** Removes the marker and the newline before it from the end of the top level; false if it is not there. */
function removeMark(asts: Ast[]): boolean {
  let tail = '\n' + MARK;
  while (tail.length > 0) {
    const last = asts[asts.length - 1];
    if (typeof last !== 'string') return false;
    if (last.length <= tail.length) {
      if (!tail.endsWith(last)) return false;
      tail = tail.slice(0, tail.length - last.length);
      asts.pop();
    } else {
      if (!last.endsWith(tail)) return false;
      asts[asts.length - 1] = last.slice(0, last.length - tail.length);
      tail = '';
    }
  }
  return true;
}

function isDirective(node: Ast): boolean {
  if (typeof node === 'string') return false;
  if (Array.isArray(node)) return true; // a block: what follows it follows its #end
  return node.type !== 'references' && node.type !== 'raw';
}

function trimDirectiveLines(list: Ast[]): void {
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    if (Array.isArray(node)) trimDirectiveLines(node);
    if (i + 1 < list.length && isDirective(node) && typeof list[i + 1] === 'string') list[i + 1] = list[i + 1].replace(LINE_END, '');
  }
}

const REGEX_METHODS: Record<string, 'g' | 'first' | 'full'> = { replaceAll: 'g', split: 'g', replaceFirst: 'first', matches: 'full' };

function isPlainString(node: Ast): node is { type: 'string'; value: string } {
  return node && typeof node === 'object' && node.type === 'string' && !(node.isEval && /[$#]/.test(node.value));
}

/**
 * Walks every node: collects interpolating strings (parsing each, recursively), and compiles the
 * literal JSONPaths of `path()`/`json()` and the literal patterns of replaceAll/split/matches.
 * Invalid literal paths or patterns are left for render time, where AWS reports them.
 */
export function prepare(asts: Ast[], strings: Map<string, Ast[]>, regex: RegexCache): void {
  const visit = (node: Ast): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node.type === 'string' && node.isEval && /[$#]/.test(node.value) && !strings.has(node.value)) {
      // Velocity parses a string's content when it evaluates it: a malformed one fails the render
      // that reaches it (see TemplateEngine.evalStr), not the compilation.
      let parsed: Ast[] | undefined;
      try {
        parsed = parseTemplate(node.value);
      } catch (err) {
        if (!(err instanceof TemplateSyntaxError)) throw err;
      }
      if (parsed) {
        strings.set(node.value, parsed);
        visit(parsed);
      }
    }
    if (node.type === 'method' && Array.isArray(node.args) && node.args.length > 0 && isPlainString(node.args[0])) {
      const literal = node.args[0].value;
      try {
        if (node.id === 'path' || node.id === 'json') compileJsonPath(literal);
        else if (Object.hasOwn(REGEX_METHODS, node.id)) regex.get(literal, REGEX_METHODS[node.id]);
      } catch (err) {
        if (!(err instanceof JsonPathError || err instanceof JavaRegexError)) throw err;
      }
    }
    for (const key in node) {
      if (key !== 'pos' && key !== 'type') visit(node[key]);
    }
  };
  visit(asts);
}
