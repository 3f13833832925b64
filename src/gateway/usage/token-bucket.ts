/**
 * The token bucket API Gateway throttles with: "a token counts for a request"; the bucket holds at
 * most `burst` tokens and refills at `rate` tokens per second. It is refilled lazily, by the time
 * elapsed since it was last looked at, so an idle bucket costs nothing and no timer runs per bucket.
 * A rate of 0 throttles everything, as does a burst of 0 (the bucket can never hold a token).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** Starts full: a client's first `burst` requests pass at once. `now`: monotonic milliseconds. */
  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Refills for the time since the last look; true when a token is there to take. */
  ready(now: number): boolean {
    if (this.rate <= 0) return false;
    if (now > this.last) {
      const refilled = this.tokens + ((now - this.last) * this.rate) / 1000;
      this.tokens = refilled < this.burst ? refilled : this.burst;
      this.last = now;
    }
    return this.tokens >= 1;
  }

  /** Takes the token `ready` found. */
  take(): void {
    this.tokens -= 1;
  }
}

/** The bucket in `map` at `key` for these limits: a new full one when there is none or the limits changed. */
export function bucketFor<K>(map: Map<K, TokenBucket>, key: K, rate: number, burst: number, now: number): TokenBucket {
  let bucket = map.get(key);
  if (!bucket || bucket.rate !== rate || bucket.burst !== burst) {
    bucket = new TokenBucket(rate, burst, now);
    map.set(key, bucket);
  }
  return bucket;
}
