import type { Breakdown, BreakdownRow } from '../fair-play/breakdown.js';
import type { Db } from './open-database.js';

/** Reads a person's week from their events (the person-week index), split every way it is explained. */
export function createBreakdownStore(db: Db) {
  const grouped = (column: string) =>
    db.prepare<{ userId: string; week: string }, BreakdownRow>(`
      SELECT COALESCE(${column}, '') AS key, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events
      FROM usage_events WHERE user_id = @userId AND week = @week AND state = 'counted'
      GROUP BY ${column} ORDER BY ${column === 'day' ? 'day' : 'tokens DESC'}`);
  const bySource = grouped('source');
  const byModel = grouped('model');
  const byDay = grouped('day');
  const states = db.prepare<
    { userId: string; week: string },
    { state: string; tokens: number; events: number; duplicates: number }
  >(`
    SELECT state, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events, SUM(duplicates) AS duplicates
    FROM usage_events WHERE user_id = @userId AND week = @week GROUP BY state`);

  return {
    explain(userId: string, week: string): Breakdown {
      const params = { userId, week };
      const byState = new Map(states.all(params).map((row) => [row.state, row]));
      const totals = (state: string) => ({
        tokens: byState.get(state)?.tokens ?? 0,
        events: byState.get(state)?.events ?? 0,
      });
      return {
        bySource: bySource.all(params),
        byModel: byModel.all(params),
        byDay: byDay.all(params),
        duplicatesDropped: [...byState.values()].reduce((sum, row) => sum + row.duplicates, 0),
        held: totals('held'),
        voided: totals('voided'),
      };
    },
  };
}

export type BreakdownStore = ReturnType<typeof createBreakdownStore>;
