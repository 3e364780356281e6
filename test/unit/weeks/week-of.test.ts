import { describe, expect, it } from 'vitest';
import { parseWeek } from '../../../src/weeks/parse-week.js';
import { createWeekFinder, nextWeek, previousWeek, weekOf } from '../../../src/weeks/week-of.js';

describe('weekOf', () => {
  it('puts Sunday 23:59:59 and Monday 00:00:00 UTC in different weeks', () => {
    expect(weekOf(new Date('2026-11-29T23:59:59Z'), 'UTC').key).toBe('2026-W48');
    expect(weekOf(new Date('2026-11-30T00:00:00Z'), 'UTC').key).toBe('2026-W49');
  });

  it('starts the week at Monday 00:00 local time, as an instant', () => {
    const week = weekOf(new Date('2026-11-25T12:00:00Z'), 'America/New_York');
    expect(week).toEqual({
      key: '2026-W48',
      start: new Date('2026-11-23T05:00:00Z'),
      end: new Date('2026-11-30T05:00:00Z'),
    });
  });

  it('splits at local midnight, not UTC midnight, in a zone ahead of UTC', () => {
    // Monday 00:30 in Tokyo is still Sunday in UTC.
    expect(weekOf(new Date('2026-11-29T15:30:00Z'), 'Asia/Tokyo').key).toBe('2026-W49');
    expect(weekOf(new Date('2026-11-29T14:59:59Z'), 'Asia/Tokyo').key).toBe('2026-W48');
  });

  describe('across daylight-saving changes', () => {
    it('Europe/London: the week with the spring change is 167 hours and splits at local midnight', () => {
      // Clocks go forward on Sunday 29 March 2026; the week before it ends at Monday 30 March 00:00 BST.
      const week = weekOf(new Date('2026-03-27T12:00:00Z'), 'Europe/London');
      expect(week.key).toBe('2026-W13');
      expect(week.start).toEqual(new Date('2026-03-23T00:00:00Z'));
      expect(week.end).toEqual(new Date('2026-03-29T23:00:00Z'));
      expect((week.end.getTime() - week.start.getTime()) / 3_600_000).toBe(167);
      expect(weekOf(new Date('2026-03-29T22:59:59Z'), 'Europe/London').key).toBe('2026-W13');
      expect(weekOf(new Date('2026-03-29T23:00:00Z'), 'Europe/London').key).toBe('2026-W14');
    });

    it('Europe/London: the week with the autumn change is 169 hours', () => {
      const week = weekOf(new Date('2026-10-25T12:00:00Z'), 'Europe/London');
      expect(week.key).toBe('2026-W43');
      expect(week.start).toEqual(new Date('2026-10-18T23:00:00Z'));
      expect(week.end).toEqual(new Date('2026-10-26T00:00:00Z'));
      expect(weekOf(new Date('2026-10-25T23:59:59Z'), 'Europe/London').key).toBe('2026-W43');
      expect(weekOf(new Date('2026-10-26T00:00:00Z'), 'Europe/London').key).toBe('2026-W44');
    });

    it('America/New_York: Sunday 23:59:59 and Monday 00:00 local after the spring change', () => {
      // DST starts Sunday 8 March 2026; Monday 9 March 00:00 EDT is 04:00 UTC.
      expect(weekOf(new Date('2026-03-09T03:59:59Z'), 'America/New_York').key).toBe('2026-W10');
      expect(weekOf(new Date('2026-03-09T04:00:00Z'), 'America/New_York').key).toBe('2026-W11');
    });

    it('America/New_York: Sunday 23:59:59 and Monday 00:00 local after the autumn change', () => {
      // DST ends Sunday 1 November 2026; Monday 2 November 00:00 EST is 05:00 UTC.
      expect(weekOf(new Date('2026-11-02T04:59:59Z'), 'America/New_York').key).toBe('2026-W44');
      expect(weekOf(new Date('2026-11-02T05:00:00Z'), 'America/New_York').key).toBe('2026-W45');
    });
  });

  it('names weeks by ISO week-numbering year at the turn of the year', () => {
    expect(weekOf(new Date('2026-12-31T12:00:00Z'), 'UTC').key).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-03T12:00:00Z'), 'UTC').key).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-04T00:00:00Z'), 'UTC').key).toBe('2027-W01');
  });

  it('steps to the previous and next week', () => {
    const week = weekOf(new Date('2026-11-25T12:00:00Z'), 'Europe/London');
    expect(previousWeek(week, 'Europe/London').key).toBe('2026-W47');
    expect(nextWeek(week, 'Europe/London').key).toBe('2026-W49');
  });

  it('reuses the last answer in a week finder and still moves on at the boundary', () => {
    const find = createWeekFinder('America/New_York');
    const first = find(Date.parse('2026-11-25T12:00:00Z'));
    expect(find(Date.parse('2026-11-26T12:00:00Z'))).toBe(first);
    expect(find(Date.parse('2026-11-30T05:00:00Z')).key).toBe('2026-W49');
    expect(find(Date.parse('2026-11-30T04:59:59Z')).key).toBe('2026-W48');
  });
});

describe('parseWeek', () => {
  it('reads an ISO week key into its instants in the zone', () => {
    expect(parseWeek('2026-W48', 'UTC')).toEqual({
      key: '2026-W48',
      start: new Date('2026-11-23T00:00:00Z'),
      end: new Date('2026-11-30T00:00:00Z'),
    });
    expect(parseWeek('2026-w13', 'Europe/London')?.end).toEqual(new Date('2026-03-29T23:00:00Z'));
  });

  it('refuses weeks a year does not have, and text that is not a week', () => {
    expect(parseWeek('2026-W53', 'UTC')?.key).toBe('2026-W53');
    expect(parseWeek('2027-W53', 'UTC')).toBeUndefined();
    expect(parseWeek('2026-W00', 'UTC')).toBeUndefined();
    expect(parseWeek('2026-48', 'UTC')).toBeUndefined();
    expect(parseWeek('last', 'UTC')).toBeUndefined();
  });
});
