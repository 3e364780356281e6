import { describe, expect, it } from 'vitest';
import { rankTallies, standingOf } from '../../../src/leaderboard/rank-tallies.js';

const row = (userId: string, tokens: number) => ({ userId, tokens, inputTokens: tokens, outputTokens: 0, events: 1 });

describe('rankTallies', () => {
  it('gives equal totals the same rank and skips the places they take', () => {
    const ranked = rankTallies([row('A', 9), row('B', 5), row('C', 5), row('D', 1)]);
    expect(ranked.map((entry) => [entry.userId, entry.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
    ]);
  });

  it('ranks a later page from its offset and the people above its first row', () => {
    // Page 2 starts at index 10, and its first row ties with two people on page 1.
    const ranked = rankTallies([row('K', 50), row('L', 50), row('M', 40)], 10, 8);
    expect(ranked.map((entry) => entry.rank)).toEqual([9, 9, 13]);
  });
});

describe('standingOf', () => {
  it('says the rank and how many tokens pass the next person up', () => {
    expect(standingOf(900, 2, 1000)).toEqual({ rank: 3, tokens: 900, tokensToNextPlace: 101 });
  });

  it('has no next place at the top', () => {
    expect(standingOf(5000, 0, undefined)).toEqual({ rank: 1, tokens: 5000, tokensToNextPlace: undefined });
  });
});
