import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/ingest/rate-limit.js';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-25T12:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('createRateLimiter', () => {
  it('lets a burst through, then answers with how long to wait', () => {
    const { clock } = manualClock();
    const limiter = createRateLimiter(2, 4, clock);
    for (let i = 0; i < 4; i += 1) expect(limiter.take('ide')).toEqual({ ok: true });
    expect(limiter.take('ide')).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate: one request per half second at 2 a second', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(2, 2, clock);
    limiter.take('ide');
    limiter.take('ide');
    advance(499);
    expect(limiter.take('ide').ok).toBe(false);
    advance(1);
    expect(limiter.take('ide')).toEqual({ ok: true });
    expect(limiter.take('ide').ok).toBe(false);
  });

  it('never refills beyond the burst, however long a source was quiet', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(1, 3, clock);
    advance(3_600_000);
    const answers = Array.from({ length: 4 }, () => limiter.take('ide').ok);
    expect(answers).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per source', () => {
    const { clock } = manualClock();
    const limiter = createRateLimiter(1, 1, clock);
    expect(limiter.take('ide')).toEqual({ ok: true });
    expect(limiter.take('ide')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('gateway')).toEqual({ ok: true });
  });

  it('asks a slow-rate source to wait whole seconds until its next token', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(0.1, 1, clock);
    limiter.take('batch');
    expect(limiter.take('batch')).toEqual({ ok: false, retryAfterSeconds: 10 });
    advance(7_500);
    expect(limiter.take('batch')).toEqual({ ok: false, retryAfterSeconds: 3 });
  });

  it('refills nothing, and locks nobody out, when the clock steps backwards', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(1, 1, clock);
    limiter.take('ide');
    advance(-60_000);
    expect(limiter.take('ide')).toEqual({ ok: false, retryAfterSeconds: 1 });
    advance(1000);
    expect(limiter.take('ide')).toEqual({ ok: true });
  });
});
