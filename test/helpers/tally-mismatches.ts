import type Database from 'better-sqlite3';

export interface TallyMismatch {
  week: string;
  userId: string;
  eventTokens: number | null;
  eventCount: number | null;
  tallyTokens: number | null;
  tallyEvents: number | null;
}

/**
 * Every (week, person) whose stored tally differs from the sum of their attributed, counted
 * events (held and voided usage counts for nothing), or exists on one side only: the invariant
 * "tallies equal the events", checked with SQL.
 */
export function tallyMismatches(db: Database.Database): TallyMismatch[] {
  return db
    .prepare<[], TallyMismatch>(`
      SELECT week, user_id AS userId, sums.tokens AS eventTokens, sums.events AS eventCount,
             tallies.tokens AS tallyTokens, tallies.events AS tallyEvents
      FROM (
        SELECT week, user_id, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events
        FROM usage_events WHERE user_id IS NOT NULL AND state = 'counted' GROUP BY week, user_id
      ) AS sums
      FULL OUTER JOIN weekly_tallies AS tallies USING (week, user_id)
      WHERE sums.tokens IS NOT tallies.tokens OR sums.events IS NOT tallies.events`)
    .all();
}
