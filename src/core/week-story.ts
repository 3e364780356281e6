import type { Badge } from '../badges/ladder.js';
import type { HistoryStore } from '../db/history-store.js';
import { type NewRecord, newRecords } from '../game/hall-of-fame.js';
import { type CostSummary, formatUsd, summarizeCost } from '../game/token-cost.js';
import { longestStreak, type StreakHolder } from '../game/trends.js';
import { formatTokens } from '../leaderboard/format-tokens.js';
import { recordLines, streakLine } from '../slack/blocks/record-lines.js';
import { daysOfWeek } from '../weeks/day-of.js';
import type { Week } from '../weeks/week.js';
import { loadStreaks } from './load-trends.js';

/** What a closing week adds to the game: records it set, the longest streak, its estimated cost. */
export interface WeekStory {
  records: NewRecord[];
  streak: StreakHolder | undefined;
  /** undefined when SHOW_COST=false */
  cost: CostSummary | undefined;
  /** people the story names who may not be in the week's top */
  people: string[];
}

export interface WeekStoryOptions {
  history: HistoryStore;
  ladder: readonly Badge[];
  weekTimeZone: string;
  showCost: boolean;
}

/** Reads what the winners post tells beyond the podium, before the week is closed. */
export function createWeekStoryteller({ history, ladder, weekTimeZone: zone, showCost }: WeekStoryOptions) {
  const thresholds = ladder.map((badge) => badge.threshold);
  const firstBadge = thresholds[0] ?? 1;

  return {
    /** The story of `week`, whose #1 is `lord` with `lordTokens`; call before the week is recorded as closed. */
    tell(week: Week, lord: { userId: string; tokens: number } | undefined): WeekStory {
      const before = history.closedWeeks(thresholds).filter((record) => record.week !== week.key);
      const reached = thresholds.map((threshold) => history.reachedIn([week.key], threshold).get(week.key)?.size ?? 0);
      const records = newRecords(before, {
        week: week.key,
        tokenLord: lord?.userId,
        lordTokens: lord?.tokens ?? 0,
        badges: reached.reduce((sum, count) => sum + count, 0),
      });
      const tokens = history.weekTokens(week.key);
      const streaks = loadStreaks(history, week, zone, firstBadge).sort(
        (a, b) => (tokens.get(b.userId) ?? 0) - (tokens.get(a.userId) ?? 0),
      );
      const streak = longestStreak(streaks);
      const cost = showCost ? summarizeCost(history.usageByModel(daysOfWeek(week.key)), week.start) : undefined;
      const people = [
        ...records.flatMap((record) =>
          record.kind === 'dethroned' ? [record.userId, record.by] : 'userId' in record ? [record.userId] : [],
        ),
        ...(streak ? [streak.userId] : []),
      ];
      return { records, streak, cost, people };
    },
  };
}

/** The story as winners-post lines. */
export function storyLines(story: WeekStory, nameOf: (userId: string) => string): string[] {
  const lines = [...recordLines(story.records, nameOf)];
  const streak = streakLine(story.streak, nameOf);
  if (streak) lines.push(streak);
  if (story.cost && story.cost.models.length > 0) {
    const unpriced = story.cost.unknown.reduce((sum, model) => sum + model.tokens, 0);
    lines.push(
      `💸 Estimated AI bill: *${formatUsd(story.cost.totalUsd)}*` +
        (unpriced > 0 ? ` (plus ${formatTokens(unpriced)} tokens of models with no known price)` : ''),
    );
  }
  return lines;
}
