import type { Badge } from '../../badges/ladder.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { mrkdwn } from './mrkdwn.js';

export interface BadgeDmData {
  week: string;
  /** the badges just earned, lowest first (one DM names them all) */
  badges: Badge[];
  tokens: number;
  next: Badge | undefined;
}

/** The DM for newly earned badges. One DM per crossing, naming every badge it crossed. */
export function buildBadgeDm(data: BadgeDmData) {
  const { badges } = data;
  const top = badges.at(-1);
  const names = badges.map((badge) => `${badge.emoji} *${badge.name}*`);
  const headline =
    badges.length === 1
      ? `${top?.emoji} New badge unlocked: *${top?.name}*!`
      : // Each name carries its emoji: a row of the emoji first would push a long ladder past 3,000 characters.
        `${top?.emoji} ${badges.length} new badges in one go: ${names.join(' and ')}!`;
  const progress = `You've burned *${formatTokens(data.tokens)}* tokens (${formatExactTokens(data.tokens)}) in ${data.week}.`;
  const next = data.next
    ? `Next up: ${data.next.emoji} *${data.next.name}* at ${formatTokens(data.next.threshold)}, *${formatTokens(data.next.threshold - data.tokens)}* to go.`
    : 'That is the top of the ladder. Now go for the crown 👑';
  const plain = `${badges.map((badge) => `${badge.emoji} ${badge.name}`).join(' and ')}: new badge${badges.length > 1 ? 's' : ''} earned with ${formatExactTokens(data.tokens)} tokens in ${data.week}.`;
  return {
    text: plain,
    blocks: [
      { type: 'section' as const, text: mrkdwn(`${headline}\n${progress}`) },
      { type: 'context' as const, elements: [mrkdwn(`${next}  ·  \`/leaderboard me\` shows where you stand.`)] },
    ],
  };
}
