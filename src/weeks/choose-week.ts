import { parseWeek } from './parse-week.js';
import type { Week } from './week.js';
import { previousWeek, weekOf } from './week-of.js';

/** Which week a request is about: `/leaderboard last`, `--week 2026-W47`, or none (this week). */
export type WeekChoice = { kind: 'current' } | { kind: 'last' } | { kind: 'named'; key: string };

/**
 * The week a choice means at `now`; undefined when a named week is not an ISO week key or
 * names a week its year does not have.
 * @example chooseWeek({ kind: 'last' }, new Date('2026-11-25T12:00:00Z'), 'UTC')?.key //=> "2026-W47"
 */
export function chooseWeek(choice: WeekChoice, now: Date, zone: string): Week | undefined {
  const current = weekOf(now, zone);
  if (choice.kind === 'current') return current;
  if (choice.kind === 'last') return previousWeek(current, zone);
  return parseWeek(choice.key, zone);
}
