import type { Tally, WeekTotals } from '../leaderboard/tally.js';
import type { Db } from './open-database.js';

/** A person's rank in a week, and their place in its board's order (ties broken by user ID). */
export interface RankRow {
  userId: string;
  rank: number;
  position: number;
}

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

  // One pass over the week's index ranks everyone; only the first rows and the asked-for people are returned.
  const ranks = db.prepare<{ week: string; ids: string; positions: number }, RankRow>(`
    SELECT userId, rank, position FROM (
      SELECT user_id AS userId, RANK() OVER (ORDER BY tokens DESC) AS rank,
        ROW_NUMBER() OVER (ORDER BY tokens DESC, user_id) AS position
      FROM weekly_tallies WHERE week = @week)
    WHERE position <= @positions OR userId IN (SELECT value FROM json_each(@ids))`);

  return {
    /**
     * The first `positions` people of a week's board and the given people, each with their
     * rank: what the winners post compares with the week before.
     */
    ranks: (week: string, userIds: readonly string[], positions: number): RankRow[] =>
      ranks.all({ week, ids: JSON.stringify(userIds), positions }),
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
