import { TZDate } from '@date-fns/tz';
import { addWeeks } from 'date-fns/addWeeks';
import type { Week } from './week.js';
import { weekOf } from './week-of.js';

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/**
 * The week named by an ISO week key such as "2026-W47", or undefined when the text is not
 * one or names a week the year does not have (W53 exists only in some years).
 * @example parseWeek('2026-W48', 'UTC')?.start.toISOString() //=> "2026-11-23T00:00:00.000Z"
 */
export function parseWeek(text: string, zone: string): Week | undefined {
  const match = WEEK_KEY.exec(text.trim().toUpperCase());
  if (!match) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return undefined;
  // 4 January is always in ISO week 1; midday keeps clear of any midnight DST jump.
  const week = weekOf(addWeeks(new TZDate(year, 0, 4, 12, zone), number - 1), zone);
  return week.key === `${match[1]}-W${match[2]}` ? week : undefined;
}
