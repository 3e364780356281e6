import { describe, expect, it } from 'vitest';
import { firstFireAfter } from '../../../src/jobs/first-fire-after.js';

const at = (expression: string, zone: string, instant: string) =>
  firstFireAfter(expression, zone, new Date(instant))?.toISOString();

describe('firstFireAfter', () => {
  it('finds the next Monday 09:00', () => {
    expect(at('0 9 * * 1', 'UTC', '2026-11-26T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  it('counts an instant exactly on a firing as that firing', () => {
    expect(at('0 9 * * 1', 'UTC', '2026-11-30T09:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  it('moves on to the next firing one second after one', () => {
    expect(at('0 9 * * 1', 'UTC', '2026-11-30T09:00:01Z')).toBe('2026-12-07T09:00:00.000Z');
  });

  it('reads hours in the zone, across a clock change', () => {
    // London is on GMT on Monday 23 March and on BST from Sunday 29 March.
    expect(at('0 9 * * 1', 'Europe/London', '2026-03-23T10:00:00Z')).toBe('2026-03-30T08:00:00.000Z');
    expect(at('0 9 * * 1', 'America/New_York', '2026-11-26T00:00:00Z')).toBe('2026-11-30T14:00:00.000Z');
  });

  it('honours a seconds field', () => {
    expect(at('30 0 9 * * 1', 'UTC', '2026-11-30T09:00:10Z')).toBe('2026-11-30T09:00:30.000Z');
  });

  it('follows lists and ranges', () => {
    expect(at('15 8,17 * * 1-5', 'UTC', '2026-11-27T09:00:00Z')).toBe('2026-11-27T17:15:00.000Z');
    expect(at('15 8,17 * * 1-5', 'UTC', '2026-11-27T17:16:00Z')).toBe('2026-11-30T08:15:00.000Z');
  });

  it('gives up on a date further than eight days away', () => {
    expect(at('0 9 1 1 *', 'UTC', '2026-11-26T00:00:00Z')).toBeUndefined();
  });

  it('does not follow day specials it cannot search', () => {
    expect(at('0 9 * * 1#2', 'UTC', '2026-11-26T00:00:00Z')).toBeUndefined();
  });
});
