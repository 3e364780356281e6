import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { createRetentionStore, type EventKey } from '../../../src/db/retention-store.js';

const CUTOFF = Date.parse('2026-06-01T00:00:00Z');
const OLD = CUTOFF - 1;
const KEPT = CUTOFF;

interface Row {
  source: 'gateway' | 'otel' | 'pull:cursor';
  id: string;
  at: number;
  held: boolean;
}

function database(rows: Row[]) {
  const db = openDatabase(':memory:');
  migrate(db);
  db.exec(`INSERT INTO event_sources (name) VALUES ('gateway'), ('otel'), ('pull:cursor')`);
  db.exec(`INSERT INTO reviews (id, user_id, week, day, source, rule, evidence, status, created_at)
    VALUES (1, 'U0ALICE01', '2026-W20', '2026-05-12', 'gateway', 'cap', '{}', 'pending', 0)`);
  const insert = db.prepare(`
    INSERT INTO usage_events (source_id, event_id, user_id, input_tokens, output_tokens, occurred_at, day,
      received_at, state, review_id)
    VALUES ((SELECT id FROM event_sources WHERE name = ?), ?, 'U0ALICE01', 1, 1, ?, 0, 0, ?, ?)`);
  const aggregate = db.prepare(
    "INSERT INTO telemetry_aggregate_events (source, event_id, agent, user_ref) VALUES (?, ?, 'claude-code', 'U0ALICE01')",
  );
  for (const row of rows) {
    insert.run(row.source, row.id, row.at, row.held ? 1 : 0, row.held ? 1 : null);
    if (row.source === 'otel') aggregate.run(row.source, row.id);
  }
  return db;
}

/** Runs a whole purge walk in steps of `limit`; returns how many were deleted. */
function purgeAll(db: ReturnType<typeof database>, limit: number): number {
  const retention = createRetentionStore(db);
  let deleted = 0;
  let after: EventKey | undefined;
  do {
    const step = retention.purgeEvents(after, CUTOFF, limit);
    deleted += step.deleted;
    after = step.next;
  } while (after !== undefined);
  return deleted;
}

const rowArbitrary = fc.record({
  source: fc.constantFrom('gateway' as const, 'otel' as const, 'pull:cursor' as const),
  id: fc.string({ minLength: 1, maxLength: 6 }),
  at: fc.constantFrom(OLD, KEPT, OLD - 1e9, KEPT + 1e9),
  held: fc.boolean(),
});

describe('the retention store', () => {
  it('deletes exactly the events before the cutoff that are not held, in steps of any size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rowArbitrary, { selector: (row) => `${row.source}|${row.id}`, maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        (rows, limit) => {
          const db = database(rows);
          const expected = rows.filter((row) => row.at >= CUTOFF || row.held).map((row) => `${row.source}|${row.id}`);
          expect(purgeAll(db, limit)).toBe(rows.length - expected.length);
          const left = db.prepare("SELECT source || '|' || event_id FROM usage_events_named").pluck().all();
          expect(new Set(left)).toEqual(new Set(expected));
          // The telemetry bookkeeping of a forgotten event goes with it, and only that.
          const aggregates = db
            .prepare("SELECT source || '|' || event_id FROM telemetry_aggregate_events")
            .pluck()
            .all();
          expect(new Set(aggregates)).toEqual(new Set(expected.filter((key) => key.startsWith('otel|'))));
          db.close();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('forgets silent counters and delivered messages from before the cutoff, and nothing else', () => {
    const db = database([]);
    db.exec(`INSERT INTO otlp_counters (source, series, start_ns, last_ns, last_value) VALUES
      ('otel', 'silent', '1', '${BigInt(OLD) * 1_000_000n}', 5), ('otel', 'alive', '1', '${BigInt(KEPT) * 1_000_000n}', 5)`);
    const message =
      db.prepare(`INSERT INTO outbox (dedupe_key, kind, user_id, text, status, next_attempt_at, created_at)
      VALUES (?, 'badge_dm', 'U0ALICE01', 'hi', ?, 0, ?)`);
    message.run('old-sent', 'sent', OLD);
    message.run('old-failed', 'failed', OLD);
    message.run('old-pending', 'pending', OLD);
    message.run('new-sent', 'sent', KEPT);
    expect(createRetentionStore(db).purgeBookkeeping(CUTOFF)).toEqual({ counters: 1, messages: 2 });
    expect(db.prepare('SELECT series FROM otlp_counters').pluck().all()).toEqual(['alive']);
    expect(db.prepare('SELECT dedupe_key FROM outbox ORDER BY id').pluck().all()).toEqual(['old-pending', 'new-sent']);
    db.close();
  });
});
