import { type Badge, badgesCrossed, nextBadge } from '../badges/ladder.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { OutboxStore } from '../db/outbox-store.js';
import type { TallyChange } from '../db/tally-deltas.js';
import { buildBadgeDm } from '../slack/blocks/badge-dm.js';

/**
 * Queues one DM for each tally change that crosses badge thresholds, naming every badge it
 * crossed; returns how many it queued. Call inside the transaction that changed the tallies,
 * so a tally and its DM commit together. Weeks already closed earn no DMs: late events count,
 * but congratulating someone on a past week would only confuse them.
 */
export function queueBadgeDms(
  changes: readonly TallyChange[],
  now: number,
  { ladder, outbox, crowns }: { ladder: readonly Badge[]; outbox: OutboxStore; crowns: CrownsStore },
): number {
  let queued = 0;
  for (const change of changes) {
    const badges = badgesCrossed(ladder, change.before, change.after);
    if (badges.length === 0 || crowns.isClosed(change.week)) continue;
    const message = buildBadgeDm({
      week: change.week,
      badges,
      tokens: change.after,
      next: nextBadge(ladder, change.after),
    });
    const added = outbox.enqueue(
      {
        key: `badge:${change.week}:${change.userId}:${badges.map((badge) => badge.threshold).join('+')}`,
        kind: 'badge_dm',
        userId: change.userId,
        ...message,
      },
      now,
    );
    if (added) queued += 1;
  }
  return queued;
}
