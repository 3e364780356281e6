import type { Clock } from '../clock.js';
import type { AuditStore } from '../db/audit-store.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { DailyTalliesStore } from '../db/daily-tallies-store.js';
import type { EventStatesStore } from '../db/event-states-store.js';
import type { Db } from '../db/open-database.js';
import type { OutboxStore } from '../db/outbox-store.js';
import type { ReviewsStore } from '../db/reviews-store.js';
import type { TallyChange, TallyDelta, TallyDeltas } from '../db/tally-deltas.js';
import type { HoldDecider } from '../db/usage-store.js';
import { ThroneError } from '../errors.js';
import { type AnomalySettings, judgeDay, mayHold } from '../fair-play/anomaly-rule.js';
import type { Review } from '../fair-play/review.js';
import { buildReviewPost } from '../slack/blocks/review-post.js';
import { addDays } from '../weeks/day-of.js';
import { parseWeek } from '../weeks/parse-week.js';
import { previousWeek } from '../weeks/week-of.js';
import { type Actor, actorName, effectsOf, requireAdmin } from './corrections.js';

export interface ReviewDeskOptions {
  db: Db;
  reviews: ReviewsStore;
  daily: DailyTalliesStore;
  eventStates: EventStatesStore;
  tallies: TallyDeltas;
  audit: AuditStore;
  crowns: CrownsStore;
  outbox: OutboxStore;
  settings: AnomalySettings;
  weekTimeZone: string;
  /** a person's counted weekly total, for the weeks before the held one */
  talliesOf: (week: string, userId: string) => number | undefined;
  reviewChannel: string | undefined;
  admins: ReadonlySet<string>;
  /** a cached display name, for the review post (no Slack call inside a transaction) */
  nameOf: (userId: string) => string | undefined;
  /** queues the badge DMs a change earned; runs in the decision's transaction */
  onTallyChanges: (changes: TallyChange[]) => number;
  clock: Clock;
}

export type Decision = 'approve' | 'reject';

export interface DecisionResult {
  review: Review;
  events: number;
  tokens: number;
  changes: TallyChange[];
  queuedMessages: number;
}

const RECENT_WEEKS = 4;

/** How long the organisation's distribution is reused before it is read again. */
const ORG_HISTORY_TTL_MS = 10 * 60_000;

/**
 * Holds anomalous usage for review and carries out admins' decisions. The hold runs inside the
 * ingestion transaction: the held events, their review and its post in REVIEW_CHANNEL commit
 * together. Approving counts the held events (and queues the badge DMs they earned, once:
 * badge DMs are keyed by week, person and badge); rejecting voids them. Both are audited.
 */
export function createReviewDesk(options: ReviewDeskOptions) {
  const { db, reviews, daily, eventStates, tallies, audit, crowns, outbox, settings, clock } = options;
  let orgCache: { window: string; at: number; days: number[] } | undefined;

  function orgHistory(from: string, to: string): number[] {
    const now = clock().getTime();
    const window = `${from}/${to}`;
    if (orgCache?.window === window && now - orgCache.at < ORG_HISTORY_TTL_MS) return orgCache.days;
    orgCache = { window, at: now, days: daily.orgDays(from, to) };
    return orgCache.days;
  }

  /** The person's counted totals of the weeks before `weekKey`, oldest first. */
  function recentWeeks(weekKey: string, userId: string) {
    const weeks: Array<{ week: string; tokens: number }> = [];
    let week = parseWeek(weekKey, options.weekTimeZone);
    for (let index = 0; week && index < RECENT_WEEKS; index += 1) {
      week = previousWeek(week, options.weekTimeZone);
      weeks.unshift({ week: week.key, tokens: options.talliesOf(week.key, userId) ?? 0 });
    }
    return weeks;
  }

  function postReview(review: Review, now: number): void {
    if (!options.reviewChannel) return;
    const post = buildReviewPost({
      review,
      name: options.nameOf(review.userId),
      held: reviews.held(review.id),
      closed: crowns.isClosed(review.week),
    });
    outbox.enqueue({ key: `review:${review.id}`, kind: 'review_post', channel: options.reviewChannel, ...post }, now);
  }

  /** `usage` is already counted: the day's totals read below include it. */
  function decideHold(usage: TallyDelta, weekTokens: number): number | undefined {
    if (!mayHold(weekTokens, settings)) return undefined;
    // An admin approved this day from this source: the rest of it counts too.
    if (reviews.latestFor(usage.userId, usage.day, usage.source)?.status === 'approved') return undefined;
    const from = addDays(usage.day, -settings.historyDays);
    const counted = daily.dayTotals(usage.userId, usage.day, usage.source);
    const verdict = judgeDay(
      {
        dayTokens: counted.day,
        sourceDayTokens: counted.source,
        ownHistory: () => daily.personDays(usage.userId, from, usage.day),
        orgHistory: () => orgHistory(from, usage.day),
      },
      settings,
    );
    if (!verdict.held) return undefined;
    const now = clock().getTime();
    const { rule, held: _held, ...numbers } = verdict;
    const evidence = { ...numbers, recentWeeks: recentWeeks(usage.week, usage.userId) };
    const review = { userId: usage.userId, week: usage.week, day: usage.day, source: usage.source, rule, evidence };
    return reviews.create({ ...review, createdAt: now });
  }

  const hold: HoldDecider = {
    pendingReviews: () => reviews.pendingKeys(),
    decide: decideHold,
    // Queued once per review (the outbox key), in the transaction that held the events.
    held(reviewId) {
      const review = reviews.get(reviewId);
      if (review) postReview(review, clock().getTime());
    },
  };

  const decideInTransaction = db.transaction((id: number, decision: Decision, actor: Actor): DecisionResult => {
    const review = reviews.get(id);
    if (!review) throw new ThroneError('not_found', `There is no review #${id}.`);
    const now = clock().getTime();
    const status = decision === 'approve' ? 'approved' : 'rejected';
    if (!reviews.decide(id, status, actorName(actor), now)) {
      throw new ThroneError(
        'bad_input',
        `Review #${id} was already ${review.status}${review.decidedBy ? ` by ${review.decidedBy}` : ''}; nothing changed.`,
      );
    }
    const selection = { kind: 'review' as const, reviewId: id };
    const sums = eventStates.sums(selection, 'held');
    const held = reviews.held(id);
    const events = eventStates.move(selection, 'held', decision === 'approve' ? 'counted' : 'voided');
    const changes = decision === 'approve' ? tallies.apply(sums) : [];
    const queuedMessages = changes.length > 0 ? options.onTallyChanges(changes) : 0;
    audit.append(
      {
        at: now,
        actor: actorName(actor),
        action: decision,
        target: `review #${id}: ${review.userId}'s ${review.day} from ${review.source}`,
        reason:
          decision === 'approve'
            ? `held by the ${review.rule} rule; approved after review`
            : `held by the ${review.rule} rule; rejected after review`,
        events,
        effects: effectsOf(changes),
        closedWeeks: crowns.isClosed(review.week) ? [review.week] : [],
      },
      [review.week],
    );
    return {
      review: { ...review, status, decidedBy: actorName(actor), decidedAt: now },
      events,
      tokens: held.tokens,
      changes,
      queuedMessages,
    };
  });

  return {
    hold,
    /** Approves or rejects held usage; only admins (or the command line) may. */
    decide(id: number, decision: Decision, actor: Actor): DecisionResult {
      requireAdmin(options.admins, actor);
      return decideInTransaction.immediate(id, decision, actor);
    },
    pending: () => reviews.pending(),
  };
}

export type ReviewDesk = ReturnType<typeof createReviewDesk>;
