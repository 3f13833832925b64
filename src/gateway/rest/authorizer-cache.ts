/**
 * One authorizer's cached results by identity (authorizerResultTtlInSeconds), each until it
 * expires. Lambda authorizers (authorizers.ts) and COGNITO_USER_POOLS authorizers
 * (cognito/authorizer.ts) keep one each with the compiled deployment, so a new deployment starts
 * empty; FlushStageAuthorizersCache empties it (cache/flush.ts). At most `limit` entries: when full
 * the least recently used goes, so a flood of distinct identities cannot grow memory without limit
 * (a bound of Gatehouse's, not an AWS limit).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
 */

/** Entries kept per authorizer. */
export const AUTHORIZER_CACHE_LIMIT = 10_000;

export class AuthorizerCache<T> {
  /** identity -> value and when it expires (ms since epoch); Map order is least recently used first. */
  private readonly entries = new Map<string, { expires: number; value: T }>();

  constructor(readonly limit = AUTHORIZER_CACHE_LIMIT) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value cached for `identity` if it has not expired at `now`. */
  get(identity: string, now: number): T | undefined {
    const e = this.entries.get(identity);
    if (!e) return undefined;
    this.entries.delete(identity);
    if (e.expires <= now) return undefined;
    this.entries.set(identity, e);
    return e.value;
  }

  set(identity: string, value: T, expires: number): void {
    this.entries.delete(identity);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(identity, { expires, value });
  }

  clear(): void {
    this.entries.clear();
  }
}
