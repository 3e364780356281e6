import { TZDate } from '@date-fns/tz';
import { weekOf } from './week-of.js';

/**
 * The first instant whose raw usage events are kept: Monday 00:00 (in `zone`) of the week
 * holding `now`, less `weeks` whole weeks, so this week and the `weeks` before it are kept.
 * Undefined when `weeks` is 0: raw events are kept forever. Intake refuses events before it,
 * the pull connectors read nothing before it, and the purge deletes what falls behind it.
 * @example retentionCutoff(new Date('2026-11-26T12:00:00Z'), 26, 'UTC')?.toISOString() //=> "2026-05-25T00:00:00.000Z"
 */
export function retentionCutoff(now: Date, weeks: number, zone: string): Date | undefined {
  if (weeks === 0) return undefined;
  const monday = new TZDate(weekOf(now, zone).start.getTime(), zone);
  // Midday of the Monday `weeks` earlier, then its week's start: the same boundary weekOf draws,
  // whatever daylight-saving change lies between (calendar days, not 7 × 24 hours).
  const earlier = new TZDate(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 * weeks, 12, zone);
  return weekOf(earlier, zone).start;
}
