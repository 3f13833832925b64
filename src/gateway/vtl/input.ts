/**
 * `$input`: the payload and the method request's parameters.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#input-variable-reference
 *
 * The payload is parsed once per render, on first use, and `path()` hands out the parsed objects
 * themselves: a template that changes them (`#set($body = $input.path('$'))#set($body.url = ...)`)
 * changes what a later `$input.json('$')` writes, as on AWS.
 */
import { TemplateObject } from './java-methods.js';
import { toJsonSmart } from './java-semantics.js';
import { evaluateJsonPath } from './jsonpath.js';
import { parseJsonText } from './json.js';
import { TemplateBodyParseError, type TemplateInput } from './types.js';

export class InputVariable extends TemplateObject {
  private parsed = false;
  private document: unknown;
  private paramsCopy: TemplateInput['params'] | undefined;

  constructor(private readonly input: TemplateInput) {
    super();
  }

  /**
   * `$input.body`. An empty payload reads as `{}`: recorded in test_apigateway_common.snapshot.json,
   * test_input_body_formatting ("empty-body": `Action=SendMessage&MessageBody={}`) and
   * test_apigateway_sqs.snapshot.json, test_sqs_aws_integration (the message without payload has Body `{}`).
   */
  body(): string {
    return this.input.body === '' ? '{}' : this.input.body;
  }

  property(name: string): unknown {
    return name === 'body' ? this.body() : null;
  }

  call(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'json':
        return args.length === 1 ? this.json(args[0]) : null;
      case 'path':
        return args.length === 1 ? this.path(args[0]) : null;
      case 'params':
        return args.length === 0 ? this.params() : args.length === 1 ? this.param(args[0]) : null;
      case 'getBody':
        return this.body();
      default:
        return null;
    }
  }

  /** `$input.params()`: this render's own copy, so a template's `put` cannot reach the pipeline's maps. */
  params(): TemplateInput['params'] {
    if (!this.paramsCopy) {
      const { path, querystring, header } = this.input.params;
      this.paramsCopy = { path: Object.assign({}, path), querystring: Object.assign({}, querystring), header: Object.assign({}, header) };
    }
    return this.paramsCopy;
  }

  /** `$input.path(x)`: the value the JSONPath selects (maps, lists, strings...), or null when it selects nothing. */
  path(path: unknown): unknown {
    if (typeof path !== 'string') return null;
    const result = evaluateJsonPath(this.parse(), path);
    return result.found ? result.value : null;
  }

  /** `$input.json(x)`: the selected value as JSON text; nothing when the path selects nothing. */
  json(path: unknown): string | null {
    if (typeof path !== 'string') return null;
    const result = evaluateJsonPath(this.parse(), path);
    return result.found ? toJsonSmart(result.value, false) : null;
  }

  /**
   * `$input.params(x)`: path, then query string, then header (the reference page's order); "" when
   * absent. Header names match case-insensitively when no exact match exists, since clients vary
   * the case of the headers they send.
   */
  param(name: unknown): string {
    if (typeof name !== 'string') return '';
    const { path, querystring, header } = this.input.params;
    if (Object.hasOwn(path, name)) return path[name];
    if (Object.hasOwn(querystring, name)) return querystring[name];
    if (Object.hasOwn(header, name)) return header[name];
    const lower = name.toLowerCase();
    for (const key in header) if (Object.hasOwn(header, key) && key.toLowerCase() === lower) return header[key];
    return '';
  }

  private parse(): unknown {
    if (this.parsed) return this.document;
    const text = this.body();
    try {
      this.document = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      throw new TemplateBodyParseError(describeJsonError(text, err as Error));
    }
    this.parsed = true;
    return this.document;
  }
}

/** Jackson's wording for the usual case (a bare word), else the parser's own message. */
function describeJsonError(text: string, err: Error): string {
  const word = /^\s*([A-Za-z_$][\w$]*)/.exec(text);
  if (word && !['true', 'false', 'null'].includes(word[1])) {
    return `Unrecognized token '${word[1]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  return err.message;
}
