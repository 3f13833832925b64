/**
 * Custom domain names on the data plane: a request whose Host is a custom domain name goes to the
 * API and stage its base path mappings name. https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html
 *
 * API Gateway v1 mappings are one path segment: `https://api.example.com/orders/pets` with a
 * mapping `orders -> (api, prod)` invokes `/pets` on the API's `prod` stage; the empty base path
 * `(none)` takes every request no named mapping takes. A mapping without a stage reads the stage
 * from the next path segment. When nothing matches AWS answers 403 {"message":"Forbidden"}.
 * API mappings made through apigatewayv2 (stored as the same documents) may have several levels
 * (`orders/v2`): the longest mapping key that is a prefix of the path's segments wins; they may
 * name HTTP APIs, which the data plane serves with the mapping's stage.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html
 *
 * The index of every domain name and its mappings lives in memory: built on first use, marked
 * stale by the store's commit notifications for domain names and mappings, rebuilt on the next
 * request that needs it. A Host that is no custom domain costs one Map lookup.
 */
import { KIND } from '../definitions/apigateway.js';
import { EMPTY_BASE_PATH, type BasePathMappingRecord, type DomainNameRecord } from '../definitions/domains.js';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Change, Store } from '../store/types.js';

/** Where a custom-domain request goes: the API, and the path in the `/{stage}/{resource path}` form. */
export interface DomainTarget {
  apiId: string;
  pathname: string;
  /** The mapping's stage and the path after its base path, for HTTP APIs (whose stage is not a path segment). */
  stage?: string;
  rest?: string;
  /** The base path as the client sent it (`/shop`), '' for the empty one. */
  prefix?: string;
}

type Mappings = Map<string, BasePathMappingRecord>;

export class CustomDomains {
  /** Lower-cased host name -> its mappings by base path; public domain names only (private ones are reached through VPC endpoints). */
  private index = new Map<string, Mappings>();
  private stale = true;
  private loading: Promise<void> | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * The target of a request to `host`, 'forbidden' when the host is a custom domain name but no
   * mapping takes the path, undefined when the host is no custom domain name.
   */
  async resolve(host: string, pathname: string): Promise<DomainTarget | 'forbidden' | undefined> {
    if (pathname === '/_gatehouse' || pathname.startsWith('/_gatehouse/')) return undefined;
    if (this.stale) await this.reload();
    const mappings = this.index.get(hostName(host));
    if (!mappings) return undefined;
    return select(mappings, pathname);
  }

  private invalidate(changes: Change[]): void {
    for (const c of changes) {
      if (c.kind === KIND.domainName || c.kind === KIND.basePathMapping) {
        this.stale = true;
        return;
      }
    }
  }

  private reload(): Promise<void> {
    this.loading ??= this.build().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async build(): Promise<void> {
    this.stale = false;
    const index = new Map<string, Mappings>();
    for (const scope of await this.store.scopes(KIND.domainName)) {
      await this.store.transaction(scope, async (tx) => {
        for (const { value: domain } of await tx.list<DomainNameRecord>(KIND.domainName)) {
          if (domain.domainNameId) continue;
          const name = domain.domainName.toLowerCase();
          // The same Regional name may exist in several regions; the first one found serves it.
          if (index.has(name)) continue;
          const mappings: Mappings = new Map();
          for (const { value } of await tx.list<BasePathMappingRecord>(KIND.basePathMapping, `${domain.domainName}/`)) mappings.set(value.basePath, value);
          index.set(name, mappings);
        }
      });
    }
    this.index = index;
  }
}

function hostName(host: string): string {
  const colon = host.startsWith('[') ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

function select(mappings: Mappings, pathname: string): DomainTarget | 'forbidden' {
  let mapping: BasePathMappingRecord | undefined;
  let rest = pathname;
  let prefix = '';
  // Multi-level keys (`orders/v2`): the longest one that is a prefix of the path's segments.
  const cuts: number[] = [];
  for (let i = pathname.indexOf('/', 1); ; i = pathname.indexOf('/', i + 1)) {
    cuts.push(i < 0 ? pathname.length : i);
    if (i < 0 || cuts.length >= 10) break;
  }
  for (let k = cuts.length - 1; k >= 0 && !mapping; k--) {
    const end = cuts[k];
    const key = pathname.slice(1, end);
    if (!key) continue;
    mapping = mappings.get(key) ?? (key.includes('%') ? mappings.get(safeDecode(key)) : undefined);
    if (mapping) {
      rest = end >= pathname.length ? '/' : pathname.slice(end);
      prefix = pathname.slice(0, end);
    }
  }
  mapping ??= mappings.get(EMPTY_BASE_PATH);
  if (!mapping) return 'forbidden';
  if (!rest) rest = '/';
  // Without a stage in the mapping, the stage is the next segment of the path (as on execute-api hosts).
  const pathnameOnApi = mapping.stage ? `/${encodeURIComponent(mapping.stage)}${rest}` : rest;
  if (pathnameOnApi === '/' && !mapping.stage) return 'forbidden';
  return { apiId: mapping.restApiId, pathname: pathnameOnApi, stage: mapping.stage, rest, prefix };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** AWS's answer when a custom domain name has no mapping for the path: 403 {"message":"Forbidden"}. */
export function writeForbidden(res: ServerResponse): void {
  const body = '{"message":"Forbidden"}';
  res.writeHead(403, [
    'Content-Type', 'application/json',
    'Content-Length', String(Buffer.byteLength(body)),
    'x-amzn-RequestId', randomUUID(),
    'x-amzn-ErrorType', 'ForbiddenException',
  ]);
  res.end(body);
}
