import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Week } from './week.js';

/**
 * The calendar day an instant falls on in the given zone, as YYYY-MM-DD.
 * @example dayOf(Date.parse('2026-11-23T23:30:00Z'), 'Europe/Berlin') //=> "2026-11-24"
 */
export function dayOf(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), 'yyyy-MM-dd');
}

/** Days from `first` to `last`, both included, as YYYY-MM-DD. */
export interface DayRange {
  first: string;
  last: string;
}

/**
 * The calendar days of a week in its zone: Monday to Sunday.
 * @example daysOfWeek(weekOf(new Date('2026-11-25T12:00:00Z'), 'UTC'), 'UTC') //=> { first: "2026-11-23", last: "2026-11-29" }
 */
export function daysOfWeek(week: Week, zone: string): DayRange {
  return { first: dayOf(week.start.getTime(), zone), last: dayOf(week.end.getTime() - 1, zone) };
}

/**
 * A day key moved by whole days (calendar arithmetic, no zone involved).
 * @example addDays('2026-11-01', -1) //=> "2026-10-31"
 */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Day lookups for a stream of instants: most land on the same day as the one before.
 */
export function createDayFinder(zone: string): (ms: number) => string {
  let last: { day: string; start: number; end: number } | undefined;
  return (ms) => {
    if (last && ms >= last.start && ms < last.end) return last.day;
    const day = dayOf(ms, zone);
    const local = new TZDate(ms, zone);
    const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), zone).getTime();
    const end = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, zone).getTime();
    last = { day, start, end };
    return day;
  };
}
