/**
 * The lookups every apigatewayv2 handler shares: the API and its children by id with AWS's
 * NotFoundException wording, v2 pagination (MaxResults / NextToken), and the API's endpoint.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 *
 * AWS's not-found wording: "Invalid API identifier specified {account}:{apiId}" (as users met it,
 * e.g. aws-sam-cli#7030); children answer "Invalid {Kind} identifier specified {id}".
 */
import { badRequest, notFound } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type { S_Api } from '../../aws/generated/apigatewayv2.js';
import { KIND, childKey, childPrefix, type ApiRecord } from '../../definitions/apigatewayv2.js';
import type { RequestContext } from '../types.js';

export { KIND, childKey, childPrefix };

/** Id lengths as AWS hands them out: APIs 10, routes and integrations 7, the rest 6. */
export const newId = (length: number) => shortId(length);

export async function requireApi(ctx: RequestContext, apiId: string): Promise<ApiRecord> {
  const api = await ctx.tx.get<ApiRecord>(KIND.api, apiId);
  if (!api) throw notFound(`Invalid API identifier specified ${ctx.scope.account}:${apiId}`);
  return api;
}

/** The child document at (kind, apiId/ids...), or "Invalid {label} identifier specified {id}". */
export async function requireChild<T>(ctx: RequestContext, kind: string, label: string, apiId: string, ...ids: string[]): Promise<T> {
  const doc = await ctx.tx.get<T>(kind, childKey(apiId, ...ids));
  if (!doc) throw notFound(`Invalid ${label} identifier specified ${ids[ids.length - 1]}`);
  return doc;
}

/** Every document of `kind` under the API (or under one of its children), in creation order. */
export async function listChildren<T>(ctx: RequestContext, kind: string, apiId: string, ...ids: string[]): Promise<T[]> {
  return (await ctx.tx.list<T>(kind, childPrefix(apiId, ...ids))).map((e) => e.value);
}

/**
 * v2 pagination: `maxResults` (a string on the wire) and an opaque `nextToken`. Without
 * maxResults the whole list comes back, as the SDK paginators expect a last page without a token.
 */
export function page<T>(items: T[], input: { MaxResults?: string; NextToken?: string }): { Items: T[]; NextToken?: string } {
  let size = items.length;
  if (input.MaxResults !== undefined) {
    size = Number(input.MaxResults);
    if (!/^\d+$/.test(input.MaxResults) || size < 1 || size > 500) throw badRequest('MaxResults must be a number between 1 and 500');
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = /^n(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!decoded) throw badRequest('Invalid NextToken');
    start = Number(decoded[1]);
  }
  const end = start + size;
  return { Items: items.slice(start, end), NextToken: end < items.length ? Buffer.from(`n${end}`).toString('base64url') : undefined };
}

/**
 * The API as AWS answers it, with its endpoint: AWS's host shape on this Gatehouse's port,
 * `https://{apiId}.execute-api.{region}.amazonaws.com` becoming `http://{apiId}.execute-api.localhost:{port}`
 * which the front classifier routes to the data plane. WebSocket APIs get wss:// on AWS; here the
 * scheme follows the listener's (ws:// on plain HTTP, wss:// behind TLS), so a client can connect.
 */
export function apiOutput(ctx: RequestContext, api: ApiRecord): ApiRecord & Pick<S_Api, 'ApiEndpoint'> {
  const url = ctx.ports.publicUrl?.() ?? '';
  const port = /:(\d+)$/.exec(url)?.[1] ?? '4566';
  const tls = url.startsWith('https:');
  const scheme = api.ProtocolType === 'WEBSOCKET' ? (tls ? 'wss' : 'ws') : tls ? 'https' : 'http';
  return { ...api, ApiEndpoint: `${scheme}://${api.ApiId}.execute-api.localhost:${port}` };
}

export const isHttp = (api: ApiRecord) => api.ProtocolType === 'HTTP';

/** A copy without the keys whose value is undefined (stored documents stay small and exact). */
export function compact<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as T;
}
