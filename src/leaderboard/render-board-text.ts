import { formatWeekDates } from '../weeks/format-week.js';
import { formatExactTokens, formatTokens } from './format-tokens.js';
import { medalOf } from './medals.js';
import type { BoardPage } from './rank-tallies.js';

/**
 * The board as a plain-text table for the terminal (`token-throne leaderboard`).
 * `names` maps user IDs to display names where they are known.
 */
export function renderBoardText(board: BoardPage, zone: string, names: ReadonlyMap<string, string> = new Map()) {
  const { week, entries, totals } = board;
  const lines = [`🏆 Token Throne · ${week.key} · ${formatWeekDates(week, zone)} (${zone})`, ''];
  if (entries.length === 0) {
    lines.push('No usage recorded this week yet: the throne is empty.');
    return lines.join('\n');
  }
  const rows = entries.map((entry) => [
    `${medalOf(entry.rank) ?? '  '} ${entry.rank}`,
    names.get(entry.userId) ?? entry.userId,
    formatTokens(entry.tokens),
    formatExactTokens(entry.tokens),
    formatExactTokens(entry.events),
  ]);
  const header = ['Rank', 'Person', 'Tokens', 'Exact', 'Events'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const rightAligned = new Set([2, 3, 4]);
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  lines.push(format(header), ...rows.map(format), '');
  lines.push(
    `${formatExactTokens(totals.tokens)} tokens from ${totals.people} ${totals.people === 1 ? 'person' : 'people'} in ${formatExactTokens(totals.events)} ${totals.events === 1 ? 'event' : 'events'}.`,
  );
  return lines.join('\n');
}
