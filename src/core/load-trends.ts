import type { HistoryStore } from '../db/history-store.js';
import { badgeStreak, type StreakHolder, sparkline } from '../game/trends.js';
import type { Week } from '../weeks/week.js';
import { previousWeek } from '../weeks/week-of.js';

/** The keys of `count` weeks ending with `week`, oldest first. */
export function recentWeeks(week: Week, zone: string, count: number): string[] {
  const keys = [week.key];
  let current = week;
  while (keys.length < count) {
    current = previousWeek(current, zone);
    keys.unshift(current.key);
  }
  return keys;
}

export interface PersonTrend {
  /** the last eight weeks' tokens, oldest first, ending with the week shown */
  tokens: number[];
  sparkline: string;
  /** weeks in a row at or above the first badge */
  streak: number;
}

const TREND_WEEKS = 8;
const STREAK_LOOKBACK_WEEKS = 104;

/** A person's last eight weeks and badge streak, as of `week` (which may still be running). */
export function loadPersonTrend(
  history: HistoryStore,
  week: Week,
  zone: string,
  userId: string,
  firstBadge: number,
  inProgress: boolean,
): PersonTrend {
  const weeks = recentWeeks(week, zone, STREAK_LOOKBACK_WEEKS);
  const tokens = history.personTokens(userId, weeks);
  const recent = tokens.slice(-TREND_WEEKS);
  return { tokens: recent, sparkline: sparkline(recent), streak: badgeStreak(tokens, firstBadge, inProgress) };
}

/** The badge streak, as of a closed week, of everyone who reached the first badge in it. */
export function loadStreaks(history: HistoryStore, week: Week, zone: string, firstBadge: number): StreakHolder[] {
  const weeks = recentWeeks(week, zone, STREAK_LOOKBACK_WEEKS);
  const reached = history.reachedIn(weeks, firstBadge);
  return [...(reached.get(week.key) ?? [])].map((userId) => {
    let streak = 0;
    for (let index = weeks.length - 1; index >= 0 && reached.get(weeks[index] ?? '')?.has(userId); index -= 1) {
      streak += 1;
    }
    return { userId, weeks: streak };
  });
}
