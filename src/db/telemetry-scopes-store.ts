import { UNNAMED } from '../identity/anonymous-ref.js';
import type { CodingAgent } from '../ingest/telemetry-precedence.js';
import { SOURCE_ID } from './event-sums.js';
import type { Db } from './open-database.js';

/** Which (source, agent, person) scopes have sent per-request token events. */
export function createTelemetryScopesStore(db: Db) {
  const seen = db
    .prepare<{ source: string; agent: string; userRef: string; unnamed: string }, 1>(
      `SELECT 1 FROM telemetry_request_scopes
       WHERE source = @source AND agent = @agent AND (user_ref = @userRef OR @userRef = @unnamed) LIMIT 1`,
    )
    .pluck();
  const insert = db.prepare<{ source: string; agent: string; userRef: string; now: number }>(`
    INSERT INTO telemetry_request_scopes (source, agent, user_ref, first_seen_at)
    VALUES (@source, @agent, @userRef, @now) ON CONFLICT DO NOTHING`);
  const insertAggregate = db.prepare<{ source: string; eventId: string; agent: string; userRef: string }>(`
    INSERT INTO telemetry_aggregate_events (source, event_id, agent, user_ref)
    VALUES (@source, @eventId, @agent, @userRef) ON CONFLICT DO NOTHING`);
  const aggregatesSince = db
    .prepare<{ source: string; agent: string; userRef: string; unnamed: string; since: number }, string>(`
      SELECT a.event_id FROM telemetry_aggregate_events a
      JOIN usage_events e ON e.source_id = ${SOURCE_ID} AND e.event_id = a.event_id
      WHERE a.source = @source AND a.agent = @agent AND a.user_ref IN (@userRef, @unnamed) AND e.occurred_at >= @since`)
    .pluck();
  const forget = db.prepare<{ source: string; eventId: string }>(
    'DELETE FROM telemetry_aggregate_events WHERE source = @source AND event_id = @eventId',
  );
  return {
    /** Remembers a credited aggregate event of an agent. Call in the transaction that stores it. */
    recordAggregate: (source: string, eventId: string, agent: CodingAgent, userRef: string): void => {
      insertAggregate.run({ source, eventId, agent, userRef });
    },
    /**
     * The agent's aggregate events for a person (or naming nobody) on a source whose window
     * ended at or after `since` (ms): they counted requests that per-request events now count.
     */
    aggregatesSince: (source: string, agent: CodingAgent, userRef: string, since: number): string[] =>
      aggregatesSince.all({ source, agent, userRef, unnamed: UNNAMED, since }),
    forgetAggregate: (source: string, eventId: string): void => {
      forget.run({ source, eventId });
    },
    /** Whether the person had per-request events from the agent on the source (for UNNAMED: anyone). */
    requestsSeen: (source: string, agent: CodingAgent, userRef: string): boolean =>
      seen.get({ source, agent, userRef, unnamed: UNNAMED }) !== undefined,
    /** Call in the transaction that stores the events. */
    markSeen: (source: string, agent: CodingAgent, userRef: string, now: number): void => {
      insert.run({ source, agent, userRef, now });
    },
  };
}

export type TelemetryScopesStore = ReturnType<typeof createTelemetryScopesStore>;
