/**
 * Java regular expressions (`String.replaceAll`, `replaceFirst`, `split`, `matches`) on top of
 * JavaScript's RegExp. Templates pass Java syntax — e.g. AWS's own advice
 * `$util.escapeJavaScript(data).replaceAll("\\'","'")` on the mapping-template reference page:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 * The common subset is the same in both; the Java-only forms translated here are inline flags,
 * \Q…\E quoting, \A \z \Z, possessive quantifiers, atomic groups and the POSIX \p{…} classes.
 *
 * Compiled patterns are cached per compiled template (`RegexCache`), and warmed at compile time for
 * literal patterns, so rendering does not compile regular expressions.
 */

export class JavaRegexError extends Error {}

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r',
};

const SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

/** Rewrites Java pattern syntax into an equivalent JavaScript source and flags. */
export function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let flags = '';
  let src = pattern;
  // Leading inline flags, e.g. (?i) — JavaScript only has them as RegExp flags.
  const inline = /^\(\?([imsux]+)\)/.exec(src);
  if (inline) {
    for (const f of inline[1]) if (f === 'i' || f === 'm' || f === 's') flags += flags.includes(f) ? '' : f;
    src = src.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  let afterQuantifier = false; // the last thing emitted was *, +, ?, or {n,m}
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const quantified = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new JavaRegexError(`Unexpected internal error near index ${i + 1}`);
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const quoted = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += quoted.replace(SPECIAL, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (!inClass && n === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && (n === 'z' || n === 'Z')) {
        out += '$';
        i++;
        continue;
      }
      if ((n === 'p' || n === 'P') && src[i + 2] === '{') {
        const close = src.indexOf('}', i + 3);
        const name = close < 0 ? '' : src.slice(i + 3, close).replace(/^Is/, '');
        const posix = POSIX[name];
        if (posix !== undefined) {
          const negated = n === 'P';
          out += inClass ? (negated ? '' : posix) : negated ? `[^${posix}]` : `[${posix}]`;
          i = close;
          continue;
        }
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += '\\' + src[++i];
      continue;
    }
    if (c === '(' && src[i + 1] === '?' && src[i + 2] === '>') {
      out += '(?:';
      i += 2;
      continue;
    }
    if (quantified && c === '+') continue; // possessive quantifier: JavaScript has none; the greedy form matches the same strings in practice
    if (quantified && c === '?') {
      out += c; // lazy quantifier
      continue;
    }
    afterQuantifier = c === '*' || c === '+' || c === '?' || (c === '}' && /\{\d*,?\d*$/.test(out));
    out += c;
  }
  return { source: out, flags };
}

/** Per-template cache of compiled patterns; bounded so data-driven patterns cannot grow it without end. */
export class RegexCache {
  private readonly map = new Map<string, RegExp>();
  constructor(private readonly limit = 64) {}

  /** `mode`: 'g' for replaceAll/split, 'first' for replaceFirst, 'full' for matches(). */
  get(pattern: string, mode: 'g' | 'first' | 'full'): RegExp {
    const key = mode + '\u0000' + pattern;
    let re = this.map.get(key);
    if (re) return re;
    const { source, flags } = translateJavaRegex(pattern);
    try {
      if (mode === 'full') re = new RegExp(`^(?:${source})$`, flags);
      else re = new RegExp(source, mode === 'g' ? flags + 'g' : flags);
    } catch (err) {
      throw new JavaRegexError(`Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
    }
    if (this.map.size < this.limit) this.map.set(key, re);
    return re;
  }
}

/** A Java replacement string (`$1`, `${name}`, `\$`) applied to one match. */
function expandReplacement(replacement: string, match: RegExpExecArray | string[], groups: Record<string, string> | undefined): string {
  if (replacement.indexOf('$') < 0 && replacement.indexOf('\\') < 0) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new JavaRegexError('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = replacement.slice(i + 1, end);
        if (end < 0 || !groups || !(name in groups)) throw new JavaRegexError(`No group with name {${name}}`);
        out += groups[name] ?? '';
        i = end;
        continue;
      }
      let digits = '';
      // Java takes as many digits as still name an existing group.
      while (i < replacement.length && replacement[i] >= '0' && replacement[i] <= '9') {
        const next = digits + replacement[i];
        if (digits !== '' && Number(next) >= match.length) break;
        digits = next;
        i++;
      }
      i--;
      if (digits === '') throw new JavaRegexError('Illegal group reference');
      const group = Number(digits);
      if (group >= match.length) throw new JavaRegexError(`No group ${group}`);
      out += match[group] ?? '';
    } else out += c;
  }
  return out;
}

export function javaReplace(s: string, re: RegExp, replacement: string): string {
  return s.replace(re, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const hasGroups = typeof last === 'object' && last !== null;
    const groups = hasGroups ? (last as Record<string, string>) : undefined;
    const match = args.slice(0, hasGroups ? -3 : -2) as string[];
    return expandReplacement(replacement, match, groups);
  });
}

/**
 * `String.split(regex, limit)`: a leading empty string only for a positive-width match at 0,
 * trailing empty strings dropped when limit is 0, no capture groups in the result.
 */
export function javaSplit(s: string, re: RegExp, limit = 0): string[] {
  const out: string[] = [];
  let index = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex = start + 1;
      if (start === 0 || start >= s.length) continue;
    }
    if (limit > 0 && out.length >= limit - 1) break;
    out.push(s.slice(index, start));
    index = end;
  }
  re.lastIndex = 0;
  if (out.length === 0) return [s];
  out.push(s.slice(index));
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
