import type { Tally, WeekTotals } from '../leaderboard/tally.js';
import type { Db } from './open-database.js';

const TALLY_COLUMNS =
  't.user_id AS userId, t.tokens, t.input_tokens AS inputTokens, t.output_tokens AS outputTokens, t.events';

/**
 * SQL condition on `<alias>.user_id`: only people who may be named take places on a board
 * (everyone counts in the totals). In opt-in mode that is those who joined, else all but the hidden.
 */
export function namedCondition(optIn: boolean, alias = 't'): string {
  return optIn
    ? `EXISTS (SELECT 1 FROM people_visibility AS v WHERE v.user_id = ${alias}.user_id AND v.visible = 1)`
    : `NOT EXISTS (SELECT 1 FROM people_visibility AS v WHERE v.user_id = ${alias}.user_id AND v.visible = 0)`;
}

/**
 * Reads weekly tallies; every query walks the (week, tokens DESC, user_id) index. Ranks are
 * among the people shared surfaces may name (see people-store); `optIn` names only those who
 * joined.
 */
export function createTalliesStore(db: Db, optIn = false) {
  const isNamed = namedCondition(optIn);
  const top = db.prepare<{ week: string; limit: number; offset: number }, Tally>(`
    SELECT ${TALLY_COLUMNS} FROM weekly_tallies AS t WHERE t.week = @week AND ${isNamed}
    ORDER BY t.tokens DESC, t.user_id LIMIT @limit OFFSET @offset`);
  const one = db.prepare<{ week: string; userId: string }, Tally>(
    `SELECT ${TALLY_COLUMNS} FROM weekly_tallies AS t WHERE t.week = @week AND t.user_id = @userId`,
  );
  const above = db
    .prepare<{ week: string; tokens: number }, number>(
      `SELECT COUNT(*) FROM weekly_tallies AS t WHERE t.week = @week AND t.tokens > @tokens AND ${isNamed}`,
    )
    .pluck();
  const nextHigher = db
    .prepare<{ week: string; tokens: number }, number | null>(
      `SELECT MIN(t.tokens) FROM weekly_tallies AS t WHERE t.week = @week AND t.tokens > @tokens AND ${isNamed}`,
    )
    .pluck();
  const named = db
    .prepare<{ week: string }, number>(`SELECT COUNT(*) FROM weekly_tallies AS t WHERE t.week = @week AND ${isNamed}`)
    .pluck();
  const totals = db.prepare<{ week: string }, WeekTotals>(`
    SELECT COALESCE(SUM(tokens), 0) AS tokens, COUNT(*) AS people, COALESCE(SUM(events), 0) AS events
    FROM weekly_tallies WHERE week = @week`);

  // Driven from the asked-for IDs, so each rank is one index lookup and one index count.
  const ranks = db.prepare<{ week: string; ids: string }, { userId: string; rank: number }>(`
    SELECT t.user_id AS userId,
      (SELECT COUNT(*) FROM weekly_tallies a WHERE a.week = t.week AND a.tokens > t.tokens AND ${namedCondition(optIn, 'a')}) + 1 AS rank
    FROM json_each(@ids) AS asked CROSS JOIN weekly_tallies AS t
    WHERE t.week = @week AND t.user_id = asked.value`);

  return {
    /** The ranks (among named people) of the given people in a week; people with no usage in it are left out. */
    ranksOf: (week: string, userIds: readonly string[]): Map<string, number> =>
      new Map(ranks.all({ week, ids: JSON.stringify(userIds) }).map((row) => [row.userId, row.rank])),
    /** A page of the week's board, highest first, ties by user ID. */
    top: (week: string, limit: number, offset = 0): Tally[] => top.all({ week, limit, offset }),
    tallyOf: (week: string, userId: string): Tally | undefined => one.get({ week, userId }),
    /** How many named people have strictly more tokens: the rank is this plus one. */
    countAbove: (week: string, tokens: number): number => above.get({ week, tokens }) ?? 0,
    /** The smallest total above the given one: the next place to reach. */
    nextHigherTotal: (week: string, tokens: number): number | undefined =>
      nextHigher.get({ week, tokens }) ?? undefined,
    /** How many people with usage in the week the board may name. */
    namedPeople: (week: string): number => named.get({ week }) ?? 0,
    totals: (week: string): WeekTotals => totals.get({ week }) ?? { tokens: 0, people: 0, events: 0 },
  };
}

export type TalliesStore = ReturnType<typeof createTalliesStore>;
