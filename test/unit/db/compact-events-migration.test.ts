import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { tallyMismatches } from '../../helpers/tally-mismatches.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const COLUMNS = `source, event_id, user_ref, user_id, model, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, reasoning_tokens, occurred_at, week, day, received_at, state, review_id, duplicates`;

describe('migration 011 (compact events) on a database with usage', () => {
  const tempDir = useTempDir();

  it('keeps every event as it read, interned and keyed by source and id, with the daily tallies rebuilt', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    const all = readMigrations();
    migrate(
      db,
      all.filter((migration) => migration.version < 11),
    );
    db.prepare(`INSERT INTO reviews (id, user_id, week, day, source, rule, evidence, status, created_at)
      VALUES (7, 'U0ALICE01', '2026-W48', '2026-11-24', 'ide', 'cap', '{}', 'pending', 0)`).run();
    const insert = db.prepare(`INSERT INTO usage_events (${COLUMNS})
      VALUES (@source, @event_id, @user_ref, @user_id, @model, @input_tokens, @output_tokens, @cache_read_tokens,
        @cache_write_tokens, @reasoning_tokens, @occurred_at, @week, @day, @received_at, @state, @review_id,
        @duplicates)`);
    const base = {
      source: 'ide',
      user_ref: 'U0ALICE01',
      user_id: 'U0ALICE01',
      model: 'claude-sonnet-4-5',
      input_tokens: 100,
      output_tokens: 20,
      cache_read_tokens: null,
      cache_write_tokens: null,
      reasoning_tokens: null,
      occurred_at: Date.parse('2026-11-24T10:00:00Z'),
      week: '2026-W48',
      day: '2026-11-24',
      received_at: 1,
      state: 'counted',
      review_id: null,
      duplicates: 0,
    };
    const rows = [
      { ...base, event_id: 'a', cache_read_tokens: 60, cache_write_tokens: 5, reasoning_tokens: 8, duplicates: 2 },
      { ...base, event_id: 'b', model: null },
      { ...base, event_id: 'c', source: 'gateway', user_ref: 'alice@example.com' },
      { ...base, event_id: 'd', source: 'gateway', user_ref: 'nobody@example.com', user_id: null },
      { ...base, event_id: 'e', user_ref: 'anon:user.id=4f2a', user_id: null, model: 'gemini-2.5-pro' },
      { ...base, event_id: 'f', state: 'held', review_id: 7 },
      { ...base, event_id: 'g', state: 'voided', reasoning_tokens: 3 },
    ];
    for (const row of rows) insert.run(row);
    // Stored before 008: its UTC day (Sunday of W48) but counted in W49 (a zone east of UTC).
    insert.run({ ...base, event_id: 'h', week: '2026-W49', day: '2026-11-29' });
    db.exec(`INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events)
      VALUES ('2026-W48', 'U0ALICE01', 360, 300, 60, 3), ('2026-W49', 'U0ALICE01', 120, 100, 20, 1)`);

    migrate(db, all);

    const stored = db.prepare(`SELECT ${COLUMNS} FROM usage_events_named ORDER BY event_id`).all();
    expect(stored).toEqual([...rows, { ...base, event_id: 'h', week: '2026-W49', day: '2026-11-30' }]);
    expect(db.prepare('SELECT name FROM event_sources ORDER BY id').pluck().all()).toEqual(['gateway', 'ide']);
    const table = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'usage_events'").pluck().get() as string;
    expect(table).toContain('WITHOUT ROWID');
    expect(table).toContain('PRIMARY KEY (source_id, event_id)');
    // user_ref is stored only where it is not the user ID itself.
    expect(db.prepare('SELECT COUNT(*) FROM usage_events WHERE user_ref IS NULL').pluck().get()).toBe(5);
    expect(tallyMismatches(db)).toEqual([]);
    expect(
      db
        .prepare(
          "SELECT reasoning_tokens FROM daily_tallies WHERE source = 'ide' AND model = 'claude-sonnet-4-5' AND day = '2026-11-24'",
        )
        .get(),
    ).toEqual({ reasoning_tokens: 8 });
    db.close();
  });
});
