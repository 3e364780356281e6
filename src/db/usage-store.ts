import type { UsageEvent } from '../ingest/usage-event.js';
import { dayNumber } from '../weeks/day-of.js';
import { DELTA_COLUMNS, DELTA_GROUPS, NAMED_EVENTS, SOURCE_ID, STATE } from './event-sums.js';
import type { NamesStore } from './names-store.js';
import type { Db } from './open-database.js';
import {
  addToDelta,
  mergeTallyChanges,
  negated,
  type TallyChange,
  type TallyDelta,
  type TallyDeltas,
} from './tally-deltas.js';

/** What ingestion decided for an event: its week and day, and the Slack user it counts for. */
export interface EventPlacement {
  week: string;
  /** the calendar day in WEEK_TIMEZONE, YYYY-MM-DD */
  day: string;
  /** null while the event's email is unresolved */
  userId: string | null;
}

export interface RecordResult {
  accepted: number;
  duplicates: number;
  tallyChanges: TallyChange[];
}

/** Holds anomalous usage for review, inside the ingestion transaction. */
export interface HoldDecider {
  /** The reviews waiting for a decision, by holdKey(): new usage of their person, day and source joins them. */
  pendingReviews(): Map<string, number>;
  /**
   * For a person's new usage of a day from one source, already counted (their week now totals
   * `weekTokens`): the review to hold it under, or undefined to keep it counted.
   */
  decide(usage: TallyDelta, weekTokens: number): number | undefined;
  /** Called once the events are held under the review. */
  held(reviewId: number): void;
}

/** The hold decider of one transaction, with the reviews pending when it began (read once). */
export interface HoldContext {
  decider: HoldDecider;
  pending: Map<string, number>;
}

/** What a review holds: a person's day from one source. */
export function holdKey(userId: string, day: string, source: string): string {
  return `${userId}\u0000${day}\u0000${source}`;
}

/** An event taken back, with what its tallies need to give back if it was counted. */
type RemovedEvent = TallyDelta & { state: number };

