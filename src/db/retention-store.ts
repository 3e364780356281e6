import { STATE } from './event-sums.js';
import type { Db } from './open-database.js';

/** Where a walk through the events (in key order) stopped. */
export interface EventKey {
  sourceId: number;
  eventId: string;
}

export interface PurgeStep {
  deleted: number;
  /** the last key of this step, after which the next one starts; undefined when the walk is done */
  next: EventKey | undefined;
}

/** Before every key: source numbers start at 1. */
const FIRST_KEY: EventKey = { sourceId: 0, eventId: '' };

/**
 * Forgets what is older than the retention window: raw events (walked in key order, a range of
 * keys at a time, so no index on time is needed and no step holds the write lock for long), the telemetry
 * bookkeeping that pointed at them, counters of exporters gone silent, and delivered messages.
 * Tallies, daily tallies, final rankings, crowns, reviews and the audit log are never touched.
 */
export function createRetentionStore(db: Db) {
  // Where the next step ends: the key `limit` events on, or undefined when fewer are left.
  const stepEnd = db.prepare<EventKey & { offset: number }, EventKey>(`
    SELECT source_id AS sourceId, event_id AS eventId FROM usage_events
    WHERE (source_id, event_id) > (@sourceId, @eventId) ORDER BY source_id, event_id LIMIT 1 OFFSET @offset`);
  const deleteRange = db.prepare<
    { sourceId: number; eventId: string; lastSourceId: number; lastEventId: string; before: number },
    EventKey
  >(`
    DELETE FROM usage_events
    WHERE (source_id, event_id) > (@sourceId, @eventId) AND (source_id, event_id) <= (@lastSourceId, @lastEventId)
      AND occurred_at < @before AND state != ${STATE.held}
    RETURNING source_id AS sourceId, event_id AS eventId`);
  const sourceName = db.prepare<[number], string>('SELECT name FROM event_sources WHERE id = ?').pluck();
  const hasAggregates = db
    .prepare<[string], 1>('SELECT 1 FROM telemetry_aggregate_events WHERE source = ? LIMIT 1')
    .pluck();
  const forgetAggregate = db.prepare<[string, string]>(
    'DELETE FROM telemetry_aggregate_events WHERE source = ? AND event_id = ?',
  );
  // last_ns is nanoseconds as decimal text; as an integer it compares as a number.
  const deleteSilentCounters = db.prepare<{ beforeNs: bigint }>(
    'DELETE FROM otlp_counters WHERE CAST(last_ns AS INTEGER) < @beforeNs',
  );
  const deleteDelivered = db.prepare<{ before: number }>(
    "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < @before",
  );

  /** A deleted event's telemetry bookkeeping goes with it (only sources that have any are looked up). */
  function forgetAggregates(deleted: EventKey[]): void {
    const names = new Map<number, string | undefined>();
    for (const { sourceId, eventId } of deleted) {
      if (!names.has(sourceId)) {
        const name = sourceName.get(sourceId);
        names.set(sourceId, name !== undefined && hasAggregates.get(name) ? name : undefined);
      }
      const name = names.get(sourceId);
      if (name !== undefined) forgetAggregate.run(name, eventId);
    }
  }

  const step = db.transaction((after: EventKey, before: number, limit: number): PurgeStep => {
    const end = stepEnd.get({ ...after, offset: limit - 1 });
    // Past the last full step, the range runs to the end of the table.
    const last = end ?? { sourceId: Number.MAX_SAFE_INTEGER, eventId: '' };
    const deleted = deleteRange.all({
      ...after,
      lastSourceId: last.sourceId,
      lastEventId: last.eventId,
      before,
    });
    forgetAggregates(deleted);
    return { deleted: deleted.length, next: end };
  });

  return {
    /**
     * Deletes, among the next `limit` events after `after` in key order (from the first, if
     * undefined), those that occurred before `before` (ms), except held ones; one short
     * transaction. `next` is where the following step starts, undefined at the end.
     */
    purgeEvents: (after: EventKey | undefined, before: number, limit: number): PurgeStep =>
      step.immediate(after ?? FIRST_KEY, before, limit),
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
