import { describe, expect, it } from 'vitest';
import { parseWeek } from '../../../src/weeks/parse-week.js';

const iso = (key: string, zone: string) => {
  const week = parseWeek(key, zone);
  return week && { key: week.key, start: week.start.toISOString(), end: week.end.toISOString() };
};

describe('parseWeek', () => {
  it('gives the Monday-to-Monday span of an ISO week key in UTC', () => {
    expect(iso('2026-W48', 'UTC')).toEqual({
      key: '2026-W48',
      start: '2026-11-23T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
    });
  });

  it('reads the week in the configured zone, where Monday midnight is a different instant', () => {
    expect(iso('2026-W48', 'America/New_York')).toEqual({
      key: '2026-W48',
      start: '2026-11-23T05:00:00.000Z',
      end: '2026-11-30T05:00:00.000Z',
    });
  });

  it('keeps a week across a clock change whole: 167 hours in spring in London', () => {
    expect(iso('2026-W13', 'Europe/London')).toEqual({
      key: '2026-W13',
      start: '2026-03-23T00:00:00.000Z',
      end: '2026-03-29T23:00:00.000Z',
    });
  });

  it('puts week 1 where ISO does: 2026-W01 starts on Monday 29 December 2025', () => {
    expect(iso('2026-W01', 'UTC')?.start).toBe('2025-12-29T00:00:00.000Z');
    expect(iso('2027-W01', 'UTC')?.start).toBe('2027-01-04T00:00:00.000Z');
  });

  it('accepts W53 only in a year that has it', () => {
    expect(iso('2026-W53', 'UTC')?.start).toBe('2026-12-28T00:00:00.000Z');
    expect(parseWeek('2025-W53', 'UTC')).toBeUndefined();
  });

  it('accepts lower case and surrounding spaces', () => {
    expect(parseWeek(' 2026-w48 ', 'UTC')?.key).toBe('2026-W48');
  });

  it.each(['2026-W00', '2026-W54', '2026-W99', '2026-W4', '2026W48', '26-W48', '2026-48', 'last', '', '2026-W48x'])(
    'refuses %j',
    (text) => {
      expect(parseWeek(text, 'UTC')).toBeUndefined();
    },
  );
});
