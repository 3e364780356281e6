import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnomalySettings, judgeDay, mayHold, median } from '../../../src/fair-play/anomaly-rule.js';

const SETTINGS: AnomalySettings = {
  sourceDailyCap: 0,
  multiplier: 10,
  floorTokens: 1_000_000,
  historyDays: 28,
  minActiveDays: 5,
  orgMinDays: 20,
};

// Four weeks of a steady person: 20 working days around 200K tokens.
const FOUR_WEEKS = Array.from({ length: 20 }, (_, day) => 150_000 + (day % 5) * 25_000);
const noOrg = () => {
  throw new Error('a person with history is judged against their own days');
};

describe('judgeDay', () => {
  it('takes the middle of the values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('counts a busy day within ten times the usual one', () => {
    expect(median(FOUR_WEEKS)).toBe(200_000);
    const day = { dayTokens: 1_900_000, sourceDayTokens: 1_900_000, ownHistory: () => FOUR_WEEKS, orgHistory: noOrg };
    expect(judgeDay(day, SETTINGS)).toEqual({ held: false });
  });

  it('holds a day above ten times their median, with the evidence', () => {
    const day = { dayTokens: 2_100_000, sourceDayTokens: 2_000_000, ownHistory: () => FOUR_WEEKS, orgHistory: noOrg };
    expect(judgeDay(day, SETTINGS)).toEqual({
      held: true,
      rule: 'spike',
      usual: 200_000,
      limit: 2_000_000,
      dayTokens: 2_100_000,
      sourceDayTokens: 2_000_000,
      basedOnDays: 20,
    });
  });

  it('never holds a day at or below the floor, however quiet the person usually is', () => {
    const quiet = Array.from({ length: 20 }, () => 1_000);
    const day = { dayTokens: 1_000_000, sourceDayTokens: 1_000_000, ownHistory: () => quiet, orgHistory: noOrg };
    expect(judgeDay(day, SETTINGS)).toEqual({ held: false });
  });

  it("judges a newcomer against the organisation's median person-day", () => {
    const org = Array.from({ length: 40 }, (_, index) => 100_000 + index * 5_000); // median 197,500
    const newcomer = { ownHistory: () => [300_000], orgHistory: () => org };
    expect(judgeDay({ ...newcomer, dayTokens: 1_900_000, sourceDayTokens: 1_900_000 }, SETTINGS)).toEqual({
      held: false,
    });
    expect(judgeDay({ ...newcomer, dayTokens: 2_500_000, sourceDayTokens: 2_500_000 }, SETTINGS)).toMatchObject({
      held: true,
      rule: 'newcomer',
      usual: 197_500,
      limit: 1_975_000,
      basedOnDays: 40,
    });
  });

  it('does not judge a newcomer while the organisation has too little history', () => {
    const day = {
      dayTokens: 50_000_000,
      sourceDayTokens: 50_000_000,
      ownHistory: () => [],
      orgHistory: () => [1, 2, 3],
    };
    expect(judgeDay(day, SETTINGS)).toEqual({ held: false });
  });

  it('holds a source over its daily cap, whatever the history', () => {
    const capped = { ...SETTINGS, sourceDailyCap: 500_000 };
    const day = { dayTokens: 600_000, sourceDayTokens: 500_001, ownHistory: () => FOUR_WEEKS, orgHistory: noOrg };
    expect(judgeDay(day, capped)).toMatchObject({ held: true, rule: 'cap', limit: 500_000 });
    expect(judgeDay({ ...day, sourceDayTokens: 500_000 }, capped)).toEqual({ held: false });
  });

  it('turns the spike check off with a multiplier of 0', () => {
    const day = { dayTokens: 90_000_000, sourceDayTokens: 90_000_000, ownHistory: () => FOUR_WEEKS, orgHistory: noOrg };
    expect(judgeDay(day, { ...SETTINGS, multiplier: 0 })).toEqual({ held: false });
  });
});

describe('mayHold', () => {
  it('is false only when no day of the week could cross the floor or the cap', () => {
    expect(mayHold(1_000_000, SETTINGS)).toBe(false);
    expect(mayHold(1_000_001, SETTINGS)).toBe(true);
    expect(mayHold(5_000_000, { ...SETTINGS, multiplier: 0 })).toBe(false);
    expect(mayHold(600_000, { ...SETTINGS, sourceDailyCap: 500_000 })).toBe(true);
    expect(mayHold(600_000, { ...SETTINGS, multiplier: 0, sourceDailyCap: 500_000 })).toBe(true);
  });

  it('never says no where judgeDay would hold a day of that week', () => {
    fc.assert(
      fc.property(
        fc.nat(5_000_000),
        fc.nat(5_000_000),
        fc.nat(3_000_000),
        fc.nat(20),
        fc.array(fc.nat(2_000_000), { maxLength: 30 }),
        (sourceDay, otherSources, cap, multiplier, history) => {
          const settings = { ...SETTINGS, sourceDailyCap: cap, multiplier };
          const day = { dayTokens: sourceDay + otherSources, sourceDayTokens: sourceDay };
          const verdict = judgeDay({ ...day, ownHistory: () => history, orgHistory: () => history }, settings);
          // The week holds at least this day.
          if (verdict.held) expect(mayHold(day.dayTokens, settings)).toBe(true);
        },
      ),
    );
  });
});
