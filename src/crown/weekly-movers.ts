import { TOP } from '../leaderboard/tally.js';

export interface RankedPerson {
  userId: string;
  rank: number;
}

export interface Climb {
  userId: string;
  from: number;
  to: number;
}

/**
 * Who in this week's top climbed the most places since last week (people new to the board
 * have no place to climb from). Ties go to the higher finisher.
 * @example biggestClimber([{ userId: 'A', rank: 1 }, { userId: 'B', rank: 2 }], new Map([['A', 2], ['B', 9]])) //=> { userId: 'B', from: 9, to: 2 }
 */
export function biggestClimber(top: RankedPerson[], previousRanks: ReadonlyMap<string, number>): Climb | undefined {
  let best: Climb | undefined;
  for (const person of top) {
    const from = previousRanks.get(person.userId);
    if (from === undefined || from <= person.rank) continue;
    if (!best || from - person.rank > best.from - best.to) best = { userId: person.userId, from, to: person.rank };
  }
  return best;
}

/** This week's top people who were not in last week's top, in this week's order. */
export function newcomersToTop(top: RankedPerson[], previousTop: ReadonlySet<string>, size = TOP): string[] {
  return top.filter((person) => person.rank <= size && !previousTop.has(person.userId)).map((person) => person.userId);
}
