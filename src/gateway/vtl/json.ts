/**
 * JSON parsing for `$input.json/path` and `$util.parseJson` with the limit AWS's parser has:
 * Jackson (2.15+) refuses documents nested deeper than 1,000 levels (StreamReadConstraints),
 * so such a body is a parse error (answered 400), not a stack overflow in Gatehouse.
 */
const MAX_NESTING_DEPTH = 1000;

export function parseJsonText(text: string): unknown {
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) {
    throw new Error(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`);
  }
  return JSON.parse(text);
}

/** The deepest `[`/`{` nesting outside strings, stopping once past the limit. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > MAX_NESTING_DEPTH) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
