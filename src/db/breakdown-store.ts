import type { Breakdown, BreakdownRow } from '../fair-play/breakdown.js';
import { type DayRange, dayNumber } from '../weeks/day-of.js';
import { STATE } from './event-sums.js';
import type { Db } from './open-database.js';

type PersonDays = DayRange & { userId: string };

/**
 * Where a person's weekly number came from: counted usage from the daily tallies (a few rows per
 * day), and what was held, voided or retried from the events the partial index keeps for it.
 */
export function createBreakdownStore(db: Db) {
  const grouped = (column: 'source' | 'model' | 'day') =>
    db.prepare<PersonDays, BreakdownRow>(`
      SELECT ${column} AS key, SUM(tokens) AS tokens, SUM(events) AS events FROM daily_tallies
      WHERE user_id = @userId AND day BETWEEN @first AND @last
      GROUP BY ${column} ORDER BY ${column === 'day' ? 'day' : 'tokens DESC, key'}`);
  const bySource = grouped('source');
  const byModel = grouped('model');
  const byDay = grouped('day');
  // The same condition as the partial index usage_events_unusual, so the query uses it.
  const unusual = db.prepare<
    { userId: string; first: number; last: number },
    { state: number; tokens: number; events: number; duplicates: number }
  >(`
    SELECT state, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events, SUM(duplicates) AS duplicates
    FROM usage_events
    WHERE user_id = @userId AND day BETWEEN @first AND @last AND (state != ${STATE.counted} OR duplicates > 0)
    GROUP BY state`);

  return {
    /** `days`: the week's days in WEEK_TIMEZONE (daysOfWeek). */
    explain(userId: string, days: DayRange): Breakdown {
      const rows = unusual.all({ userId, first: dayNumber(days.first), last: dayNumber(days.last) });
      const totals = (state: number) => {
        const row = rows.find((candidate) => candidate.state === state);
        return { tokens: row?.tokens ?? 0, events: row?.events ?? 0 };
      };
      return {
        bySource: bySource.all({ userId, ...days }),
        byModel: byModel.all({ userId, ...days }),
        byDay: byDay.all({ userId, ...days }),
        duplicatesDropped: rows.reduce((sum, row) => sum + row.duplicates, 0),
        held: totals(STATE.held),
        voided: totals(STATE.voided),
      };
    },
  };
}

export type BreakdownStore = ReturnType<typeof createBreakdownStore>;
