/**
 * WebSocket selection expressions: the API's routeSelectionExpression (`$request.body.action`),
 * an integration's templateSelectionExpression and integrationResponseSelectionExpression, an
 * integration response's templateSelectionExpression. Variables are `$request.body.<jsonPath>`,
 * `$request.header.<name>`, `$request.querystring.<name>`, `$context.<name>`,
 * `$stageVariables.<name>`, `$integration.response.statuscode` (each also as `${...}`); `\$`
 * is a literal dollar ("\$default"); everything else is static text. Parsed once per deployment,
 * evaluated per message.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
 */

export type SelectionPart = { text: string } | { variable: string[] };
export type SelectionExpression = SelectionPart[];

/** What a selection expression reads. */
export interface SelectionSources {
  /** The message parsed as JSON; undefined when it is not JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  context?: Record<string, unknown>;
  stageVariables?: Record<string, string>;
  statusCode?: number;
}

const VARIABLE = /\\\$|\$\{([^}]*)\}|\$([A-Za-z][A-Za-z0-9_\-.]*)/g;

export function compileSelection(expression: string): SelectionExpression {
  const parts: SelectionExpression = [];
  let last = 0;
  let text = '';
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(expression); m; m = VARIABLE.exec(expression)) {
    text += expression.slice(last, m.index);
    last = VARIABLE.lastIndex;
    if (m[0] === '\\$') {
      text += '$';
      continue;
    }
    const ref = (m[1] ?? m[2]).trim();
    // A name AWS reserves ($default, $connect) that is not a variable stays text.
    if (!/^(request|context|stageVariables|integration)\./.test(ref)) {
      text += m[0];
      continue;
    }
    if (text) parts.push({ text });
    text = '';
    parts.push({ variable: ref.split('.') });
  }
  text += expression.slice(last);
  if (text) parts.push({ text });
  return parts;
}

/** The key the expression selects ('' for a variable with no value). */
export function evaluateSelection(expression: SelectionExpression, src: SelectionSources): string {
  let out = '';
  for (const p of expression) out += 'text' in p ? p.text : valueOf(p.variable, src);
  return out;
}

/** Whether the expression is static text only (AWS lets integrationResponseSelectionExpression be a literal). */
export const isStatic = (expression: SelectionExpression) => expression.every((p) => 'text' in p);

function valueOf(path: string[], src: SelectionSources): string {
  const [root, kind, ...rest] = path;
  if (root === 'request') {
    if (kind === 'body') return stringify(walk(src.body, rest));
    if (kind === 'header') return lookup(src.headers, rest.join('.'), true);
    if (kind === 'querystring') return lookup(src.query, rest.join('.'), false);
    return '';
  }
  if (root === 'context') return stringify(walk(src.context, [kind, ...rest]));
  if (root === 'stageVariables') return src.stageVariables?.[[kind, ...rest].join('.')] ?? '';
  if (root === 'integration' && kind === 'response' && rest[0] === 'statuscode') return src.statusCode === undefined ? '' : String(src.statusCode);
  return '';
}

function walk(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function lookup(map: Record<string, string> | undefined, name: string, caseless: boolean): string {
  if (!map) return '';
  return (caseless ? map[name.toLowerCase()] : map[name]) ?? '';
}

function stringify(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
