import type { Clock } from '../clock.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { TalliesStore } from '../db/tallies-store.js';
import { type BoardPage, rankTallies, type Standing, standingOf } from '../leaderboard/rank-tallies.js';
import type { Tally } from '../leaderboard/tally.js';
import { chooseWeek, type WeekChoice } from '../weeks/choose-week.js';
import type { Week } from '../weeks/week.js';
import { previousWeek } from '../weeks/week-of.js';

/** One page of a week's board, ranked, with the week's totals. */
export function loadBoardPage(tallies: TalliesStore, week: Week, limit: number, offset = 0): BoardPage {
  const rows = tallies.top(week.key, limit, offset);
  const first = rows[0];
  const aboveFirst = offset > 0 && first ? tallies.countAbove(week.key, first.tokens) : 0;
  return { week, entries: rankTallies(rows, offset, aboveFirst), offset, totals: tallies.totals(week.key) };
}

/** Where a person stands in a week, with their tally, or undefined if they have no usage in it. */
export function loadStanding(
  tallies: TalliesStore,
  week: Week,
  userId: string,
): (Standing & { tally: Tally }) | undefined {
  const tally = tallies.tallyOf(week.key, userId);
  if (!tally) return undefined;
  const standing = standingOf(
    tally.tokens,
    tallies.countAbove(week.key, tally.tokens),
    tallies.nextHigherTotal(week.key, tally.tokens),
  );
  return { ...standing, tally };
}

export interface BoardsOptions {
  tallies: TalliesStore;
  crowns: CrownsStore;
  weekTimeZone: string;
  clock: Clock;
}

/** What every board shows, whoever renders it (Slack, App Home, the terminal). */
export function createBoards({ tallies, crowns, weekTimeZone: zone, clock }: BoardsOptions) {
  return {
    /** The week a request means, now; undefined for a week that does not exist. */
    chooseWeek: (choice: WeekChoice): Week | undefined => chooseWeek(choice, clock(), zone),
    page: (week: Week, limit: number, offset = 0): BoardPage => loadBoardPage(tallies, week, limit, offset),
    standing: (week: Week, userId: string) => loadStanding(tallies, week, userId),
    totals: (week: Week) => tallies.totals(week.key),
    /** Who holds the Token Lord title during a week: the crowned #1 of the week before. */
    tokenLordDuring: (week: Week): string | undefined => crowns.tokenLordOf(previousWeek(week, zone).key),
  };
}

export type Boards = ReturnType<typeof createBoards>;
