import type { Badge } from '../../badges/ladder.js';
import type { Breakdown } from '../../fair-play/breakdown.js';
import type { CostSummary } from '../../game/token-cost.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import type { Standing } from '../../leaderboard/rank-tallies.js';
import type { Tally } from '../../leaderboard/tally.js';
import type { Week } from '../../weeks/week.js';
import { rankLabel } from './board-rows.js';
import { costLines } from './cost-lines.js';
import { buildExplainNumberBlocks } from './explain-number.js';
import { displayName, mrkdwn, nameAltText } from './mrkdwn.js';

export interface PersonCardData {
  week: Week;
  name: string;
  avatarUrl: string | undefined;
  /** "you" wording for `/leaderboard me` and App Home */
  isCaller: boolean;
  tally: Tally | undefined;
  standing: Standing | undefined;
  people: number;
  badges: Badge[];
  nextBadge: Badge | undefined;
  isTokenLord: boolean;
  /** the person is off shared surfaces (only they see this card) */
  hidden?: boolean;
  /** opt-in mode, where "hidden" means "has not joined yet" */
  optIn?: boolean;
  /** "explain my number", on `/leaderboard me` and `@someone` (not App Home) */
  breakdown?: Breakdown;
  /** the last eight weeks and the badge streak */
  trend?: { sparkline: string; streak: number } | undefined;
  /** the estimated cost, where money may be shown */
  cost?: CostSummary | undefined;
}

function hiddenLine(data: PersonCardData): string {
  return data.optIn
    ? "🙈 You're not on the shared board: this workspace names only people who joined. `/leaderboard join` to appear; only you see this."
    : "🙈 You're hidden: only you see your rank and numbers, and your usage counts in the totals. `/leaderboard show` to appear again.";
}

function trendLine(trend: { sparkline: string; streak: number }): string {
  const streak =
    trend.streak >= 2
      ? `  ·  🔥 ${trend.streak} weeks in a row with a badge`
      : trend.streak === 1
        ? '  ·  a badge this week: a streak begins'
        : '';
  return `Last 8 weeks: \`${trend.sparkline}\`${streak}`;
}

/** The lines of a person's week: rank, exact tokens, breakdown, badges, what is next. */
export function personCardText(data: PersonCardData): string {
  const name = displayName(data.name);
  const { tally, standing, week } = data;
  const hidden = data.isCaller && data.hidden ? `\n${hiddenLine(data)}` : '';
  if (!tally || !standing) {
    const none = data.isCaller
      ? `You haven't burned any tokens in ${week.key} yet. Your usage shows up as soon as your AI tools report it.`
      : `*${name}* hasn't burned any tokens in ${week.key} yet.`;
    return none + hidden;
  }
  const who = data.isCaller ? `*You* (${name})` : `*${name}*`;
  const lines = [
    `${rankLabel(standing.rank)} ${who}${data.isTokenLord ? ' 👑 _Token Lord_' : ''} ${data.isCaller ? 'are' : 'is'} *#${standing.rank}* of ${data.people} in ${week.key}`,
    `*${formatExactTokens(tally.tokens)}* tokens (${formatTokens(tally.tokens)}): ${formatTokens(tally.inputTokens)} in, ${formatTokens(tally.outputTokens)} out, ${formatExactTokens(tally.events)} ${tally.events === 1 ? 'request' : 'requests'}`,
    data.badges.length > 0
      ? `Badges: ${data.badges.map((badge) => `${badge.emoji} ${badge.name}`).join('  ·  ')}`
      : 'No badge yet this week.',
  ];
  if (data.nextBadge) {
    lines.push(
      `Next badge: ${data.nextBadge.emoji} ${data.nextBadge.name} in *${formatTokens(data.nextBadge.threshold - tally.tokens)}* tokens`,
    );
  }
  lines.push(
    standing.tokensToNextPlace === undefined
      ? 'Nobody is ahead. 👑'
      : `*${formatTokens(standing.tokensToNextPlace)}* more to pass #${standing.rank - 1}`,
  );
  return lines.join('\n') + hidden;
}

/** `/leaderboard me` and `/leaderboard @someone`: one person's week, with their avatar. */
export function buildPersonCard(data: PersonCardData) {
  const text = personCardText(data);
  const section = {
    type: 'section' as const,
    text: mrkdwn(text),
    ...(data.avatarUrl
      ? { accessory: { type: 'image' as const, image_url: data.avatarUrl, alt_text: nameAltText(data.name) } }
      : {}),
  };
  // Trend and cost get a section of their own: a long ladder can fill the first one.
  const extras = data.tally
    ? [...(data.trend ? [trendLine(data.trend)] : []), ...(data.cost ? costLines(data.cost) : [])]
    : [];
  const fallback = data.standing
    ? `${displayName(data.name)}: #${data.standing.rank} in ${data.week.key} with ${formatExactTokens(data.standing.tokens)} tokens`
    : `${displayName(data.name)}: no usage in ${data.week.key} yet`;
  const blocks: [typeof section, ...unknown[]] = [
    section,
    ...(extras.length > 0 ? [{ type: 'section' as const, text: mrkdwn(extras.join('\n')) }] : []),
    ...(data.breakdown ? buildExplainNumberBlocks(data.breakdown) : []),
  ];
  return { text: fallback, blocks };
}
