const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Weekly totals as a one-line chart, lowest bar for nothing, highest for the best week.
 * @example sparkline([0, 50, 100]) //=> "▁▄█"
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((value) => (max === 0 ? BARS[0] : (BARS[Math.round((value / max) * (BARS.length - 1))] ?? BARS[0])))
    .join('');
}

/**
 * Weeks in a row, ending with the newest, at or above `threshold` (the first badge). A week
 * still in progress that has not reached it yet does not break the streak: it can still make it.
 * @param weeklyTokens oldest first, one number per consecutive week
 * @example badgeStreak([60_000, 0, 70_000, 80_000, 10_000], 50_000, true) //=> 2
 */
export function badgeStreak(weeklyTokens: readonly number[], threshold: number, lastInProgress: boolean): number {
  const weeks = [...weeklyTokens];
  const last = weeks.at(-1);
  if (lastInProgress && last !== undefined && last < threshold) weeks.pop();
  let streak = 0;
  for (let index = weeks.length - 1; index >= 0 && (weeks[index] ?? 0) >= threshold; index -= 1) streak += 1;
  return streak;
}

export interface StreakHolder {
  userId: string;
  weeks: number;
}

/** Whoever has the longest streak (two weeks or more); ties go to the first listed (the higher rank). */
export function longestStreak(streaks: readonly StreakHolder[]): StreakHolder | undefined {
  return streaks.reduce<StreakHolder | undefined>(
    (best, streak) => (streak.weeks >= 2 && (!best || streak.weeks > best.weeks) ? streak : best),
    undefined,
  );
}
