import type { Clock } from '../../clock.js';

/**
 * When each Slack method may be called again. Slack rate-limits per method, and a 429's
 * Retry-After covers every call to that method, so after one 429 the whole method waits
 * (not just the call that met it) while other methods carry on.
 */
export function createMethodPauses(clock: Clock) {
  const until = new Map<string, number>();
  return {
    pause(method: string, retryAfterSeconds: number): void {
      // A Retry-After of 0 (or none) still waits a second, so a 429 never turns into a busy loop.
      const resumesAt = clock().getTime() + Math.max(1, retryAfterSeconds) * 1000;
      until.set(method, Math.max(until.get(method) ?? 0, resumesAt));
    },
    /** When `method` may be called again, or undefined when it may be called now. */
    resumesAt(method: string): number | undefined {
      const at = until.get(method);
      return at !== undefined && at > clock().getTime() ? at : undefined;
    },
  };
}
