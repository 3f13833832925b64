/**
 * Resource keys: `Type:id` segments joined by '>' from the top-level resource down, e.g.
 * `apigateway:RestApi:a1b2c3d4e5>apigateway:Resource:%2Fpets>apigateway:Method:GET`. Segments
 * of id-keyed types hold the side's physical id (mapped to the target's through the journal);
 * the others hold a natural id (a path, a name) that is the same on both sides.
 */

export function makeKey(parent: string | undefined, type: string, id: string): string {
  const segment = `${type}:${encodeURIComponent(id)}`;
  return parent ? `${parent}>${segment}` : segment;
}

export interface Segment {
  type: string;
  id: string;
}

export function segments(key: string): Segment[] {
  return key.split('>').map((s) => {
    const at = s.lastIndexOf(':');
    return { type: s.slice(0, at), id: decodeURIComponent(s.slice(at + 1)) };
  });
}

export function joinSegments(list: Segment[]): string {
  return list.reduce<string | undefined>((parent, s) => makeKey(parent, s.type, s.id), undefined)!;
}

/** The key's own (last) segment. */
export const lastSegment = (key: string): Segment => segments(key).at(-1)!;

/** The key of the resource one level up, or undefined for a top-level key. */
export function parentKey(key: string): string | undefined {
  const at = key.lastIndexOf('>');
  return at < 0 ? undefined : key.slice(0, at);
}

/** The top-level key a key lives under (the REST API of a method). */
export const rootKey = (key: string): string => key.split('>')[0]!;
