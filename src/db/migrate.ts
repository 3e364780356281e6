import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './open-database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d+)_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" in ${dir} should look like 001_purpose.sql`);
      return { version: Number(match[1]), name: match[2] ?? '', sql: readFileSync(`${dir}/${file}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies the migrations not yet recorded, in order, each in one transaction with its record,
 * so a crash leaves either the whole migration and its record or neither.
 * @returns the migrations applied by this call
 */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): Migration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const isApplied = db.prepare<[number], 1>('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare<{ version: number; name: string; appliedAt: string }>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)',
  );
  // IMMEDIATE, with the check inside: a second process migrating at the same moment waits,
  // then finds the migration recorded and skips it.
  const applyOne = db.transaction((migration: Migration): boolean => {
    if (isApplied.get(migration.version)) return false;
    db.exec(migration.sql);
    record.run({ version: migration.version, name: migration.name, appliedAt: new Date().toISOString() });
    return true;
  });
  return migrations.filter((migration) => applyOne.immediate(migration));
}
