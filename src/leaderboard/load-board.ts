import type { TalliesStore, TallyRow, WeekTotals } from '../db/tallies-store.js';
import type { Week } from '../weeks/week.js';
import { type RankedEntry, rankTallies, type Standing, standingOf } from './rank-tallies.js';

export interface BoardPage {
  week: Week;
  entries: RankedEntry[];
  /** index of the first entry in the whole board */
  offset: number;
  totals: WeekTotals;
}

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
): (Standing & { tally: TallyRow }) | undefined {
  const tally = tallies.tallyOf(week.key, userId);
  if (!tally) return undefined;
  const standing = standingOf(
    tally.tokens,
    tallies.countAbove(week.key, tally.tokens),
    tallies.nextHigherTotal(week.key, tally.tokens),
  );
  return { ...standing, tally };
}
