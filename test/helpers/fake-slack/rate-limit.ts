import type { FakeSlack } from '../fake-slack-server.js';

/** Slack's per-method limit, as a test imposes it: `calls` per fixed window of `windowMs` on `now`. */
export interface RateLimit {
  calls: number;
  windowMs: number;
  /** the clock the windows follow (the bot's clock in tests, so no test waits a real minute) */
  now: () => number;
}

/**
 * Limits one Web API method of the fake Slack as Slack does: past `calls` in a window, it
 * answers 429 with the seconds left in the window as Retry-After. The result counts those 429s.
 */
export function rateLimit(slack: FakeSlack, method: string, limit: RateLimit): { readonly refused: number } {
  const handler = slack.handlerOf(method);
  if (!handler) throw new Error(`the fake Slack has no ${method} to rate-limit`);
  const counter = { refused: 0 };
  let window = Number.NaN;
  let used = 0;
  slack.handle(method, (call) => {
    const at = limit.now();
    const current = Math.floor(at / limit.windowMs);
    if (current !== window) {
      window = current;
      used = 0;
    }
    used += 1;
    if (used <= limit.calls) return handler(call);
    counter.refused += 1;
    const retryAfter = Math.max(1, Math.ceil(((current + 1) * limit.windowMs - at) / 1000));
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(retryAfter) } };
  });
  return counter;
}
