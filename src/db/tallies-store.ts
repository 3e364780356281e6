import type { Tally, WeekTotals } from '../leaderboard/tally.js';
import type { Db } from './open-database.js';

const TALLY_COLUMNS = 'user_id AS userId, tokens, input_tokens AS inputTokens, output_tokens AS outputTokens, events';

/** Reads weekly tallies; every query walks the (week, tokens DESC, user_id) index. */
export function createTalliesStore(db: Db) {
  const top = db.prepare<{ week: string; limit: number; offset: number }, Tally>(`
    SELECT ${TALLY_COLUMNS} FROM weekly_tallies WHERE week = @week
    ORDER BY tokens DESC, user_id LIMIT @limit OFFSET @offset`);
  const one = db.prepare<{ week: string; userId: string }, Tally>(
    `SELECT ${TALLY_COLUMNS} FROM weekly_tallies WHERE week = @week AND user_id = @userId`,
  );
  const above = db
    .prepare<{ week: string; tokens: number }, number>(
      'SELECT COUNT(*) FROM weekly_tallies WHERE week = @week AND tokens > @tokens',
    )
    .pluck();
  const nextHigher = db
    .prepare<{ week: string; tokens: number }, number | null>(
      'SELECT MIN(tokens) FROM weekly_tallies WHERE week = @week AND tokens > @tokens',
    )
    .pluck();
  const totals = db.prepare<{ week: string }, WeekTotals>(`
    SELECT COALESCE(SUM(tokens), 0) AS tokens, COUNT(*) AS people, COALESCE(SUM(events), 0) AS events
    FROM weekly_tallies WHERE week = @week`);

  // Driven from the asked-for IDs, so each rank is one index lookup and one index count.
  const ranks = db.prepare<{ week: string; ids: string }, { userId: string; rank: number }>(`
    SELECT t.user_id AS userId,
      (SELECT COUNT(*) FROM weekly_tallies a WHERE a.week = t.week AND a.tokens > t.tokens) + 1 AS rank
    FROM json_each(@ids) AS asked CROSS JOIN weekly_tallies AS t
    WHERE t.week = @week AND t.user_id = asked.value`);

  return {
    /** The ranks of the given people in a week, in one query; people with no usage in it are left out. */
    ranksOf: (week: string, userIds: readonly string[]): Map<string, number> =>
      new Map(ranks.all({ week, ids: JSON.stringify(userIds) }).map((row) => [row.userId, row.rank])),
    /** A page of the week's board, highest first, ties by user ID. */
    top: (week: string, limit: number, offset = 0): Tally[] => top.all({ week, limit, offset }),
    tallyOf: (week: string, userId: string): Tally | undefined => one.get({ week, userId }),
    /** How many people have strictly more tokens: the rank is this plus one. */
    countAbove: (week: string, tokens: number): number => above.get({ week, tokens }) ?? 0,
    /** The smallest total above the given one: the next place to reach. */
    nextHigherTotal: (week: string, tokens: number): number | undefined =>
      nextHigher.get({ week, tokens }) ?? undefined,
    totals: (week: string): WeekTotals => totals.get({ week }) ?? { tokens: 0, people: 0, events: 0 },
  };
}

export type TalliesStore = ReturnType<typeof createTalliesStore>;
