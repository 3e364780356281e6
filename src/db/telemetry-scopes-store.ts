import { UNNAMED } from '../identity/anonymous-ref.js';
import type { CodingAgent } from '../ingest/telemetry-precedence.js';
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
  return {
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
