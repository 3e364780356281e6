import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { useTempDir } from '../../helpers/temp-dir.js';

describe('migrations', () => {
  const tempDir = useTempDir();

  it('applies each numbered file once, in order, and records it', () => {
    const db = openDatabase(join(tempDir(), 'nested', 'throne.db'));
    const files = readMigrations();
    // Numbers are handed out per change being built, so one may land before a lower one.
    const versions = files.map((file) => file.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(migrate(db).map((file) => file.version)).toEqual(files.map((file) => file.version));
    expect(migrate(db)).toEqual([]);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(files.map(({ version, name }) => ({ version, name })));
    db.close();
  });

  it('fills the daily tallies with input, output and cache tokens of the usage already stored when 009 adds them', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    const files = readMigrations();
    migrate(
      db,
      files.filter((file) => file.version < 8),
    );
    const insert = db.prepare(`INSERT INTO usage_events (source, event_id, user_ref, user_id, model, input_tokens,
      output_tokens, cache_read_tokens, occurred_at, week, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
    const monday = Date.parse('2026-11-23T10:00:00Z');
    insert.run('s', '1', 'U1', 'U1', 'gpt-4o', 100, 10, 40, monday, '2026-W48');
    insert.run('s', '2', 'U1', 'U1', 'gpt-4o', 200, 20, null, monday, '2026-W48');
    insert.run('s', '3', 'U1', 'U1', null, 5, 5, null, monday, '2026-W48');
    insert.run('s', '4', 'a@example.com', null, 'gpt-4o', 7, 7, null, monday, '2026-W48');
    migrate(db, files);
    expect(
      db
        .prepare(`SELECT user_id, day, model, tokens, events, input_tokens, output_tokens, cache_read_tokens,
          cache_write_tokens FROM daily_tallies ORDER BY model`)
        .all(),
    ).toEqual([
      {
        user_id: 'U1',
        day: '2026-11-23',
        model: '',
        tokens: 10,
        events: 1,
        input_tokens: 5,
        output_tokens: 5,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
      },
      {
        user_id: 'U1',
        day: '2026-11-23',
        model: 'gpt-4o',
        tokens: 330,
        events: 2,
        input_tokens: 300,
        output_tokens: 30,
        cache_read_tokens: 40,
        cache_write_tokens: 0,
      },
    ]);
    db.close();
  });

  it('opens the file in WAL mode with a busy timeout', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('rolls back a failing migration together with its record', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    const broken = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('serves the board and the rank queries from the board index', () => {
    const db = openDatabase(join(tempDir(), 'throne.db'));
    migrate(db);
    const plan = (sql: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ week: '2026-W48', tokens: 5, limit: 10, offset: 0 })
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    const board = plan(
      'SELECT user_id, tokens FROM weekly_tallies WHERE week = @week ORDER BY tokens DESC, user_id LIMIT @limit OFFSET @offset',
    );
    expect(board).toMatch(/USING (COVERING )?INDEX weekly_tallies_board/);
    expect(board).not.toMatch(/TEMP B-TREE/);
    const above = plan('SELECT COUNT(*) FROM weekly_tallies WHERE week = @week AND tokens > @tokens');
    expect(above).toMatch(/USING COVERING INDEX weekly_tallies_board/);
    db.close();
  });
});
