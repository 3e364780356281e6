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
 * A person's weeks and, for one week, their counted tokens per model (usage held for review or
 * voided is not theirs to show): what a person's page shows.
 */
export function createPersonHistoryStore(db: Db) {
  const weeks = db.prepare<{ userId: string; limit: number }, WeekTotal>(`
    SELECT week, tokens FROM (
      SELECT week, tokens FROM weekly_tallies WHERE user_id = @userId ORDER BY week DESC LIMIT @limit
    ) ORDER BY week`);
  const models = db.prepare<{ userId: string; week: string }, ModelTotal>(`
    SELECT model, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events
    FROM usage_events WHERE user_id = @userId AND week = @week AND state = 'counted'
    GROUP BY model ORDER BY tokens DESC, model`);
  return {
    /** The person's most recent weeks with usage (at most `limit`), oldest first. */
    weeksOf: (userId: string, limit: number): WeekTotal[] => weeks.all({ userId, limit }),
    modelsOf: (userId: string, week: string): ModelTotal[] => models.all({ userId, week }),
  };
}

export type PersonHistoryStore = ReturnType<typeof createPersonHistoryStore>;
