import type { CorrectionResult, StoredAuditEntry } from '../../fair-play/audit-entry.js';
import { formatTokens } from '../../leaderboard/format-tokens.js';
import { escapeMrkdwn, mrkdwn, plainText } from './mrkdwn.js';

const section = (text: string) => ({ type: 'section' as const, text: mrkdwn(text) });

/** The answer to `/leaderboard hide`, `show` and `join`. */
export function buildVisibilityReply(choice: 'hide' | 'show' | 'join') {
  const text =
    choice === 'hide'
      ? "🙈 You're off the board. From now on nobody else sees your name or numbers: not on boards, shared posts, App Home or the winners post, and you can't be crowned. Your usage still counts in the totals, and `/leaderboard me` still shows you your own rank. `/leaderboard show` brings you back."
      : "👑 You're on the board: colleagues can see your name, rank and tokens from now on. `/leaderboard hide` takes you off again at any time.";
  return { text, blocks: [section(text)] };
}

/** `/leaderboard @someone` for a person who is not on the shared board. */
export const PRIVATE_PERSON_TEXT =
  "🙈 That person isn't on the shared board, so their numbers stay private. Everyone can see their own with `/leaderboard me`.";

/** A hidden person trying to post their own card in a channel. */
export const HIDDEN_SHARE_TEXT =
  "🙈 You're hidden from the board, so I won't post your numbers in the channel. `/leaderboard show` first if you want to share them.";

export const ADMINS_ONLY_TEXT = '🔒 Only Token Throne admins (ADMIN_USERS) can see the audit log or decide reviews.';

export function buildTextReply(text: string) {
  return { text, blocks: [section(text)] };
}

function entryLine(entry: StoredAuditEntry): string {
  const when = new Date(entry.at).toISOString().replace('T', ' ').slice(0, 16);
  const effects = entry.effects
    .map((effect) => `${effect.userId} ${effect.week} ${formatTokens(effect.before)} → ${formatTokens(effect.after)}`)
    .join(', ');
  const closed = entry.closedWeeks.length > 0 ? `  ·  closed ${entry.closedWeeks.join(', ')}: crown unchanged` : '';
  return (
    `*#${entry.id}* ${when} UTC  ·  *${entry.action}* by \`${escapeMrkdwn(entry.actor)}\`  ·  ${escapeMrkdwn(entry.target)} (${entry.events} events)\n` +
    `> ${escapeMrkdwn(entry.reason)}${effects ? `\n> ${escapeMrkdwn(effects)}` : ''}${closed}`
  );
}

/** `/leaderboard audit [week]` for admins: the newest corrections and decisions first. */
export function buildAuditList(entries: StoredAuditEntry[], week: string | undefined) {
  const title = `📜 Audit log${week ? ` · ${week}` : ''}`;
  const body =
    entries.length === 0
      ? `No corrections or review decisions${week ? ` touch ${week}` : ' yet'}.`
      : entries.map(entryLine).join('\n\n');
  // A section holds at most 3000 characters: split the lines over as many as needed.
  const chunks: string[] = [];
  for (const line of body.split('\n\n')) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + line.length + 2 <= 2900) chunks[chunks.length - 1] = `${last}\n\n${line}`;
    else chunks.push(line.slice(0, 2900));
  }
  return {
    text: `${title}: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`,
    blocks: [
      { type: 'header' as const, text: plainText(title) },
      ...chunks.slice(0, 45).map(section),
      {
        type: 'context' as const,
        elements: [mrkdwn('Operators see the full log with `token-throne audit [--week 2026-W47]`.')],
      },
    ],
  };
}

/** What an admin's `/leaderboard void|restore` changed. */
export function buildCorrectionReply(action: 'void' | 'restore', result: CorrectionResult) {
  const effects = result.effects.map(
    (effect) =>
      `\`${effect.userId}\` ${effect.week}: ${formatTokens(effect.before)} → ${formatTokens(effect.after)} tokens`,
  );
  const closed = result.closedWeeks.map(
    (week) => `${week} is already closed: its numbers are corrected, its crown and winners post stay as they were.`,
  );
  const text = [
    `${action === 'void' ? '🚫 Voided' : '♻️ Restored'} ${result.events} ${result.events === 1 ? 'event' : 'events'} (audit entry #${result.auditId}).`,
    ...effects,
    ...closed,
  ].join('\n');
  return { text, blocks: [section(text)] };
}
