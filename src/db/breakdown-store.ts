import type { Breakdown, BreakdownRow } from '../fair-play/breakdown.js';
import type { Db } from './open-database.js';

interface PersonDays {
  userId: string;
  /** first day of the week (YYYY-MM-DD, in WEEK_TIMEZONE) */
  from: string;
  /** first day of the next week */
  to: string;
}

/**
 * Where a person's weekly number came from: counted usage from the daily tallies (a few rows per
 * day), and what was held, voided or retried from the events the partial index keeps for it.
 */
export function createBreakdownStore(db: Db) {
  const grouped = (column: 'source' | 'model' | 'day') =>
    db.prepare<PersonDays, BreakdownRow>(`
      SELECT ${column} AS key, SUM(tokens) AS tokens, SUM(events) AS events FROM daily_tallies
      WHERE user_id = @userId AND day >= @from AND day < @to
      GROUP BY ${column} ORDER BY ${column === 'day' ? 'day' : 'tokens DESC, key'}`);
  const bySource = grouped('source');
  const byModel = grouped('model');
  const byDay = grouped('day');
  // The same condition as the partial index usage_events_unusual, so the query uses it.
  const unusual = db.prepare<
    { userId: string; week: string },
    { state: string; tokens: number; events: number; duplicates: number }
  >(`
    SELECT state, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events, SUM(duplicates) AS duplicates
    FROM usage_events WHERE user_id = @userId AND week = @week AND (state != 'counted' OR duplicates > 0)
    GROUP BY state`);

  return {
    explain(userId: string, week: { key: string; fromDay: string; toDay: string }): Breakdown {
      const days = { userId, from: week.fromDay, to: week.toDay };
      const rows = unusual.all({ userId, week: week.key });
      const totals = (state: string) => {
        const row = rows.find((candidate) => candidate.state === state);
        return { tokens: row?.tokens ?? 0, events: row?.events ?? 0 };
      };
      return {
        bySource: bySource.all(days),
        byModel: byModel.all(days),
        byDay: byDay.all(days),
        duplicatesDropped: rows.reduce((sum, row) => sum + row.duplicates, 0),
        held: totals('held'),
        voided: totals('voided'),
      };
    },
  };
}

export type BreakdownStore = ReturnType<typeof createBreakdownStore>;
