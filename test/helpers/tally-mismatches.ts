import type Database from 'better-sqlite3';

export interface TallyMismatch {
  week: string;
  userId: string;
  eventTokens: number | null;
  eventCount: number | null;
  tallyTokens: number | null;
  tallyEvents: number | null;
}

const EVENT_SUMS = `
  SELECT week, user_id, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events
  FROM usage_events WHERE user_id IS NOT NULL GROUP BY week, user_id`;

/**
 * Every (week, person) whose stored tally, or whose sums by model, differ from the sum of their
 * attributed events, or exist on one side only: the invariant "tallies equal the events",
 * checked with SQL.
 */
export function tallyMismatches(db: Database.Database): TallyMismatch[] {
  const against = (table: string) =>
    db
      .prepare<[], TallyMismatch>(`
        SELECT week, user_id AS userId, sums.tokens AS eventTokens, sums.events AS eventCount,
               tallies.tokens AS tallyTokens, tallies.events AS tallyEvents
        FROM (${EVENT_SUMS}) AS sums
        FULL OUTER JOIN (${table}) AS tallies USING (week, user_id)
        WHERE sums.tokens IS NOT tallies.tokens OR sums.events IS NOT tallies.events`)
      .all();
  return [
    ...against('SELECT week, user_id, tokens, events FROM weekly_tallies'),
    ...against(`SELECT week, user_id, SUM(input_tokens + output_tokens) AS tokens, SUM(events) AS events
                FROM weekly_model_usage GROUP BY week, user_id`),
  ];
}
