import { STATE } from './event-sums.js';
import type { Db } from './open-database.js';

/** Where a walk through the events (in key order) stopped. */
export interface EventKey {
  sourceId: number;
  eventId: string;
}

export interface PurgeStep {
  /** events examined in this step; fewer than asked for means the walk reached the end */
  examined: number;
  deleted: number;
  /** the last key examined, where the next step goes on from */
  last: EventKey | undefined;
}

/**
 * Forgets what is older than the retention window: raw events (walked in key order, a few at a
 * time, so no index on time is needed and no step holds the write lock for long), the telemetry
 * bookkeeping that pointed at them, counters of exporters gone silent, and delivered messages.
 * Tallies, daily tallies, final rankings, crowns, reviews and the audit log are never touched.
 */
export function createRetentionStore(db: Db) {
  const firstEvents = db.prepare<{ limit: number }, EventKey & { occurredAt: number; state: number }>(`
    SELECT source_id AS sourceId, event_id AS eventId, occurred_at AS occurredAt, state FROM usage_events
    ORDER BY source_id, event_id LIMIT @limit`);
  const nextEvents = db.prepare<EventKey & { limit: number }, EventKey & { occurredAt: number; state: number }>(`
    SELECT source_id AS sourceId, event_id AS eventId, occurred_at AS occurredAt, state FROM usage_events
    WHERE (source_id, event_id) > (@sourceId, @eventId) ORDER BY source_id, event_id LIMIT @limit`);
  const deleteEvent = db.prepare<EventKey>(
    'DELETE FROM usage_events WHERE source_id = @sourceId AND event_id = @eventId',
  );
  const forgetAggregate = db.prepare<EventKey>(`
    DELETE FROM telemetry_aggregate_events
    WHERE source = (SELECT name FROM event_sources WHERE id = @sourceId) AND event_id = @eventId`);
  // last_ns is nanoseconds as decimal text; as an integer it compares as a number.
  const deleteSilentCounters = db.prepare<{ beforeNs: bigint }>(
    'DELETE FROM otlp_counters WHERE CAST(last_ns AS INTEGER) < @beforeNs',
  );
  const deleteDelivered = db.prepare<{ before: number }>(
    "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < @before",
  );

  const step = db.transaction((after: EventKey | undefined, before: number, limit: number): PurgeStep => {
    const rows = after ? nextEvents.all({ ...after, limit }) : firstEvents.all({ limit });
    let deleted = 0;
    for (const row of rows) {
      // Held usage waits for its review whatever its age: a decision must still find it.
      if (row.occurredAt >= before || row.state === STATE.held) continue;
      const key = { sourceId: row.sourceId, eventId: row.eventId };
      deleted += deleteEvent.run(key).changes;
      forgetAggregate.run(key);
    }
    const last = rows.at(-1);
    return {
      examined: rows.length,
      deleted,
      last: last ? { sourceId: last.sourceId, eventId: last.eventId } : undefined,
    };
  });

  return {
    /**
     * Examines the next `limit` events after `after` (from the first, if undefined) and deletes
     * those that occurred before `before` (ms), except held ones; one short transaction.
     */
    purgeEvents: (after: EventKey | undefined, before: number, limit: number): PurgeStep =>
      step.immediate(after, before, limit),
    /** Deletes counter readings last seen before `before` (ms) and messages delivered (or given up) before it. */
    purgeBookkeeping(before: number): { counters: number; messages: number } {
      return db
        .transaction(() => ({
          counters: deleteSilentCounters.run({ beforeNs: BigInt(before) * 1_000_000n }).changes,
          messages: deleteDelivered.run({ before }).changes,
        }))
        .immediate();
    },
  };
}

export type RetentionStore = ReturnType<typeof createRetentionStore>;
