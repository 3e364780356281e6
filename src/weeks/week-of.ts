import { TZDate } from '@date-fns/tz';
// One module each: the package's index would load all of date-fns (some 300 modules) at start.
import { addWeeks } from 'date-fns/addWeeks';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import type { Week } from './week.js';

function formatWeekKey(year: number, week: number): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The week an instant falls in, in the given IANA zone.
 * @example weekOf(new Date('2026-11-29T23:59:59Z'), 'UTC').key //=> "2026-W48"
 */
export function weekOf(instant: Date, zone: string): Week {
  const local = new TZDate(instant.getTime(), zone);
  const start = startOfISOWeek(local);
  const end = addWeeks(start, 1);
  return {
    key: formatWeekKey(getISOWeekYear(local), getISOWeek(local)),
    start: new Date(start.getTime()),
    end: new Date(end.getTime()),
  };
}

/** The week before the given one. */
export function previousWeek(week: Week, zone: string): Week {
  return weekOf(new Date(week.start.getTime() - 1), zone);
}

/** The week after the given one. */
export function nextWeek(week: Week, zone: string): Week {
  return weekOf(week.end, zone);
}

/**
 * Week lookups for a stream of instants (ms since the epoch): most land in the same week as the one before,
 * so the last answer is kept and reused while it still applies.
 */
export function createWeekFinder(zone: string): (ms: number) => Week {
  let last: { week: Week; start: number; end: number } | undefined;
  return (ms) => {
    if (last && ms >= last.start && ms < last.end) return last.week;
    const week = weekOf(new Date(ms), zone);
    last = { week, start: week.start.getTime(), end: week.end.getTime() };
    return week;
  };
}
