/**
 * HTTP API parameter mapping: the `requestParameters` of an integration (`append|overwrite|remove:
 * header.name`, `...:querystring.name`, `overwrite:path`) and its `responseParameters` per status
 * code (`...:header.name`, `overwrite:statuscode`), with values made of static text and
 * `$request.header.x`, `$request.querystring.x`, `$request.body.x`, `$request.path`,
 * `$request.path.x`, `$context.x`, `$stageVariables.x`, `$response.header.x`, `$response.body.x`
 * (each also as `${...}`). Parsed once per deployment (compile.ts), evaluated per request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 */

export type ValuePart =
  | { kind: 'text'; text: string }
  | { kind: 'request.header' | 'request.querystring' | 'request.path' | 'request.body' | 'response.header' | 'response.body' | 'context' | 'stageVariables'; name: string };

export interface MappingAction {
  action: 'append' | 'overwrite' | 'remove';
  target: 'header' | 'querystring' | 'path' | 'statuscode';
  /** The header or query string name ('' for path and statuscode). */
  name: string;
  value: ValuePart[];
}

const KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$|^(overwrite):(path|statuscode)$/;
const VARIABLE = /\$\{([^}]*)\}|\$((?:request|response)\.(?:header|querystring|body|path)(?:\.[A-Za-z0-9_.\-]+)?|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_.\-]+)/g;

/** The mapping's actions in the order given; keys the control plane would have refused are skipped. */
export function compileMappings(parameters: Record<string, string> | undefined): MappingAction[] {
  const out: MappingAction[] = [];
  for (const [key, value] of Object.entries(parameters ?? {})) {
    const m = KEY.exec(key);
    if (!m) continue;
    const action = (m[1] ?? m[4]) as MappingAction['action'];
    const target = (m[2] ?? m[5]) as MappingAction['target'];
    out.push({ action, target, name: m[3] ?? '', value: compileValue(value) });
  }
  return out;
}

export function compileValue(value: string): ValuePart[] {
  const parts: ValuePart[] = [];
  let last = 0;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(value); m; m = VARIABLE.exec(value)) {
    if (m.index > last) parts.push({ kind: 'text', text: value.slice(last, m.index) });
    const ref = (m[1] ?? m[2]).trim();
    parts.push(variablePart(ref) ?? { kind: 'text', text: m[0] });
    last = VARIABLE.lastIndex;
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return parts;
}

function variablePart(ref: string): ValuePart | undefined {
  const dot = ref.indexOf('.');
  const head = dot < 0 ? ref : ref.slice(0, dot);
  if (head === 'context') return { kind: 'context', name: ref.slice(dot + 1) };
  if (head === 'stageVariables') return { kind: 'stageVariables', name: ref.slice(dot + 1) };
  const m = /^(request|response)\.(header|querystring|body|path)(?:\.(.+))?$/.exec(ref);
  if (!m) return undefined;
  return { kind: `${m[1]}.${m[2]}` as ValuePart['kind'], name: m[3] ?? '' } as ValuePart;
}

/** What a value part reads from; each returns undefined when the request has no such value. */
export interface ValueSources {
  requestHeader?(lowerName: string): string | undefined;
  requestQuery?(name: string): string | undefined;
  requestPath?(name: string): string | undefined;
  requestBody?(path: string): string | undefined;
  responseHeader?(lowerName: string): string | undefined;
  responseBody?(path: string): string | undefined;
  context(name: string): string | undefined;
  stageVariable(name: string): string | undefined;
}

export function evaluate(parts: ValuePart[], src: ValueSources): string {
  let out = '';
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        out += p.text;
        break;
      case 'request.header':
        out += src.requestHeader?.(p.name.toLowerCase()) ?? '';
        break;
      case 'request.querystring':
        out += src.requestQuery?.(p.name) ?? '';
        break;
      case 'request.path':
        out += src.requestPath?.(p.name) ?? '';
        break;
      case 'request.body':
        out += src.requestBody?.(p.name) ?? '';
        break;
      case 'response.header':
        out += src.responseHeader?.(p.name.toLowerCase()) ?? '';
        break;
      case 'response.body':
        out += src.responseBody?.(p.name) ?? '';
        break;
      case 'context':
        out += src.context(p.name) ?? '';
        break;
      case 'stageVariables':
        out += src.stageVariable(p.name) ?? '';
        break;
    }
  }
  return out;
}

/**
 * `$request.body.a.b[0]` on a JSON body (AWS truncates it at 100 KB first); the whole body for
 * `$request.body`. Objects come back as JSON text; anything unreadable as undefined.
 */
export function jsonPath(body: Buffer, path: string): string | undefined {
  const text = body.subarray(0, 100 * 1024).toString('utf8');
  if (path === '') return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  for (const step of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (step === '') continue;
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
