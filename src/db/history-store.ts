import type { ClosedWeekRecord } from '../game/hall-of-fame.js';
import type { ModelUsage } from '../game/token-cost.js';
import type { DayRange } from '../weeks/day-of.js';
import type { Db } from './open-database.js';

/** Reads across weeks: the crowns for the Hall of Fame, a person's weeks for trends, usage by model for costs. */
export function createHistoryStore(db: Db) {
  const crowns = db.prepare<[], { week: string; tokenLord: string | null; lordTokens: number | null }>(`
    SELECT c.week, c.token_lord AS tokenLord, f.tokens AS lordTokens
    FROM closed_weeks c LEFT JOIN final_rankings f ON f.week = c.week AND f.user_id = c.token_lord
    ORDER BY c.week`);
  const reachedPerWeek = db.prepare<[number], { week: string; people: number }>(
    'SELECT week, COUNT(*) AS people FROM final_rankings WHERE tokens >= ? GROUP BY week',
  );
  const personWeeks = db.prepare<{ userId: string; weeks: string }, { week: string; tokens: number }>(`
    SELECT week, tokens FROM weekly_tallies
    WHERE user_id = @userId AND week IN (SELECT value FROM json_each(@weeks))`);
  const reachedInWeeks = db.prepare<{ weeks: string; threshold: number }, { week: string; userId: string }>(`
    SELECT week, user_id AS userId FROM weekly_tallies
    WHERE week IN (SELECT value FROM json_each(@weeks)) AND tokens >= @threshold`);
  const weekTokens = db.prepare<[string], { userId: string; tokens: number }>(
    'SELECT user_id AS userId, tokens FROM weekly_tallies WHERE week = ?',
  );
  const usageColumns = `NULLIF(model, '') AS model, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
    SUM(cache_read_tokens) AS cacheReadTokens, SUM(cache_write_tokens) AS cacheWriteTokens, SUM(events) AS requests`;
  // A week's days in WEEK_TIMEZONE are [first, last], as the daily tallies name them.
  const personUsage = db.prepare<DayRange & { userId: string }, ModelUsage>(
    `SELECT ${usageColumns} FROM daily_tallies WHERE user_id = @userId AND day BETWEEN @first AND @last GROUP BY model`,
  );
  const weekUsage = db.prepare<DayRange, ModelUsage>(
    `SELECT ${usageColumns} FROM daily_tallies WHERE day BETWEEN @first AND @last GROUP BY model`,
  );

  return {
    /**
     * Every closed week with its Token Lord, their final tokens and the badges everyone earned
     * that week (one per threshold a final total reached), oldest first.
     */
    closedWeeks(thresholds: readonly number[]): ClosedWeekRecord[] {
      const badges = new Map<string, number>();
      for (const threshold of thresholds) {
        for (const row of reachedPerWeek.all(threshold)) badges.set(row.week, (badges.get(row.week) ?? 0) + row.people);
      }
      return crowns.all().map((row) => ({
        week: row.week,
        tokenLord: row.tokenLord ?? undefined,
        lordTokens: row.lordTokens ?? 0,
        badges: badges.get(row.week) ?? 0,
      }));
    },
    /** A person's tokens in each of the given weeks (0 for weeks without usage), in the order given. */
    personTokens(userId: string, weeks: readonly string[]): number[] {
      const found = new Map(
        personWeeks.all({ userId, weeks: JSON.stringify(weeks) }).map((row) => [row.week, row.tokens]),
      );
      return weeks.map((week) => found.get(week) ?? 0);
    },
    /** Who reached `threshold` in each of the given weeks. */
    reachedIn(weeks: readonly string[], threshold: number): Map<string, Set<string>> {
      const result = new Map<string, Set<string>>(weeks.map((week) => [week, new Set()]));
      for (const row of reachedInWeeks.all({ weeks: JSON.stringify(weeks), threshold })) {
        result.get(row.week)?.add(row.userId);
      }
      return result;
    },
    /** Everyone's tokens in a week. */
    weekTokens: (week: string): Map<string, number> =>
      new Map(weekTokens.all(week).map((row) => [row.userId, row.tokens])),
    /** A person's days by model (all people's when `userId` is undefined): a week's are daysOfWeek(week.key). */
    usageByModel: (days: DayRange, userId?: string): ModelUsage[] =>
      userId === undefined ? weekUsage.all(days) : personUsage.all({ ...days, userId }),
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
