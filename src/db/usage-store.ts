import type { UsageEvent } from '../ingest/usage-event.js';
import type { Db } from './open-database.js';

/** What ingestion decided for an event: its week, and the Slack user it counts for. */
export interface EventPlacement {
  week: string;
  /** null while the event's email is unresolved */
  userId: string | null;
}

/** A person's weekly total before and after a write: what badge checks look at. */
export interface TallyChange {
  week: string;
  userId: string;
  before: number;
  after: number;
}

export interface RecordResult {
  accepted: number;
  duplicates: number;
  tallyChanges: TallyChange[];
}

interface TallyIncrement {
  week: string;
  userId: string;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  events: number;
}

/** Writes usage events and keeps weekly tallies equal to the sum of the attributed events. */
export function createUsageStore(db: Db) {
  // Positional parameters: this runs once per event on the ingestion hot path.
  const insertEvent = db.prepare<Array<string | number | null>>(`
    INSERT INTO usage_events (source, event_id, user_ref, user_id, model, input_tokens, output_tokens,
      cache_read_tokens, cache_write_tokens, reasoning_tokens, occurred_at, week, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, event_id) DO NOTHING`);
  const addToTally = db
    .prepare<TallyIncrement, number>(`
      INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events)
      VALUES (@week, @userId, @tokens, @inputTokens, @outputTokens, @events)
      ON CONFLICT (week, user_id) DO UPDATE SET
        tokens = tokens + excluded.tokens,
        input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        events = events + excluded.events
      RETURNING tokens`)
    .pluck();
  const attributeEvents = db.prepare<{ email: string; userId: string }>(
    'UPDATE usage_events SET user_id = @userId WHERE user_ref = @email AND user_id IS NULL',
  );
  const eventToRemove = db.prepare<
    { source: string; eventId: string },
    { week: string; userId: string | null; inputTokens: number; outputTokens: number }
  >(`DELETE FROM usage_events WHERE source = @source AND event_id = @eventId
     RETURNING week, user_id AS userId, input_tokens AS inputTokens, output_tokens AS outputTokens`);
  const rangeSums = db.prepare<{ source: string; from: string; to: string }, TallyIncrement>(`
    SELECT week, user_id AS userId, SUM(input_tokens + output_tokens) AS tokens, SUM(input_tokens) AS inputTokens,
      SUM(output_tokens) AS outputTokens, COUNT(*) AS events
    FROM usage_events WHERE source = @source AND event_id >= @from AND event_id < @to AND user_id IS NOT NULL
    GROUP BY week, user_id`);
  const deleteRange = db.prepare<{ source: string; from: string; to: string }>(
    'DELETE FROM usage_events WHERE source = @source AND event_id >= @from AND event_id < @to',
  );
  const subtractFromTally = db.prepare<TallyIncrement, { tokens: number; events: number }>(`
    UPDATE weekly_tallies SET tokens = tokens - @tokens, input_tokens = input_tokens - @inputTokens,
      output_tokens = output_tokens - @outputTokens, events = events - @events
    WHERE week = @week AND user_id = @userId
    RETURNING tokens, events`);
  const dropEmptyTally = db.prepare<{ week: string; userId: string }>(
    'DELETE FROM weekly_tallies WHERE week = @week AND user_id = @userId AND events = 0',
  );
  const unattributedSums = db.prepare<{ email: string }, Omit<TallyIncrement, 'userId'>>(`
    SELECT week, SUM(input_tokens + output_tokens) AS tokens, SUM(input_tokens) AS inputTokens,
      SUM(output_tokens) AS outputTokens, COUNT(*) AS events
    FROM usage_events WHERE user_ref = @email AND user_id IS NULL GROUP BY week`);

  /** Adds per-(week, person) sums to the tallies; returns each total before and after. */
  function applyIncrements(increments: Iterable<TallyIncrement>): TallyChange[] {
    const changes: TallyChange[] = [];
    for (const increment of increments) {
      const after = addToTally.get(increment) ?? increment.tokens;
      changes.push({ week: increment.week, userId: increment.userId, before: after - increment.tokens, after });
    }
    return changes;
  }

  /** Takes deleted events' sums out of their tallies; a tally left with no events is removed. */
  function subtractFromTallies(sums: Iterable<TallyIncrement>): TallyChange[] {
    const changes: TallyChange[] = [];
    for (const sum of sums) {
      const after = subtractFromTally.get(sum);
      if (!after) continue;
      if (after.events === 0) dropEmptyTally.run(sum);
      changes.push({ week: sum.week, userId: sum.userId, before: after.tokens + sum.tokens, after: after.tokens });
    }
    return changes;
  }

  return {
    /**
     * Stores new events (a retried (source, id) is a duplicate and changes nothing) and adds the
     * attributed ones to their tallies. Call inside a transaction; see recordUsage.
     */
    insertEvents(source: string, events: UsageEvent[], placements: EventPlacement[], receivedAt: number): RecordResult {
      let accepted = 0;
      const increments = new Map<string, TallyIncrement>();
      events.forEach((event, index) => {
        const placement = placements[index];
        if (!placement) throw new Error(`event ${index} has no placement`);
        const { week, userId } = placement;
        const inserted = insertEvent.run(
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
          receivedAt,
        );
        if (inserted.changes === 0) return;
        accepted += 1;
        if (userId === null) return;
        const key = `${week}\u0000${userId}`;
        const increment = increments.get(key) ?? {
          week,
          userId,
          tokens: 0,
          inputTokens: 0,
          outputTokens: 0,
          events: 0,
        };
        increment.tokens += event.inputTokens + event.outputTokens;
        increment.inputTokens += event.inputTokens;
        increment.outputTokens += event.outputTokens;
        increment.events += 1;
        increments.set(key, increment);
      });
      return { accepted, duplicates: events.length - accepted, tallyChanges: applyIncrements(increments.values()) };
    },

    /**
     * Takes events back (usage another signal counts): deletes them and subtracts the attributed
     * ones from their tallies. Call inside a transaction.
     */
    removeEvents(source: string, eventIds: string[]): TallyChange[] {
      const sums = new Map<string, TallyIncrement>();
      for (const eventId of eventIds) {
        const removed = eventToRemove.get({ source, eventId });
        if (!removed?.userId) continue;
        const key = `${removed.week}\u0000${removed.userId}`;
        const sum = sums.get(key) ?? {
          week: removed.week,
          userId: removed.userId,
          tokens: 0,
          inputTokens: 0,
          outputTokens: 0,
          events: 0,
        };
        sum.tokens += removed.inputTokens + removed.outputTokens;
        sum.inputTokens += removed.inputTokens;
        sum.outputTokens += removed.outputTokens;
        sum.events += 1;
        sums.set(key, sum);
      }
      return subtractFromTallies(sums.values());
    },

    /**
     * Deletes a source's events whose ids fall in [from, to) and takes them out of their tallies.
     * Call inside a transaction; see replaceWindow.
     */
    removeEventRange(source: string, from: string, to: string): TallyChange[] {
      const changes = subtractFromTallies(rangeSums.all({ source, from, to }));
      deleteRange.run({ source, from, to });
      return changes;
    },

    /**
     * Attributes an email's waiting events to the Slack user it resolved to and adds them to
     * that user's tallies. Call inside a transaction.
     */
    attributeEmail(email: string, userId: string): TallyChange[] {
      const sums = unattributedSums.all({ email });
      attributeEvents.run({ email, userId });
      return applyIncrements(sums.map((sum) => ({ ...sum, userId })));
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
