import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

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

const MS_PER_DAY = 86_400_000;

/**
 * A day key as a number: days since 1970-01-01 (how events store their day, in two bytes).
 * @example dayNumber('2026-11-26') //=> 20783
 */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

/**
 * The day key of a day number.
 * @example dayKey(20783) //=> "2026-11-26"
 */
export function dayKey(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The calendar days of a week, Monday to Sunday, from its ISO key: the days it spans in its zone
 * (WEEK_TIMEZONE), which are the same dates whatever the zone.
 * @example daysOfWeek('2026-W48') //=> { first: "2026-11-23", last: "2026-11-29" }
 */
export function daysOfWeek(key: string): DayRange {
  const match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!match) throw new Error(`"${key}" is not a week key like 2026-W48`);
  // 4 January is always in week 1; its Monday starts the ISO year.
  const fourth = new Date(Date.UTC(Number(match[1]), 0, 4));
  const monday = dayNumber(fourth.toISOString().slice(0, 10)) - ((fourth.getUTCDay() + 6) % 7);
  const first = monday + 7 * (Number(match[2]) - 1);
  return { first: dayKey(first), last: dayKey(first + 6) };
}
