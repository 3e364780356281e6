import type { Week } from '../weeks/week.js';
import type { Tally, WeekTotals } from './tally.js';

export interface RankedEntry extends Tally {
  /** competition rank: equal totals share a rank ("1, 2, 2, 4") */
  rank: number;
}

/**
 * Ranks a page of tallies already ordered by tokens (highest first, ties by user ID).
 * `aboveFirst` is how many people outside the page have more tokens than its first row.
 * @example rankTallies([{tokens: 9}, {tokens: 5}, {tokens: 5}, {tokens: 1}]).map(e => e.rank) //=> [1, 2, 2, 4]
 */
export function rankTallies(rows: Tally[], offset = 0, aboveFirst = offset): RankedEntry[] {
  const ranked: RankedEntry[] = [];
  rows.forEach((row, index) => {
    const previous = ranked[index - 1];
    const rank = !previous ? aboveFirst + 1 : previous.tokens === row.tokens ? previous.rank : offset + index + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
}

export interface Standing {
  rank: number;
  tokens: number;
  /** tokens needed to pass the next person up; undefined at the top */
  tokensToNextPlace: number | undefined;
}

/**
 * Where one person stands, from their total, how many are above and the next total up.
 * @example standingOf(900, 2, 1000) //=> { rank: 3, tokens: 900, tokensToNextPlace: 101 }
 */
export function standingOf(tokens: number, countAbove: number, nextHigherTotal: number | undefined): Standing {
  return {
    rank: countAbove + 1,
    tokens,
    tokensToNextPlace: nextHigherTotal === undefined ? undefined : nextHigherTotal - tokens + 1,
  };
}

/** One page of a week's board, ranked, with the week's totals. */
export interface BoardPage {
  week: Week;
  entries: RankedEntry[];
  /** index of the first entry in the whole board */
  offset: number;
  totals: WeekTotals;
}
