import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayKey, dayNumber, dayOf, daysOfWeek } from '../../../src/weeks/day-of.js';
import { weekOf } from '../../../src/weeks/week-of.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kolkata',
];
const instants = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2060-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('day numbers', () => {
  it('count days since 1970-01-01 and turn back into the same day key', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-11-26')).toBe(20783);
    expect(dayKey(20783)).toBe('2026-11-26');
    fc.assert(
      fc.property(instants, (instant) => {
        const day = instant.toISOString().slice(0, 10);
        expect(dayKey(dayNumber(day))).toBe(day);
      }),
    );
  });
});

describe('daysOfWeek', () => {
  it('gives Monday to Sunday of an ISO week, across year ends', () => {
    expect(daysOfWeek('2026-W48')).toEqual({ first: '2026-11-23', last: '2026-11-29' });
    expect(daysOfWeek('2026-W01')).toEqual({ first: '2025-12-29', last: '2026-01-04' });
    expect(daysOfWeek('2020-W53')).toEqual({ first: '2020-12-28', last: '2021-01-03' });
    expect(() => daysOfWeek('2026-48')).toThrow('is not a week key');
  });

  it('names the same days as the week of any instant, in any zone', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES), (instant, zone) => {
        const week = weekOf(instant, zone);
        expect(daysOfWeek(week.key)).toEqual({
          first: dayOf(week.start.getTime(), zone),
          last: dayOf(week.end.getTime() - 1, zone),
        });
      }),
    );
  });
});

describe('the week of a stored day', () => {
  // Events store only their day (in WEEK_TIMEZONE); SQL derives the week they count in from it.
  it("is SQLite's ISO week of that day: the week the instant falls in", () => {
    const db = new Database(':memory:');
    const weekOfDay = db.prepare<[number], string>("SELECT strftime('%G-W%V', ? * 86400, 'unixepoch')").pluck();
    fc.assert(
      fc.property(instants, fc.constantFrom(...ZONES), (instant, zone) => {
        const day = dayNumber(dayOf(instant.getTime(), zone));
        expect(weekOfDay.get(day)).toBe(weekOf(instant, zone).key);
      }),
    );
    db.close();
  });
});
