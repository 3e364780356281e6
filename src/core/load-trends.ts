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
  const streaks = new Map([...reachedIn(history, week.key, firstBadge)].map((userId) => [userId, 1]));
  // One week at a time, back from this one, following only those still on a run: what is held
  // grows with the people, not with the people times two years of weeks.
  let running = [...streaks.keys()];
  for (let index = weeks.length - 2; index >= 0 && running.length > 0; index -= 1) {
    const reached = reachedIn(history, weeks[index] ?? '', firstBadge);
    running = running.filter((userId) => reached.has(userId));
    for (const userId of running) streaks.set(userId, (streaks.get(userId) ?? 0) + 1);
  }
  return [...streaks].map(([userId, streak]) => ({ userId, weeks: streak }));
}

const reachedIn = (history: HistoryStore, week: string, threshold: number): Set<string> =>
  history.reachedIn([week], threshold).get(week) ?? new Set();
