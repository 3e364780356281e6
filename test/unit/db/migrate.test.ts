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
