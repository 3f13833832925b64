/**
 * Which headers API Gateway passes, drops, refuses or renames between the client, an HTTP /
 * HTTP_PROXY endpoint and back. The guide's table ("headers that may be dropped, remapped, or
 * otherwise modified", api-gateway-known-issues.md) as AWS answers it, recorded in
 * test_apigateway_integrations.snapshot.json (TestApiGatewayHeaderRemapping, every header sent
 * and mapped) and test_apigateway_http.snapshot.json:
 *  - to the endpoint, AWS never passes the client's Host (the endpoint's own is sent), Connection,
 *    Content-Length (recomputed), Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server,
 *    TE, Transfer-Encoding, Trailer, Upgrade, WWW-Authenticate, Via, nor for HTTP_PROXY
 *    Content-Encoding; a request parameter mapping may still set most of them;
 *  - a mapping may never set Content-Length, Transfer-Encoding, X-Amzn-Trace-Id or
 *    X-Amzn-Apigateway-Api-Id: the request fails with 500 "Internal server error";
 *  - AWS adds Accept: application/json and User-Agent: AmazonAPIGateway_{apiId} when nothing
 *    set them, X-Amzn-Trace-Id, and X-Amzn-Apigateway-Api-Id;
 *  - from the endpoint (HTTP_PROXY) or from response parameter mappings (HTTP), headers AWS owns
 *    come back renamed `x-amzn-Remapped-{name}` (Date, Server, Connection, Content-Length...),
 *    Transfer-Encoding is dropped, and HTTP_PROXY also drops Via.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 */
/** Client headers an HTTP_PROXY integration does not forward (lower-case names). */
export const PROXY_NOT_FORWARDED = new Set([
  'host',
  'content-encoding',
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'www-authenticate',
  'via',
  'keep-alive',
  'proxy-connection',
  // Set by API Gateway itself (below), never taken from the client as they are.
  'x-amzn-trace-id',
  'x-amzn-apigateway-api-id',
  'x-forwarded-for',
]);

/**
 * Mapped headers that still never reach the endpoint. AWS sends a mapped Upgrade on (recorded);
 * Gatehouse cannot, as its HTTP client reserves Upgrade for protocol switches.
 */
export const MAPPED_NOT_SENT = new Set(['expect', 'proxy-authenticate', 'te', 'via', 'connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/** Headers a request parameter mapping or requestOverride may not set: the request fails (recorded: 500). */
export const MAPPING_FORBIDDEN = new Set(['content-length', 'transfer-encoding', 'x-amzn-trace-id', 'x-amzn-apigateway-api-id']);

/** Response headers AWS renames `x-amzn-Remapped-{name}`, by lower-case name, in AWS's spelling. */
export const REMAPPED: Record<string, string> = {
  authorization: 'x-amzn-Remapped-Authorization',
  connection: 'x-amzn-Remapped-Connection',
  'content-length': 'x-amzn-Remapped-Content-Length',
  'content-md5': 'x-amzn-Remapped-Content-MD5',
  date: 'x-amzn-Remapped-Date',
  expect: 'x-amzn-Remapped-Expect',
  host: 'x-amzn-Remapped-Host',
  'max-forwards': 'x-amzn-Remapped-Max-Forwards',
  'proxy-authenticate': 'x-amzn-Remapped-Proxy-Authenticate',
  server: 'x-amzn-Remapped-Server',
  trailer: 'x-amzn-Remapped-Trailer',
  upgrade: 'x-amzn-Remapped-Upgrade',
  'user-agent': 'x-amzn-Remapped-User-Agent',
  'www-authenticate': 'x-amzn-Remapped-WWW-Authenticate',
  // API Gateway answers with its own request id; the endpoint's is kept under this name (recorded).
  'x-amzn-requestid': 'x-amzn-Remapped-x-amzn-RequestId',
};

/** Endpoint response headers that never reach the client: framing and per-hop headers. */
const DROPPED_FROM_RESPONSE = new Set(['transfer-encoding', 'keep-alive', 'proxy-connection']);
const DROPPED_FROM_PROXY_RESPONSE = new Set([...DROPPED_FROM_RESPONSE, 'via']);

/**
 * The method response headers for the headers response parameter mappings set (HTTP, AWS): each
 * renamed or dropped as above. Names keep their spelling; the result is a new map.
 */
export function remapResponseHeaders(headers: Record<string, string[]>, type: 'HTTP' | 'HTTP_PROXY'): Record<string, string[]> {
  const dropped = type === 'HTTP_PROXY' ? DROPPED_FROM_PROXY_RESPONSE : DROPPED_FROM_RESPONSE;
  const out: Record<string, string[]> = Object.create(null);
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (dropped.has(lower)) continue;
    out[REMAPPED[lower] ?? name] = headers[name];
  }
  return out;
}

/**
 * HTTP_PROXY: the client gets the endpoint's headers (`raw`: name, value, name, value... as the
 * endpoint spelled and repeated them), renamed or dropped as above; several Set-Cookie stay several.
 */
export function proxyResponseHeaders(raw: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (DROPPED_FROM_PROXY_RESPONSE.has(lower)) continue;
    const key = REMAPPED[lower] ?? name;
    const values = out[key];
    if (values) values.push(raw[i + 1]);
    else out[key] = [raw[i + 1]];
  }
  return out;
}
