import type { WeekTotals } from '../leaderboard/tally.js';
import type { Db } from './open-database.js';
import { namedCondition } from './tallies-store.js';

/** A closed week with its Token Lord's final total. */
export interface CrownedWeek {
  week: string;
  /** undefined for a quiet week */
  tokenLord: string | undefined;
  lordTokens: number;
  tokens: number;
  people: number;
}

/** Closed weeks, their Token Lords and final rankings (of the people the board names). */
export function createCrownsStore(db: Db, optIn = false) {
  const close = db.prepare<{ week: string; now: number; tokenLord: string | null } & WeekTotals>(`
    INSERT INTO closed_weeks (week, closed_at, token_lord, tokens, people, events)
    VALUES (@week, @now, @tokenLord, @tokens, @people, @events)
    ON CONFLICT (week) DO NOTHING`);
  const snapshot = db.prepare<{ week: string }>(`
    INSERT INTO final_rankings (week, user_id, rank, tokens)
    SELECT week, user_id, RANK() OVER (ORDER BY tokens DESC), tokens FROM weekly_tallies AS t
    WHERE week = @week AND ${namedCondition(optIn)}`);
  const isClosed = db.prepare<[string], 1>('SELECT 1 FROM closed_weeks WHERE week = ?').pluck();
  const tokenLord = db.prepare<[string], string | null>('SELECT token_lord FROM closed_weeks WHERE week = ?').pluck();
  const anyClosed = db.prepare<[], 1>('SELECT 1 FROM closed_weeks LIMIT 1').pluck();
  const history = db.prepare<{ limit: number }, Omit<CrownedWeek, 'tokenLord'> & { tokenLord: string | null }>(`
    SELECT c.week, c.token_lord AS tokenLord, COALESCE(f.tokens, 0) AS lordTokens, c.tokens, c.people
    FROM closed_weeks c LEFT JOIN final_rankings f ON f.week = c.week AND f.user_id = c.token_lord
    ORDER BY c.week DESC LIMIT @limit`);
  const crownsOf = db
    .prepare<[string], string>('SELECT week FROM closed_weeks WHERE token_lord = ? ORDER BY week')
    .pluck();

  return {
    /** Records a week as closed; false if it already was. Call inside the crown's transaction. */
    close(week: string, now: number, tokenLord: string | undefined, totals: WeekTotals): boolean {
      return close.run({ week, now, tokenLord: tokenLord ?? null, ...totals }).changes === 1;
    },
    /** Stores the week's ranking as it stands. Call in the same transaction as close. */
    snapshotRanking: (week: string): void => {
      snapshot.run({ week });
    },
    isClosed: (week: string): boolean => isClosed.get(week) === 1,
    tokenLordOf: (week: string): string | undefined => tokenLord.get(week) ?? undefined,
    anyClosed: (): boolean => anyClosed.get() === 1,
    /** The most recent closed weeks, newest first. */
    history: (limit: number): CrownedWeek[] =>
      history.all({ limit }).map((row) => ({ ...row, tokenLord: row.tokenLord ?? undefined })),
    /** The weeks a person was crowned Token Lord for, oldest first. */
    crownsOf: (userId: string): string[] => crownsOf.all(userId),
  };
}

export type CrownsStore = ReturnType<typeof createCrownsStore>;