/** Writes usage events and keeps weekly tallies equal to the sum of the counted, attributed events. */
export function createUsageStore(db: Db, tallies: TallyDeltas, names: NamesStore) {
  // Positional parameters: this runs once per event on the ingestion hot path. A retry counts
  // itself on the stored row (duplicates > 0 in the answer) so "explain my number" can say so.
  const insertEvent = db
    .prepare<Array<string | number | null>, number>(`
      INSERT INTO usage_events (source_id, event_id, user_ref, user_id, model_id, input_tokens, output_tokens,
        cache_read_tokens, cache_write_tokens, reasoning_tokens, occurred_at, day, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source_id, event_id) DO UPDATE SET duplicates = duplicates + 1
      RETURNING duplicates`)
    .pluck();
  const holdEvent = db.prepare<[number, number, string]>(
    `UPDATE usage_events SET state = ${STATE.held}, review_id = ? WHERE source_id = ? AND event_id = ?`,
  );
  const attributeEvents = db.prepare<{ email: string; userId: string }>(
    'UPDATE usage_events SET user_id = @userId WHERE user_ref = @email AND user_id IS NULL',
  );
  const eventSums = db.prepare<{ source: string; eventId: string }, RemovedEvent>(`
    SELECT ${DELTA_COLUMNS}, e.state AS state FROM ${NAMED_EVENTS}
    WHERE e.source_id = ${SOURCE_ID} AND e.event_id = @eventId ${DELTA_GROUPS}`);
  const deleteEvent = db.prepare<{ source: string; eventId: string }>(
    `DELETE FROM usage_events WHERE source_id = ${SOURCE_ID} AND event_id = @eventId`,
  );
  const rangeSums = db.prepare<{ source: string; from: string; to: string }, TallyDelta>(`
    SELECT ${DELTA_COLUMNS} FROM ${NAMED_EVENTS}
    WHERE e.source_id = ${SOURCE_ID} AND e.event_id >= @from AND e.event_id < @to AND e.user_id IS NOT NULL
      AND e.state = ${STATE.counted}
    ${DELTA_GROUPS}`);
  // Only counted rows are replaced: a voided or held bucket keeps its state (and its id blocks
  // the re-polled copy), so a correction survives the connector polling its window again.
  const idsInRange = db
    .prepare<{ source: string; from: string; to: string }, string>(
      `SELECT event_id FROM usage_events WHERE source_id = ${SOURCE_ID} AND event_id >= @from AND event_id < @to`,
    )
    .pluck();
  const deleteRange = db.prepare<{ source: string; from: string; to: string }>(`
    DELETE FROM usage_events
    WHERE source_id = ${SOURCE_ID} AND event_id >= @from AND event_id < @to AND state = ${STATE.counted}`);
  const unattributedSums = db.prepare<{ email: string }, Omit<TallyDelta, 'userId'>>(`
    SELECT ${DELTA_COLUMNS} FROM ${NAMED_EVENTS}
    WHERE e.user_ref = @email AND e.user_id IS NULL AND e.state = ${STATE.counted}
    ${DELTA_GROUPS}`);

  /** Takes deleted counted events' sums out of the tallies (a tally left with no events goes). */
  function subtractFromTallies(sums: Iterable<TallyDelta>): TallyChange[] {
    return tallies.apply([...sums].map(negated));
  }

  return {
    /**
     * Stores the names (source, models) a write will use, before its transaction begins, so the
     * events' numbers for them come from memory.
     */
    prepareNames(source: string, events: readonly UsageEvent[]): void {
      names.sources.prepare([source]);
      names.models.prepare(events.flatMap((event) => (event.model === null ? [] : [event.model])));
    },

    /**
     * Stores new events (a retried (source, id) is a duplicate and changes nothing but its
     * count) and adds the attributed ones to their tallies, unless `hold` holds a person's day
     * for review. Call inside a transaction; see recordUsage.
     */
    insertEvents(
      source: string,
      events: UsageEvent[],
      placements: EventPlacement[],
      receivedAt: number,
      hold?: HoldContext,
    ): RecordResult {
      let accepted = 0;
      const sourceId = names.sources.idOf(source);
      const deltas = new Map<string, TallyDelta>();
      const eventIds = new Map<string, string[]>();
      // Most events of a write share their day: its number is worked out once.
      const days = { key: '', number: 0 };
      events.forEach((event, index) => {
        const placement = placements[index];
        if (!placement) throw new Error(`event ${index} has no placement`);
        const { week, day, userId } = placement;
        if (day !== days.key) Object.assign(days, { key: day, number: dayNumber(day) });
        const duplicates = insertEvent.get(
          sourceId,
          event.id,
          event.userRef === userId ? null : event.userRef,
          userId,
          event.model === null ? null : names.models.idOf(event.model),
          event.inputTokens,
          event.outputTokens,
          event.cacheReadTokens,
          event.cacheWriteTokens,
          event.reasoningTokens,
          event.occurredAt,
          days.number,
          receivedAt,
        );
        if (duplicates === undefined || duplicates > 0) return;
        accepted += 1;
        if (userId === null) return;
        const model = event.model ?? '';
        const key = addToDelta(deltas, { week, day, userId, source, model }, event);
        if (hold) {
          const ids = eventIds.get(key);
          if (ids) ids.push(event.id);
          else eventIds.set(key, [event.id]);
        }
      });
      const changes: TallyChange[] = [];
      for (const [key, delta] of deltas) {
        const reviewKey = holdKey(delta.userId, delta.day, source);
        let reviewId = hold?.pending.get(reviewKey);
        if (reviewId === undefined) {
          // Counted first: each decision sees the usage before it, in this transaction too.
          const counted = tallies.apply([delta]);
          reviewId = hold?.decider.decide(delta, counted[0]?.after ?? delta.tokens);
          if (reviewId === undefined) {
            changes.push(...counted);
            continue;
          }
          tallies.apply([negated(delta)]);
          hold?.pending.set(reviewKey, reviewId);
        }
        for (const id of eventIds.get(key) ?? []) holdEvent.run(reviewId, sourceId, id);
        hold?.decider.held(reviewId);
      }
      const tallyChanges = mergeTallyChanges(changes);
      return { accepted, duplicates: events.length - accepted, tallyChanges };
    },

    /**
     * Takes events back (usage another signal counts): deletes them and subtracts the attributed
     * ones from their tallies. Call inside a transaction.
     */
    removeEvents(source: string, eventIds: string[]): TallyChange[] {
      const sums = new Map<string, TallyDelta>();
      for (const eventId of eventIds) {
        const removed = eventSums.get({ source, eventId });
        deleteEvent.run({ source, eventId });
        if (!removed?.userId || removed.state !== STATE.counted) continue;
        const { week, day, userId, model } = removed;
        addToDelta(sums, { week, day, userId, source, model }, removed);
      }
      return subtractFromTallies(sums.values());
    },

    /**
     * Deletes a source's counted events whose ids fall in [from, to) and takes them out of their
     * tallies; `kept` are the ids left in the range (voided or held), which a replacement must
     * leave alone. Call inside a transaction; see replaceWindow.
     */
    removeEventRange(source: string, from: string, to: string): { changes: TallyChange[]; kept: Set<string> } {
      const changes = subtractFromTallies(rangeSums.all({ source, from, to }));
      deleteRange.run({ source, from, to });
      return { changes, kept: new Set(idsInRange.all({ source, from, to })) };
    },

    /**
     * Attributes an email's waiting events to the Slack user it resolved to and adds them to
     * that user's tallies. Call inside a transaction.
     */
    attributeEmail(email: string, userId: string): TallyChange[] {
      const sums = unattributedSums.all({ email });
      attributeEvents.run({ email, userId });
      return tallies.apply(sums.map((sum) => ({ ...sum, userId })));
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
