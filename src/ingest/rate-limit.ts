import type { Clock } from '../clock.js';

/** A source may send this many seconds' worth of its rate at once. */
const BURST_SECONDS = 2;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A token bucket per source: `ratePerSecond` requests a second on average, bursts up to
 * `burst` (two seconds' worth unless given). A source over its rate gets 429 with Retry-After instead of slowing everyone down.
 * @example createRateLimiter(1, 1, clock).take('ide') //=> { ok: true }, then { ok: false, retryAfterSeconds: 1 }
 */
export function createRateLimiter(ratePerSecond: number, burst = ratePerSecond * BURST_SECONDS, clock: Clock) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(source: string): RateDecision {
      const now = clock().getTime();
      const bucket = buckets.get(source) ?? { tokens: burst, at: now };
      // A clock stepped backwards refills nothing, rather than locking the source out.
      const elapsed = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * ratePerSecond);
      bucket.at = now;
      buckets.set(source, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
    },
  };
}
