import type { Badge } from '../../badges/ladder.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { medalOf } from '../../leaderboard/medals.js';
import { displayName, mrkdwn, nameAltText } from './mrkdwn.js';

/** One person on a board, as plain data. */
export interface BoardRow {
  rank: number;
  name: string;
  avatarUrl: string | undefined;
  tokens: number;
  badge: Badge | undefined;
  /** holds the Token Lord title (won the last closed week) */
  isTokenLord: boolean;
}

export function rankLabel(rank: number): string {
  return medalOf(rank) ?? `*#${rank}*`;
}

/**
 * A board row as a context block: rank, avatar, name, tokens and badge, three elements of
 * the ten a context block allows. The avatar's alt text (shown on hover) carries the exact count.
 */
export function buildBoardRow(row: BoardRow) {
  const name = displayName(row.name);
  const title = row.isTokenLord ? ' 👑 _Token Lord_' : '';
  const badge = row.badge ? `  ·  ${row.badge.emoji} ${row.badge.name}` : '';
  return {
    type: 'context' as const,
    elements: [
      mrkdwn(rankLabel(row.rank)),
      ...(row.avatarUrl
        ? [
            {
              type: 'image' as const,
              image_url: row.avatarUrl,
              alt_text: `${nameAltText(row.name)}: ${formatExactTokens(row.tokens)} tokens`,
            },
          ]
        : []),
      mrkdwn(`*${name}*${title}  ·  *${formatTokens(row.tokens)}* tokens${badge}`),
    ],
  };
}

/** The rows as one line each for the plain `text` fallback (notifications, screen readers). */
export function boardRowsAsText(rows: readonly BoardRow[]): string {
  return rows.map((row) => `${row.rank}. ${displayName(row.name)} ${formatTokens(row.tokens)}`).join(', ');
}
