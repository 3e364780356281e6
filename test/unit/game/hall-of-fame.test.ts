import { describe, expect, it } from 'vitest';
import { type ClosedWeekRecord, hallOfFame, newRecords, reignsOf, weekNumber } from '../../../src/game/hall-of-fame.js';

function week(key: string, tokenLord: string | undefined, lordTokens = 0, badges = 0): ClosedWeekRecord {
  return { week: key, tokenLord, lordTokens, badges };
}

// Ann reigns three weeks across the new year, Bob ends it, a quiet week, Ann again,
// a gap (the bot was off for W05), then Cat twice.
const history = [
  week('2025-W51', 'ann', 1_000_000, 4),
  week('2025-W52', 'ann', 1_200_000, 5),
  week('2026-W01', 'ann', 900_000, 3),
  week('2026-W02', 'bob', 2_500_000, 9),
  week('2026-W03', undefined),
  week('2026-W04', 'ann', 700_000, 2),
  week('2026-W06', 'cat', 800_000, 2),
  week('2026-W07', 'cat', 600_000, 1),
];

describe('weekNumber', () => {
  it('counts consecutive weeks across a year end', () => {
    expect(weekNumber('2026-W01') - weekNumber('2025-W52')).toBe(1);
    expect(weekNumber('2021-W01') - weekNumber('2020-W53')).toBe(1);
  });
});

describe('hallOfFame', () => {
  it('lists every Token Lord with reigns and longest run', () => {
    const hall = hallOfFame(history);
    expect(hall.lords).toEqual([
      { userId: 'ann', reigns: 4, longestRun: 3, lastWeek: '2026-W04' },
      { userId: 'cat', reigns: 2, longestRun: 2, lastWeek: '2026-W07' },
      { userId: 'bob', reigns: 1, longestRun: 1, lastWeek: '2026-W02' },
    ]);
  });

  it('finds the biggest week, the most badges and the longest reign with who ended it', () => {
    const hall = hallOfFame(history);
    expect(hall.biggestWeek).toEqual({ userId: 'bob', week: '2026-W02', tokens: 2_500_000 });
    expect(hall.mostBadges).toEqual({ week: '2026-W02', badges: 9 });
    expect(hall.longestReign).toEqual({
      userId: 'ann',
      weeks: 3,
      from: '2025-W51',
      to: '2026-W01',
      dethronedBy: 'bob',
    });
  });

  it('does not join crowns across a quiet week or a week that was never closed', () => {
    const reigns = reignsOf(history);
    expect(reigns.map((reign) => `${reign.userId}:${reign.weeks}`)).toEqual(['ann:3', 'bob:1', 'ann:1', 'cat:2']);
    // Bob's reign ended in a quiet week: nobody dethroned him.
    expect(reigns[1]?.dethronedBy).toBeUndefined();
    expect(reigns[3]?.dethronedBy).toBeUndefined();
  });

  it('is empty before the first crown', () => {
    expect(hallOfFame([])).toEqual({
      lords: [],
      biggestWeek: undefined,
      mostBadges: undefined,
      longestReign: undefined,
    });
  });
});

describe('newRecords', () => {
  it('names a third crown in a row and the most crowns ever', () => {
    expect(newRecords(history, week('2026-W08', 'cat', 500_000, 1))).toEqual([
      { kind: 'crowns_in_a_row', userId: 'cat', count: 3 },
    ]);
    const annAgain = [...history.slice(0, 6), week('2026-W05', 'ann', 100, 1)];
    expect(newRecords(annAgain, week('2026-W06', 'ann', 100, 1))).toContainEqual({
      kind: 'most_crowns',
      userId: 'ann',
      count: 6,
    });
  });

  it('names a new all-time biggest week and badge record', () => {
    expect(newRecords(history, week('2026-W08', 'dan', 3_000_000, 12))).toEqual([
      { kind: 'biggest_week', userId: 'dan', tokens: 3_000_000, previous: 2_500_000 },
      { kind: 'most_badges', badges: 12, previous: 9 },
      { kind: 'dethroned', userId: 'cat', by: 'dan', weeks: 2 },
    ]);
  });

  it('announces nothing for the first week ever or a quiet week', () => {
    expect(newRecords([], week('2026-W01', 'ann', 5_000_000, 20))).toEqual([]);
    expect(newRecords(history, week('2026-W08', undefined))).toEqual([]);
  });
});
