import type { Db } from './open-database.js';

/** Reads counted tokens per person and day: the history the anomaly rule compares with. */
export function createDailyTalliesStore(db: Db) {
  // One read of the person's day rows (one per source and model) for both totals.
  const dayTotals = db.prepare<{ userId: string; day: string; source: string }, { day: number; source: number }>(`
    SELECT COALESCE(SUM(tokens), 0) AS day, COALESCE(SUM(CASE WHEN source = @source THEN tokens END), 0) AS source
    FROM daily_tallies WHERE user_id = @userId AND day = @day`);
  const personDays = db
    .prepare<{ userId: string; from: string; to: string }, number>(`
      SELECT SUM(tokens) FROM daily_tallies WHERE user_id = @userId AND day >= @from AND day < @to
      GROUP BY day HAVING SUM(tokens) > 0`)
    .pluck();
  const orgDays = db
    .prepare<{ from: string; to: string }, number>(`
      SELECT SUM(tokens) FROM daily_tallies WHERE day >= @from AND day < @to
      GROUP BY user_id, day HAVING SUM(tokens) > 0`)
    .pluck();

  return {
    /** The person's counted tokens of a day, in all and from one source. */
    dayTotals: (userId: string, day: string, source: string): { day: number; source: number } =>
      dayTotals.get({ userId, day, source }) ?? { day: 0, source: 0 },
    /** The person's active days in [from, to) (day keys), one total each. */
    personDays: (userId: string, from: string, to: string): number[] => personDays.all({ userId, from, to }),
    /** Every person's active days in [from, to): the organisation's distribution. */
    orgDays: (from: string, to: string): number[] => orgDays.all({ from, to }),
  };
}

export type DailyTalliesStore = ReturnType<typeof createDailyTalliesStore>;
