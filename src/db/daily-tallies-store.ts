import type { Db } from './open-database.js';

/** Reads counted tokens per person and day: the history the anomaly rule compares with. */
export function createDailyTalliesStore(db: Db) {
  const personDay = db
    .prepare<{ userId: string; day: string }, number>(
      'SELECT COALESCE(SUM(tokens), 0) FROM daily_tallies WHERE user_id = @userId AND day = @day',
    )
    .pluck();
  const sourceDay = db
    .prepare<{ userId: string; day: string; source: string }, number>(
      'SELECT COALESCE(SUM(tokens), 0) FROM daily_tallies WHERE user_id = @userId AND day = @day AND source = @source',
    )
    .pluck();
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
    dayTotal: (userId: string, day: string): number => personDay.get({ userId, day }) ?? 0,
    sourceDayTotal: (userId: string, day: string, source: string): number =>
      sourceDay.get({ userId, day, source }) ?? 0,
    /** The person's active days in [from, to) (day keys), one total each. */
    personDays: (userId: string, from: string, to: string): number[] => personDays.all({ userId, from, to }),
    /** Every person's active days in [from, to): the organisation's distribution. */
    orgDays: (from: string, to: string): number[] => orgDays.all({ from, to }),
  };
}

export type DailyTalliesStore = ReturnType<typeof createDailyTalliesStore>;
