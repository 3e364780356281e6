import type { Db } from './open-database.js';

export interface TallyRow {
  userId: string;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  events: number;
}

export interface WeekTotals {
  tokens: number;
  people: number;
  events: number;
}

const TALLY_COLUMNS = 'user_id AS userId, tokens, input_tokens AS inputTokens, output_tokens AS outputTokens, events';

/** Reads weekly tallies; every query walks the (week, tokens DESC, user_id) index. */
export function createTalliesStore(db: Db) {
  const top = db.prepare<{ week: string; limit: number; offset: number }, TallyRow>(`
    SELECT ${TALLY_COLUMNS} FROM weekly_tallies WHERE week = @week
    ORDER BY tokens DESC, user_id LIMIT @limit OFFSET @offset`);
  const one = db.prepare<{ week: string; userId: string }, TallyRow>(
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

  return {
    /** A page of the week's board, highest first, ties by user ID. */
    top: (week: string, limit: number, offset = 0): TallyRow[] => top.all({ week, limit, offset }),
    tallyOf: (week: string, userId: string): TallyRow | undefined => one.get({ week, userId }),
    /** How many people have strictly more tokens: the rank is this plus one. */
    countAbove: (week: string, tokens: number): number => above.get({ week, tokens }) ?? 0,
    /** The smallest total above the given one: the next place to reach. */
    nextHigherTotal: (week: string, tokens: number): number | undefined =>
      nextHigher.get({ week, tokens }) ?? undefined,
    totals: (week: string): WeekTotals => totals.get({ week }) ?? { tokens: 0, people: 0, events: 0 },
  };
}

export type TalliesStore = ReturnType<typeof createTalliesStore>;
