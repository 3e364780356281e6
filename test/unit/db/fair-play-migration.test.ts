import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { useTempDir } from '../../helpers/temp-dir.js';

describe('migration 008 on a database with usage', () => {
  const tempDir = useTempDir();

  it('keeps every event counted and builds the daily tallies from them', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    const all = readMigrations();
    migrate(
      db,
      all.filter((migration) => migration.version < 8),
    );
    const insert = db.prepare(`
      INSERT INTO usage_events (source, event_id, user_ref, user_id, input_tokens, output_tokens, occurred_at, week, received_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, '2026-W48', 0)`);
    insert.run('ide', '1', 'U0ALICE01', 'U0ALICE01', 100, 20, Date.parse('2026-11-24T23:30:00Z'));
    insert.run('ide', '2', 'U0ALICE01', 'U0ALICE01', 5, 0, Date.parse('2026-11-24T01:00:00Z'));
    insert.run('gateway', '3', 'a@example.com', null, 7, 0, Date.parse('2026-11-24T01:00:00Z'));
    migrate(db, all);
    expect(
      db.prepare('SELECT event_id, state, day, duplicates FROM usage_events_named ORDER BY event_id').all(),
    ).toEqual([
      { event_id: '1', state: 'counted', day: '2026-11-24', duplicates: 0 },
      { event_id: '2', state: 'counted', day: '2026-11-24', duplicates: 0 },
      { event_id: '3', state: 'counted', day: '2026-11-24', duplicates: 0 },
    ]);
    expect(db.prepare('SELECT user_id, day, source, model, tokens, events FROM daily_tallies').all()).toEqual([
      { user_id: 'U0ALICE01', day: '2026-11-24', source: 'ide', model: '', tokens: 125, events: 2 },
    ]);
    db.close();
  });
});
