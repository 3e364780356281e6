import type { Clock } from '../../src/clock.js';

/** A clock that reads `start` now and keeps ticking in real time: for waits like Retry-After. */
export function tickingClockFrom(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** A clock that stays where it is put: `clock.set(...)` moves it. */
export function settableClock(start: Date): Clock & { set(next: Date): void } {
  let now = start;
  const clock = () => now;
  return Object.assign(clock, {
    set(next: Date) {
      now = next;
    },
  });
}
