import type Database from 'better-sqlite3';

/** A tally that differs from the counted events it sums, or exists on one side only. */
export interface TallyMismatch {
  /** "weekly" (a person's week) or "daily" (a person's day from one source and model) */
  tally: 'weekly' | 'daily';
  key: string;
  events: Record<string, number | null>;
  stored: Record<string, number | null>;
}

// Held and voided usage counts for nothing; only attributed, counted events are summed.
const COUNTED = "FROM usage_events_named WHERE user_id IS NOT NULL AND state = 'counted'";

/** Tallies of days before `fromDay` (YYYY-MM-DD) are not checked: their events were purged. */
export interface MismatchOptions {
  fromDay?: string;
}

/**
 * The invariant "tallies equal the events", checked with SQL: every person's week in
 * weekly_tallies, and every person's day per source and model in daily_tallies (tokens, events,
 * input, output, cache and reasoning tokens), against the counted events they sum.
 */
export function tallyMismatches(db: Database.Database, options: MismatchOptions = {}): TallyMismatch[] {
  const fromDay = options.fromDay ?? '0000-01-01';
  const fromWeek = db.prepare<[string], string>("SELECT strftime('%G-W%V', ?)").pluck().get(fromDay) ?? '';
  const weekly = db
    .prepare<[string], { week: string; userId: string; eT: number; eE: number; tT: number; tE: number }>(`
      SELECT week, user_id AS userId, sums.tokens AS eT, sums.events AS eE, t.tokens AS tT, t.events AS tE
      FROM (SELECT week, user_id, SUM(input_tokens + output_tokens) AS tokens, COUNT(*) AS events ${COUNTED}
            GROUP BY week, user_id) AS sums
      FULL OUTER JOIN weekly_tallies AS t USING (week, user_id)
      WHERE (sums.tokens IS NOT t.tokens OR sums.events IS NOT t.events) AND week >= ?`)
    .all(fromWeek)
    .map((row) => ({
      tally: 'weekly' as const,
      key: `${row.week} ${row.userId}`,
      events: { tokens: row.eT, events: row.eE },
      stored: { tokens: row.tT, events: row.tE },
    }));
  const columns = [
    'tokens',
    'events',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_write_tokens',
    'reasoning_tokens',
  ];
  const daily = db
    .prepare<[string], Record<string, string | number | null>>(`
      SELECT user_id, day, source, model, ${columns.map((c) => `sums.${c} AS e_${c}, d.${c} AS d_${c}`).join(', ')}
      FROM (SELECT user_id, day, source, COALESCE(model, '') AS model, SUM(input_tokens + output_tokens) AS tokens,
              COUNT(*) AS events, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
              COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens,
              COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens,
              COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens ${COUNTED}
            GROUP BY user_id, day, source, COALESCE(model, '')) AS sums
      FULL OUTER JOIN daily_tallies AS d USING (user_id, day, source, model)
      WHERE (${columns.map((c) => `sums.${c} IS NOT d.${c}`).join(' OR ')}) AND day >= ?`)
    .all(fromDay)
    .map((row) => ({
      tally: 'daily' as const,
      key: `${row.day} ${row.user_id} ${row.source} ${row.model}`,
      events: Object.fromEntries(columns.map((c) => [c, row[`e_${c}`] as number | null])),
      stored: Object.fromEntries(columns.map((c) => [c, row[`d_${c}`] as number | null])),
    }));
  return [...weekly, ...daily];
}
