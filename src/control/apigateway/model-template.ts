/**
 * GetModelTemplate: the mapping-template blueprint API Gateway derives from a model ("API Gateway
 * will generate a template blueprint based on a provided model", models-mappings.md). Its shape
 * follows the blueprints in the developer guide:
 *
 *   #set($inputRoot = $input.path('$'))
 *   {
 *     "a" : $inputRoot.a,
 *     "op" : "$inputRoot.op",
 *     "items" : [
 *   #foreach($elem in $inputRoot.items)
 *       {
 *         "id" : "$elem.id"
 *       }#if($foreach.hasNext),#end
 *
 *   #end
 *     ]
 *   }
 *
 * Strings are quoted, numbers, booleans and nulls are not, objects and arrays recurse. The schema
 * is flattened first, so `$ref`s to other models expand in place.
 */
import { isObject, type Schema } from './model-schema.js';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

export function modelTemplate(schema: Schema): string {
  return `#set($inputRoot = $input.path('$'))\n${render(schema, '$inputRoot', 0, 1)}`;
}

/** The VTL reference to a property: `$inputRoot.a`, or `$inputRoot.get('odd-name')`. */
function member(expr: string, name: string): string {
  return IDENTIFIER.test(name) ? `${expr}.${name}` : `${expr}.get('${name.replace(/'/g, "''")}')`;
}

function render(schema: Schema, expr: string, indent: number, depth: number): string {
  const s = resolveComposition(schema);
  const pad = ' '.repeat(indent);
  const type = kindOf(s);
  if (type === 'object') {
    const props = isObject(s.properties) ? Object.entries(s.properties) : [];
    if (!props.length) return '{ }';
    const inner = ' '.repeat(indent + 2);
    const lines = props.map(([name, sub]) => `${inner}${JSON.stringify(name)} : ${render(isObject(sub) ? sub : {}, member(expr, name), indent + 2, depth)}`);
    return `{\n${lines.join(',\n')}\n${pad}}`;
  }
  if (type === 'array') {
    const elem = depth === 1 ? '$elem' : `$elem${depth}`;
    const items = isObject(s.items) ? s.items : Array.isArray(s.items) && isObject(s.items[0]) ? s.items[0] : {};
    const inner = ' '.repeat(indent + 2);
    const body = render(items, elem, indent + 2, depth + 1);
    return `[\n#foreach(${elem} in ${expr})\n${inner}${body}#if($foreach.hasNext),#end\n\n#end\n${pad}]`;
  }
  return type === 'string' ? `"${expr}"` : expr;
}

/** The JSON type a schema describes, guessing from its keywords when `type` is absent. */
function kindOf(s: Schema): string {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (typeof type === 'string') return type;
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  return 'any';
}

/** allOf merges its parts' properties; oneOf/anyOf use the first part that is not just `null`. */
function resolveComposition(s: Schema): Schema {
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.filter(isObject).map(resolveComposition);
    const properties = Object.assign({}, ...parts.map((p) => (isObject(p.properties) ? p.properties : {})), isObject(s.properties) ? s.properties : {});
    const typed = parts.find((p) => p.type !== undefined);
    return { ...s, type: s.type ?? typed?.type ?? 'object', properties };
  }
  for (const key of ['oneOf', 'anyOf']) {
    const options = s[key];
    if (!Array.isArray(options) || s.type !== undefined || s.properties !== undefined) continue;
    const pick = options.filter(isObject).find((o) => o.type !== 'null');
    if (pick) return resolveComposition(pick);
  }
  return s;
}
