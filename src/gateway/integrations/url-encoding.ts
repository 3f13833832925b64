/**
 * Percent-encoding of the values API Gateway puts into an endpoint URL.
 *  - A method request path parameter arrives as the client sent it, still encoded (AWS hands
 *    `{proxy}` = "api/user/test%2Balias@gmail.com" on, recorded in test_apigateway_lambda), so its
 *    `%XX` escapes are kept and only characters a URL cannot carry are encoded.
 *  - Every other value (query strings, headers, the body, literals, context and stage variables)
 *    is plain text: "REST APIs decode URL-encoded request parameters before passing them to
 *    backend integrations" and "URL-encode the percent character (%)" (known issues), so a `%`
 *    becomes %25 there.
 * Non-ASCII text is sent as UTF-8 escapes; a lone surrogate (not text) as U+FFFD.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 */

/** RFC 3986 pchar plus '/': what a path keeps as it is. */
const PATH_SAFE = safeSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");
/** What encodeURIComponent keeps: a query name or value keeps these as they are. */
const QUERY_SAFE = safeSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!*'()");
const HEX = Array.from({ length: 128 }, (_, c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`);

function safeSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

export function encodePathValue(value: string, keepEscapes: boolean): string {
  return encode(value, PATH_SAFE, keepEscapes);
}

export function encodeQueryComponent(value: string, keepEscapes = false): string {
  return encode(value, QUERY_SAFE, keepEscapes);
}

function encode(s: string, safe: Uint8Array, keepEscapes: boolean): string {
  let i = 0;
  // Fast path: most values need no encoding at all.
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || !safe[c]) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (safe[c]) out += s[i];
      else if (c === 37 && keepEscapes && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
        out += s.slice(i, i + 3);
        i += 2;
      } else out += HEX[c];
    } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '%EF%BF%BD';
    } else out += encodeURIComponent(s[i]);
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
