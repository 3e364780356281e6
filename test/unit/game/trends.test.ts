import { describe, expect, it } from 'vitest';
import { badgeStreak, longestStreak, sparkline } from '../../../src/game/trends.js';

describe('sparkline', () => {
  it('scales the weeks to the best one', () => {
    expect(sparkline([0, 50, 100])).toBe('▁▅█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([10, 10])).toBe('██');
    expect(sparkline([])).toBe('');
  });
});

describe('badgeStreak', () => {
  it('counts the weeks in a row above the first badge, newest first', () => {
    expect(badgeStreak([60_000, 0, 70_000, 80_000, 90_000], 50_000, false)).toBe(3);
    expect(badgeStreak([60_000, 70_000, 10_000], 50_000, false)).toBe(0);
  });

  it('lets a week in progress catch up without breaking the streak', () => {
    expect(badgeStreak([60_000, 70_000, 10_000], 50_000, true)).toBe(2);
    expect(badgeStreak([60_000, 70_000, 55_000], 50_000, true)).toBe(3);
  });
});

describe('longestStreak', () => {
  it('needs two weeks and keeps the first of equals', () => {
    expect(longestStreak([{ userId: 'a', weeks: 1 }])).toBeUndefined();
    expect(
      longestStreak([
        { userId: 'a', weeks: 3 },
        { userId: 'b', weeks: 5 },
        { userId: 'c', weeks: 5 },
      ]),
    ).toEqual({ userId: 'b', weeks: 5 });
  });
});
