import type { Clock } from '../clock.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { OutboxStore } from '../db/outbox-store.js';
import type { TallyChange } from '../db/usage-store.js';
import { buildBadgeDm } from '../slack/blocks/badge-dm.js';
import { type Badge, badgesCrossed, nextBadge } from './ladder.js';

/**
 * Queues one DM for each tally change that crosses badge thresholds, naming every badge it
 * crossed. Runs inside the ingestion transaction, so the tally and its DM commit together.
 * Weeks already closed earn no DMs: late events count, but congratulating someone on a past
 * week would only confuse them.
 */
export function createBadgeDmQueuer(ladder: readonly Badge[], outbox: OutboxStore, crowns: CrownsStore, clock: Clock) {
  return (changes: TallyChange[]): number => {
    const now = clock().getTime();
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
  };
}
