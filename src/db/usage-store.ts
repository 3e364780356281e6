import type { UsageEvent } from '../ingest/usage-event.js';
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
  /** For a person's new usage of a day from one source: the review to hold it under, or undefined to count it. */
  decide(usage: TallyDelta): number | undefined;
  /** Called once the events are held under the review. */
  held(reviewId: number): void;
}

/** An event taken back, with what its tallies need to give back if it was counted. */
interface RemovedEvent {
  week: string;
  day: string;
  userId: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  state: 'counted' | 'held' | 'voided';
}

/** Writes usage events and keeps weekly tallies equal to the sum of the counted, attributed events. */
export function createUsageStore(db: Db, tallies: TallyDeltas) {
  // Positional parameters: this runs once per event on the ingestion hot path. A retry counts
  // itself on the stored row (duplicates > 0 in the answer) so "explain my number" can say so.
  const insertEvent = db.prepare<Array<string | number | null>, { id: number; duplicates: number }>(`
    INSERT INTO usage_events (source, event_id, user_ref, user_id, model, input_tokens, output_tokens,
      cache_read_tokens, cache_write_tokens, reasoning_tokens, occurred_at, week, day, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, event_id) DO UPDATE SET duplicates = duplicates + 1
    RETURNING id, duplicates`);
  const holdEvent = db.prepare<{ id: number; reviewId: number }>(
    "UPDATE usage_events SET state = 'held', review_id = @reviewId WHERE id = @id",
  );
  const attributeEvents = db.prepare<{ email: string; userId: string }>(
    'UPDATE usage_events SET user_id = @userId WHERE user_ref = @email AND user_id IS NULL',
  );
  const eventToRemove = db.prepare<
    { source: string; eventId: string },
    RemovedEvent
  >(`DELETE FROM usage_events WHERE source = @source AND event_id = @eventId
     RETURNING week, day, user_id AS userId, COALESCE(model, '') AS model, input_tokens AS inputTokens,
       output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens, cache_write_tokens AS cacheWriteTokens, state`);
  const rangeSums = db.prepare<{ source: string; from: string; to: string }, TallyDelta>(`
    SELECT week, day, user_id AS userId, source, COALESCE(model, '') AS model, SUM(input_tokens + output_tokens) AS tokens,
      SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
      COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens, COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens,
      COUNT(*) AS events
    FROM usage_events
    WHERE source = @source AND event_id >= @from AND event_id < @to AND user_id IS NOT NULL AND state = 'counted'
    GROUP BY week, day, user_id, COALESCE(model, '')`);
  // Only counted rows are replaced: a voided or held bucket keeps its state (and its id blocks
  // the re-polled copy), so a correction survives the connector polling its window again.
  const idsInRange = db
    .prepare<{ source: string; from: string; to: string }, string>(
      'SELECT event_id FROM usage_events WHERE source = @source AND event_id >= @from AND event_id < @to',
    )
    .pluck();
  const deleteRange = db.prepare<{ source: string; from: string; to: string }>(
    "DELETE FROM usage_events WHERE source = @source AND event_id >= @from AND event_id < @to AND state = 'counted'",
  );
  const unattributedSums = db.prepare<{ email: string }, Omit<TallyDelta, 'userId'>>(`
    SELECT week, day, source, COALESCE(model, '') AS model, SUM(input_tokens + output_tokens) AS tokens,
      SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
      COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens, COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens,
      COUNT(*) AS events
    FROM usage_events WHERE user_ref = @email AND user_id IS NULL AND state = 'counted'
    GROUP BY week, day, source, COALESCE(model, '')`);

  /** Takes deleted counted events' sums out of the tallies (a tally left with no events goes). */
  function subtractFromTallies(sums: Iterable<TallyDelta>): TallyChange[] {
    return tallies.apply([...sums].map(negated));
  }

  return {
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
      hold?: HoldDecider,
    ): RecordResult {
      let accepted = 0;
      const deltas = new Map<string, TallyDelta>();
      const rowIds = new Map<string, number[]>();
      events.forEach((event, index) => {
        const placement = placements[index];
        if (!placement) throw new Error(`event ${index} has no placement`);
        const { week, day, userId } = placement;
        const inserted = insertEvent.get(
          source,
          event.id,
          event.userRef,
          userId,
          event.model,
          event.inputTokens,
          event.outputTokens,
          event.cacheReadTokens,
          event.cacheWriteTokens,
          event.reasoningTokens,
          event.occurredAt,
          week,
          day,
          receivedAt,
        );
        if (!inserted || inserted.duplicates > 0) return;
        accepted += 1;
        if (userId === null) return;
        const model = event.model ?? '';
        const key = addToDelta(deltas, { week, day, userId, source, model }, event);
        if (hold) {
          const ids = rowIds.get(key);
          if (ids) ids.push(inserted.id);
          else rowIds.set(key, [inserted.id]);
        }
      });
      const changes: TallyChange[] = [];
      for (const [key, delta] of deltas) {
        // Each decision sees the counted usage of the ones before it in this batch.
        const reviewId = hold?.decide(delta);
        if (reviewId === undefined) {
          changes.push(...tallies.apply([delta]));
          continue;
        }
        for (const id of rowIds.get(key) ?? []) holdEvent.run({ id, reviewId });
        hold?.held(reviewId);
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
        const removed = eventToRemove.get({ source, eventId });
        if (!removed?.userId || removed.state !== 'counted') continue;
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
