/**
 * `$util`: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#util-template-reference
 *
 * A null argument answers null (printed as nothing): recorded in test_apigateway_common.snapshot.json,
 * test_input_body_formatting, "response-url-encode": `$util.urlEncode($input.body.testAccess)` printed nothing.
 */
import { JavaException, TemplateObject } from './java-methods.js';
import { javaToString } from './java-semantics.js';
import { parseJsonText } from './json.js';

export class UtilVariable extends TemplateObject {
  property(): unknown {
    return null;
  }

  call(name: string, args: unknown[]): unknown {
    if (args.length !== 1) return null;
    const arg = args[0];
    if (arg === null || arg === undefined) return null;
    switch (name) {
      case 'escapeJavaScript':
        return escapeJavaScript(javaToString(arg));
      case 'parseJson':
        return parseJson(javaToString(arg));
      case 'urlEncode':
        return urlEncode(javaToString(arg));
      case 'urlDecode':
        return urlDecode(javaToString(arg));
      case 'base64Encode':
        return Buffer.from(javaToString(arg), 'utf8').toString('base64');
      case 'base64Decode':
        return Buffer.from(javaToString(arg), 'base64').toString('utf8');
      default:
        return null;
    }
  }
}

/** One shared instance: $util has no state. */
export const UTIL = new UtilVariable();

const HEX = '0123456789ABCDEF';

/**
 * Apache Commons Lang `StringEscapeUtils.escapeJavaScript`: `'` becomes `\'` (the reference page warns
 * about it), `"`, `\` and `/` are escaped, control characters use \b \t \n \f \r or \u00XX, and
 * anything above U+007F becomes \uXXXX.
 */
export function escapeJavaScript(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c > 0x7f) esc = '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    else if (c < 0x20) {
      if (c === 0x08) esc = '\\b';
      else if (c === 0x0a) esc = '\\n';
      else if (c === 0x09) esc = '\\t';
      else if (c === 0x0c) esc = '\\f';
      else if (c === 0x0d) esc = '\\r';
      else esc = '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x27) esc = "\\'";
    else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x2f) esc = '\\/';
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

/** `$util.parseJson`: the JSON text as maps and lists a template can walk, like `$input.path`. */
function parseJson(s: string): unknown {
  try {
    return parseJsonText(s);
  } catch (err) {
    throw new JavaException(`$util.parseJson: ${(err as Error).message}`);
  }
}

/** `java.net.URLEncoder.encode(s, "UTF-8")`: form encoding, space as `+`, only `A-Za-z0-9.-*_` left as is. */
export function urlEncode(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d || c === 0x2a || c === 0x5f;
    if (plain) continue;
    out += s.slice(start, i);
    if (c === 0x20) out += '+';
    else {
      // A surrogate pair is one character; a lone surrogate encodes as '?' as Java's encoder does.
      let ch = s[i];
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) ch = s.slice(i, ++i + 1);
      }
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) ch = '?';
      for (const byte of Buffer.from(ch, 'utf8')) out += '%' + HEX[byte >> 4] + HEX[byte & 15];
    }
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** `java.net.URLDecoder.decode(s, "UTF-8")`: `+` is a space; a malformed `%` escape is an error. */
export function urlDecode(s: string): string {
  if (s.indexOf('%') < 0) return s.indexOf('+') < 0 ? s : s.replaceAll('+', ' ');
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (hex.length < 2 || !isHex(hex.charCodeAt(0)) || !isHex(hex.charCodeAt(1))) {
        throw new JavaException('java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern');
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    out += c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
