import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Week } from './week.js';

/**
 * The week's days as people read them, in its zone.
 * @example formatWeekDates(week, 'UTC') //=> "Mon 23 Nov – Sun 29 Nov 2026"
 */
export function formatWeekDates(week: Week, zone: string): string {
  const first = new TZDate(week.start.getTime(), zone);
  const last = new TZDate(week.end.getTime() - 1, zone);
  return `${format(first, 'EEE d MMM')} – ${format(last, 'EEE d MMM yyyy')}`;
}
