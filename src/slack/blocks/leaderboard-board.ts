import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import type { Standing } from '../../leaderboard/rank-tallies.js';
import { TOP, type WeekTotals } from '../../leaderboard/tally.js';
import { formatWeekDates } from '../../weeks/format-week.js';
import type { Week } from '../../weeks/week.js';
import { type BoardRow, boardRowsAsText, buildBoardRow } from './board-rows.js';
import { formatDuration } from './format-duration.js';
import { displayName, mrkdwn, plainText } from './mrkdwn.js';

export const BOARD_PAGE_SIZE = 20;
export const PAGE_ACTION_ID = 'leaderboard_page';

/** What a button carries to render another page of the same board. */
export interface PageRef {
  week: string;
  page: number;
  top: number;
}

export interface BoardMessageData {
  week: Week;
  zone: string;
  now: Date;
  rows: BoardRow[];
  /** 0-based page of the board shown */
  page: number;
  /** how many people the board covers (`top 100` → 100) */
  top: number;
  totals: WeekTotals;
  /** who asked, and where they stand; with `share`, who shared it */
  caller: { name: string; standing: Standing | undefined; hidden?: boolean };
  shared: boolean;
}

/** The week's dates in its zone, the time to the reset, and the week's totals. */
export function buildWeekLine(week: Week, zone: string, now: Date, totals: WeekTotals): string {
  const dates = `${formatWeekDates(week, zone)} (${zone})`;
  const timing =
    now < week.start
      ? 'not started yet'
      : now < week.end
        ? `resets in *${formatDuration(week.end.getTime() - now.getTime())}*`
        : 'final standings';
  const people = totals.people === 1 ? 'person' : 'people';
  return `${dates}  ·  ${timing}  ·  ${formatTokens(totals.tokens)} tokens from ${totals.people} ${people}`;
}

function callerLine(data: BoardMessageData): string {
  const { caller, week, shared } = data;
  const name = displayName(caller.name);
  if (shared) return `Shared by ${name}. Type \`/leaderboard me\` to see where you stand.`;
  const standing = caller.standing;
  if (!standing) {
    return `You haven't burned any tokens in ${week.key} yet. Your usage shows up here as soon as your AI tools report it.`;
  }
  const you = `You're *#${standing.rank}* with *${formatTokens(standing.tokens)}* tokens (${formatExactTokens(standing.tokens)})`;
  const hidden = caller.hidden ? '  ·  🙈 hidden: only you see your place (`/leaderboard show` to appear)' : '';
  if (standing.tokensToNextPlace === undefined) return `👑 ${you}: nobody is ahead of you. Hold the throne!${hidden}`;
  return `${you}  ·  *${formatTokens(standing.tokensToNextPlace)}* more to pass #${standing.rank - 1}${hidden}`;
}

function pageButtons(data: BoardMessageData, pageCount: number) {
  const button = (label: string, page: number) => ({
    type: 'button' as const,
    action_id: `${PAGE_ACTION_ID}_${page}`,
    text: plainText(label),
    value: JSON.stringify({ week: data.week.key, page, top: data.top } satisfies PageRef),
  });
  const buttons = [
    ...(data.page > 0 ? [button('◀ Previous', data.page - 1)] : []),
    ...(data.page < pageCount - 1 ? [button('Next ▶', data.page + 1)] : []),
  ];
  return [
    { type: 'context' as const, elements: [mrkdwn(`Page ${data.page + 1} of ${pageCount}`)] },
    { type: 'actions' as const, elements: buttons },
  ];
}

/**
 * The `/leaderboard` board: header, week line, one row per person, the caller's standing and,
 * for boards longer than a page, Previous/Next buttons. At most BOARD_PAGE_SIZE rows a page
 * keeps it far below Slack's 50 blocks.
 */
export function buildLeaderboardMessage(data: BoardMessageData) {
  const pageCount = Math.max(1, Math.ceil(data.top / BOARD_PAGE_SIZE));
  const title = data.top > TOP ? `Top ${data.top}` : 'Leaderboard';
  const rows =
    data.rows.length > 0
      ? data.rows.map(buildBoardRow)
      : [
          {
            type: 'section' as const,
            text: mrkdwn(
              data.page === 0
                ? 'No tokens burned yet this week. The throne is empty: be the first to claim it! 👀'
                : 'Nobody further down the board yet.',
            ),
          },
        ];
  const blocks = [
    { type: 'header' as const, text: plainText(`👑 Token Throne · ${title} · ${data.week.key}`) },
    { type: 'context' as const, elements: [mrkdwn(buildWeekLine(data.week, data.zone, data.now, data.totals))] },
    { type: 'divider' as const },
    ...rows,
    { type: 'divider' as const },
    { type: 'context' as const, elements: [mrkdwn(callerLine(data))] },
    ...(pageCount > 1 ? pageButtons(data, pageCount) : []),
  ];
  const text =
    data.rows.length > 0
      ? `Token Throne ${data.week.key}: ${boardRowsAsText(data.rows)}`
      : `Token Throne ${data.week.key}: no usage yet.`;
  return { text, blocks };
}
