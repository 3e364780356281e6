import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { createNamesStore } from '../../../src/db/names-store.js';
import { openDatabase } from '../../../src/db/open-database.js';

function migrated() {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

describe('interned names', () => {
  it('gives each name one number, the same every time, stored once', () => {
    const db = migrated();
    const { models } = createNamesStore(db);
    const first = models.idOf('gpt-4o');
    expect(models.idOf('claude-sonnet-4-5')).not.toBe(first);
    expect(models.idOf('gpt-4o')).toBe(first);
    expect(createNamesStore(db).models.idOf('gpt-4o')).toBe(first);
    expect(db.prepare('SELECT name FROM event_models ORDER BY id').pluck().all()).toEqual([
      'gpt-4o',
      'claude-sonnet-4-5',
    ]);
  });

  it('never hands out a number whose row was rolled back', () => {
    const db = migrated();
    const { sources } = createNamesStore(db);
    expect(() =>
      db.transaction(() => {
        sources.idOf('ide');
        throw new Error('the write failed');
      })(),
    ).toThrow('the write failed');
    // The rolled-back number goes to the next new name; 'ide' must not keep it.
    const gateway = sources.idOf('gateway');
    const ide = sources.idOf('ide');
    expect(ide).not.toBe(gateway);
    expect(db.prepare('SELECT name FROM event_sources WHERE id = ?').pluck().get(ide)).toBe('ide');
  });

  it('stores the names of a write before its transaction, so the write reads them from memory', () => {
    const db = migrated();
    const { models } = createNamesStore(db);
    models.prepare(['gpt-4o', 'o3']);
    db.exec('DELETE FROM event_models');
    // Cached: the numbers come from memory, not from the (now empty) table.
    expect(db.transaction(() => [models.idOf('gpt-4o'), models.idOf('o3')])()).toEqual([1, 2]);
  });
});
