import type { Breakdown, BreakdownRow } from '../../fair-play/breakdown.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { escapeMrkdwn, mrkdwn } from './mrkdwn.js';

const MAX_ROWS = 8;

function rowsText(rows: BreakdownRow[], label: (key: string) => string): string {
  const shown = rows
    .slice(0, MAX_ROWS)
    .map((row) => `${label(row.key)} ${formatTokens(row.tokens)} (${formatExactTokens(row.events)})`);
  const rest = rows.length - MAX_ROWS;
  return shown.join('  ·  ') + (rest > 0 ? `  ·  and ${rest} more` : '');
}

const weekday = (day: string): string =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * "Explain my number": the week's counted tokens by source, model and day (requests in
 * brackets), retries dropped, and what waits for review or was voided.
 */
export function explainNumberText(breakdown: Breakdown): string {
  const lines = ['*Where the number comes from* (tokens, requests in brackets)'];
  if (breakdown.bySource.length > 0) {
    lines.push(`By source: ${rowsText(breakdown.bySource, (key) => `*${escapeMrkdwn(key)}*`)}`);
    lines.push(`By model: ${rowsText(breakdown.byModel, (key) => (key ? escapeMrkdwn(key) : '_no model_'))}`);
    lines.push(`By day: ${rowsText(breakdown.byDay, weekday)}`);
  }
  lines.push(
    breakdown.duplicatesDropped > 0
      ? `${formatExactTokens(breakdown.duplicatesDropped)} repeated ${breakdown.duplicatesDropped === 1 ? 'report' : 'reports'} of the same request dropped (counted once).`
      : 'No repeated reports dropped.',
  );
  if (breakdown.held.events > 0) {
    lines.push(
      `⏳ Pending review: *${formatTokens(breakdown.held.tokens)}* tokens in ${formatExactTokens(breakdown.held.events)} ${breakdown.held.events === 1 ? 'request' : 'requests'}, not counted until an admin approves it.`,
    );
  }
  if (breakdown.voided.events > 0) {
    lines.push(
      `🚫 Voided by a correction: ${formatTokens(breakdown.voided.tokens)} tokens in ${formatExactTokens(breakdown.voided.events)} ${breakdown.voided.events === 1 ? 'request' : 'requests'}.`,
    );
  }
  return lines.join('\n');
}

export function buildExplainNumberBlocks(breakdown: Breakdown) {
  return [{ type: 'divider' as const }, { type: 'section' as const, text: mrkdwn(explainNumberText(breakdown)) }];
}
