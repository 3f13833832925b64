/**
 * The two clocks traffic control reads: wall time (UTC days for quotas and usage counters) and a
 * monotonic clock in milliseconds (token buckets refill by it, so a wall-clock step cannot grant
 * or withhold a burst). Injectable so tests can move time instead of waiting for it.
 */
export interface Clock {
  /** Milliseconds since the epoch (Date.now). */
  now(): number;
  /** Milliseconds from an arbitrary origin that never goes back (performance.now). */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
