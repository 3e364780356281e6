import type { NewRecord } from '../../game/hall-of-fame.js';
import type { StreakHolder } from '../../game/trends.js';
import { formatTokens } from '../../leaderboard/format-tokens.js';
import { displayName } from './mrkdwn.js';

function ordinal(count: number): string {
  const tens = count % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[count % 10] ?? 'th');
  return `${count}${suffix}`;
}

/** What the winners post says about the records the week set. */
export function recordLines(records: readonly NewRecord[], nameOf: (userId: string) => string): string[] {
  const name = (userId: string) => `*${displayName(nameOf(userId))}*`;
  return records.map((record) => {
    switch (record.kind) {
      case 'biggest_week':
        return `🏆 A new all-time record: ${name(record.userId)} burned *${formatTokens(record.tokens)}* tokens, the biggest week ever (the old record was ${formatTokens(record.previous)})`;
      case 'crowns_in_a_row':
        return `👑 ${name(record.userId)} takes a *${ordinal(record.count)} crown in a row*!`;
      case 'most_crowns':
        return `🏛️ ${name(record.userId)} now holds the most crowns ever: *${record.count}*`;
      case 'most_badges':
        return `🏅 A record *${record.badges} badges* earned this week (the old record was ${record.previous})`;
      default:
        return `⚔️ ${name(record.by)} ended ${name(record.userId)}'s ${record.weeks}-week reign`;
    }
  });
}

/** The longest badge streak still running, for the winners post. */
export function streakLine(streak: StreakHolder | undefined, nameOf: (userId: string) => string): string | undefined {
  return streak
    ? `🔥 Longest streak: *${displayName(nameOf(streak.userId))}*, ${streak.weeks} weeks in a row with a badge`
    : undefined;
}
