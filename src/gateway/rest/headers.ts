/**
 * Response headers as API Gateway writes them: names keep the spelling they were given
 * (`x-amzn-RequestId`, `Content-Type`, a mapped `Access-Control-Allow-Origin`), as AWS's answers
 * and TestInvokeMethod's `headers` show them, while lookups ignore case as HTTP does.
 * An HTTP_PROXY answer carries the endpoint's own spelling (integrations/http-headers.ts); every
 * spelling lives in the same map.
 */
export type HeaderMap = Record<string, string[]>;

/**
 * The key under which `name` is stored, whatever its case; undefined when absent. Any map keyed by
 * header name will do (`lower`: `name` lower-cased, when the caller has it already). Only own keys
 * count: a header named `constructor` is not Object's.
 */
export function headerKey(headers: Record<string, unknown>, name: string, lower = name.toLowerCase()): string | undefined {
  if (Object.hasOwn(headers, name)) return name;
  for (const key in headers) if (key.length === lower.length && key.toLowerCase() === lower) return key;
  return undefined;
}

export function hasHeader(headers: HeaderMap, name: string): boolean {
  return headerKey(headers, name) !== undefined;
}

/** Sets `name` to `values`, replacing any header of the same name in another case. */
export function setHeader(headers: HeaderMap, name: string, values: string[]): void {
  const key = headerKey(headers, name);
  if (key !== undefined && key !== name) delete headers[key];
  headers[name] = values;
}

export function deleteHeader(headers: HeaderMap, name: string): string[] | undefined {
  const key = headerKey(headers, name);
  if (key === undefined) return undefined;
  const values = headers[key];
  delete headers[key];
  return values;
}
