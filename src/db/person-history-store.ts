import type { DayRange } from '../weeks/day-of.js';
import type { Db } from './open-database.js';

export interface WeekTotal {
  week: string;
  tokens: number;
}

export interface ModelTotal {
  /** null for events that named no model */
  model: string | null;
  tokens: number;
  events: number;
}

/**
 * A person's weeks and, for one week, their counted tokens per model from the daily tallies
 * (usage held for review or voided is in neither): what a person's page shows.
 */
export function createPersonHistoryStore(db: Db) {
  const weeks = db.prepare<{ userId: string; limit: number }, WeekTotal>(`
    SELECT week, tokens FROM (
      SELECT week, tokens FROM weekly_tallies WHERE user_id = @userId ORDER BY week DESC LIMIT @limit
    ) ORDER BY week`);
  const models = db.prepare<DayRange & { userId: string }, ModelTotal>(`
    SELECT NULLIF(model, '') AS model, SUM(tokens) AS tokens, SUM(events) AS events
    FROM daily_tallies WHERE user_id = @userId AND day BETWEEN @first AND @last
    GROUP BY model ORDER BY tokens DESC, model`);
  return {
    /** The person's most recent weeks with usage (at most `limit`), oldest first. */
    weeksOf: (userId: string, limit: number): WeekTotal[] => weeks.all({ userId, limit }),
    /** Counted tokens per model over a week's days (daysOfWeek). */
    modelsOf: (userId: string, days: DayRange): ModelTotal[] => models.all({ userId, ...days }),
  };
}

export type PersonHistoryStore = ReturnType<typeof createPersonHistoryStore>;
