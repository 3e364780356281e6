import type { HeldUsage, Review } from '../../fair-play/review.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { displayName, escapeMrkdwn, mrkdwn, plainText } from './mrkdwn.js';

export const REVIEW_APPROVE_ACTION_ID = 'review_approve';
export const REVIEW_REJECT_ACTION_ID = 'review_reject';

export interface ReviewPostData {
  review: Review;
  /** the person's cached display name, if the bot has one */
  name: string | undefined;
  held: HeldUsage;
  /** whether the review's week is already closed (approving won't re-crown it) */
  closed: boolean;
}

function who(review: Review, name: string | undefined): string {
  // The person's ID in code, not as a mention: the review channel must not ping them.
  return name ? `*${displayName(name)}* (\`${review.userId}\`)` : `\`${review.userId}\``;
}

/** The person's usual week: their counted totals of the weeks before. */
function recentWeeksText(review: Review): string {
  const weeks = review.evidence.recentWeeks ?? [];
  if (weeks.length === 0) return '';
  return `\nTheir weeks before: ${weeks.map((row) => `${row.week.slice(5)} ${formatTokens(row.tokens)}`).join('  ·  ')}`;
}

/** Why the rule held it, in the reviewer's words. */
export function reviewEvidenceText(review: Review): string {
  const { evidence: e, rule } = review;
  const day = `${formatTokens(e.dayTokens)} tokens on ${review.day}`;
  if (rule === 'cap') {
    return `${formatTokens(e.sourceDayTokens)} tokens from *${escapeMrkdwn(review.source)}* on ${review.day}, above the daily cap of *${formatTokens(e.limit)}* per person and source (SOURCE_DAILY_CAP).`;
  }
  if (rule === 'spike') {
    return `${day}, against a usual day of *${formatTokens(e.usual)}* (the median of their ${e.basedOnDays} active days before it): above the limit of *${formatTokens(e.limit)}*.`;
  }
  return `${day} with little history of their own, against the organisation's usual day of *${formatTokens(e.usual)}* (median of ${e.basedOnDays} person-days): above the limit of *${formatTokens(e.limit)}*.`;
}

function heldText(held: HeldUsage): string {
  const models = held.models
    .slice(0, 5)
    .map((row) => `${escapeMrkdwn(row.model ?? 'unknown model')} ${formatTokens(row.tokens)}`)
    .join(', ');
  return `Held: *${formatTokens(held.tokens)}* tokens (${formatExactTokens(held.tokens)}) in ${formatExactTokens(held.events)} ${held.events === 1 ? 'request' : 'requests'}${models ? `  ·  ${models}` : ''}`;
}

/** The post in REVIEW_CHANNEL: who, the jump against their usual day, what is held, Approve / Reject. */
export function buildReviewPost(data: ReviewPostData) {
  const { review } = data;
  const button = (label: string, actionId: string, style: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: actionId,
    style,
    text: plainText(label),
    value: String(review.id),
  });
  return {
    text: `Usage held for review #${review.id}: ${review.userId}, ${review.day}, ${review.source}`,
    blocks: [
      { type: 'header' as const, text: plainText(`⏳ Usage held for review · #${review.id}`) },
      {
        type: 'section' as const,
        text: mrkdwn(
          `${who(review, data.name)} in ${review.week}, source *${escapeMrkdwn(review.source)}*:\n${reviewEvidenceText(review)}${recentWeeksText(review)}`,
        ),
      },
      { type: 'section' as const, text: mrkdwn(heldText(data.held)) },
      {
        type: 'actions' as const,
        block_id: `review_${review.id}`,
        elements: [
          button('✅ Approve', REVIEW_APPROVE_ACTION_ID, 'primary'),
          button('🚫 Reject', REVIEW_REJECT_ACTION_ID, 'danger'),
        ],
      },
      {
        type: 'context' as const,
        elements: [
          mrkdwn(
            `Only admins (ADMIN_USERS) can decide. Approve counts it and sends any badge it earned; Reject voids it (it stays stored). Both go in the audit log.${data.closed ? ` ${review.week} is already closed: its crown stays as it is.` : ''}`,
          ),
        ],
      },
    ],
  };
}

/** What the review post becomes once decided. */
export function buildReviewDecided(data: { review: Review; tokens: number; events: number }) {
  const { review } = data;
  const verb = review.status === 'approved' ? '✅ Approved' : '🚫 Rejected';
  const effect =
    review.status === 'approved'
      ? `${formatTokens(data.tokens)} tokens now count for \`${review.userId}\``
      : `${formatTokens(data.tokens)} tokens voided (still stored)`;
  const text = `${verb} review #${review.id} (${review.day}, ${escapeMrkdwn(review.source)}) by \`${review.decidedBy ?? '?'}\`: ${effect}.`;
  return {
    text,
    blocks: [
      { type: 'section' as const, text: mrkdwn(`${text}\n${reviewEvidenceText(review)}`) },
      { type: 'context' as const, elements: [mrkdwn('Recorded in the audit log (`/leaderboard audit`).')] },
    ],
  };
}
