import type { Badge } from '../../badges/ladder.js';
import { type CostSummary, formatUsd } from '../../game/token-cost.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { rankLabel } from './board-rows.js';
import { displayName, mrkdwn, plainText } from './mrkdwn.js';

export interface RecapData {
  week: string;
  rank: number | undefined;
  people: number;
  tokens: number;
  badges: Badge[];
  /** tokens by model, most first */
  models: Array<{ model: string | null; tokens: number }>;
  streak: number;
  sparkline: string;
  /** undefined when costs are not shown */
  cost: CostSummary | undefined;
  isTokenLord: boolean;
}

/** The weekly recap DM for people who turned it on: their week in one message. */
export function buildRecapDm(data: RecapData) {
  const header = { type: 'header' as const, text: plainText(`📬 Your week on the throne · ${data.week}`) };
  const footer = {
    type: 'context' as const,
    elements: [mrkdwn('You get this because you typed `/leaderboard recap on`. `/leaderboard recap off` stops it.')],
  };
  if (data.rank === undefined) {
    return {
      text: `Your recap for ${data.week}: no tokens this week.`,
      blocks: [
        header,
        { type: 'section' as const, text: mrkdwn(`No tokens from you in ${data.week}. The new week is wide open!`) },
        footer,
      ],
    };
  }
  const models = data.models
    .slice(0, 3)
    .map(
      (entry) => `${entry.model ? `\`${displayName(entry.model)}\`` : 'unnamed model'} ${formatTokens(entry.tokens)}`,
    )
    .join(', ');
  const lines = [
    `${rankLabel(data.rank)} *#${data.rank}* of ${data.people}${data.isTokenLord ? '  👑 *Token Lord!*' : ''}`,
    `*${formatTokens(data.tokens)}* tokens (${formatExactTokens(data.tokens)})`,
    data.badges.length > 0
      ? `Badges: ${data.badges.map((badge) => `${badge.emoji} ${badge.name}`).join('  ·  ')}`
      : 'No badge this week.',
    models ? `Models: ${models}` : undefined,
    `Last 8 weeks: \`${data.sparkline}\`${data.streak >= 2 ? `  ·  🔥 ${data.streak} weeks in a row with a badge` : ''}`,
    data.cost && data.cost.models.length > 0 ? `Estimated cost: *${formatUsd(data.cost.totalUsd)}*` : undefined,
  ].filter((line): line is string => line !== undefined);
  return {
    text: `Your recap for ${data.week}: #${data.rank} with ${formatExactTokens(data.tokens)} tokens.`,
    blocks: [header, { type: 'section' as const, text: mrkdwn(lines.join('\n')) }, footer],
  };
}
