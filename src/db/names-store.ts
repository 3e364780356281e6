import type { Db } from './open-database.js';

/** Past this many names a cache starts over: names come from outside and may be many. */
const MAX_CACHED_NAMES = 4096;

/** A table of names stored once each (event_sources, event_models): rows hold their numbers. */
function createInternedNames(db: Db, table: 'event_sources' | 'event_models') {
  const find = db.prepare<[string], number>(`SELECT id FROM ${table} WHERE name = ?`).pluck();
  const insert = db.prepare<[string], number>(`INSERT INTO ${table} (name) VALUES (?) RETURNING id`).pluck();
  const cache = new Map<string, number>();

  /**
   * The name's number, stored first if new. Only numbers read outside a transaction are cached:
   * one created inside a transaction that rolls back would otherwise be handed out again.
   */
  function idOf(name: string): number {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    const id = find.get(name) ?? insert.get(name);
    if (id === undefined) throw new Error(`${table} gave no id for "${name}"`);
    if (!db.inTransaction) {
      if (cache.size >= MAX_CACHED_NAMES) cache.clear();
      cache.set(name, id);
    }
    return id;
  }

  return {
    idOf,
    /** Stores and caches the names a write is about to use, before its transaction begins. */
    prepare(names: Iterable<string>): void {
      if (db.inTransaction) return;
      for (const name of names) if (!cache.has(name)) idOf(name);
    },
  };
}

/** Source and model names of usage events. */
export function createNamesStore(db: Db) {
  return { sources: createInternedNames(db, 'event_sources'), models: createInternedNames(db, 'event_models') };
}

export type NamesStore = ReturnType<typeof createNamesStore>;
