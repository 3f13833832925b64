/**
 * Response headers as API Gateway writes them: names keep the spelling they were given
 * (`x-amzn-RequestId`, `Content-Type`, a mapped `Access-Control-Allow-Origin`), as AWS's answers
 * and TestInvokeMethod's `headers` show them, while lookups ignore case as HTTP does.
 * Upstream headers (undici) arrive lower-cased; both spellings live in the same map.
 */
export type HeaderMap = Record<string, string[]>;

/** The key under which `name` is stored, whatever its case; undefined when absent. */
export function headerKey(headers: HeaderMap, name: string): string | undefined {
  if (name in headers) return name;
  const lower = name.toLowerCase();
  for (const key in headers) if (key.length === lower.length && key.toLowerCase() === lower) return key;
  return undefined;
}

export function getHeader(headers: HeaderMap, name: string): string[] | undefined {
  const key = headerKey(headers, name);
  return key === undefined ? undefined : headers[key];
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
