import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * SQLite's page cache, in KiB. It fills up to this size as the database grows, so it is chosen:
 * the pages ingestion and the boards touch again and again (the newest index pages, this week's
 * tallies) fit with room to spare.
 */
export const PAGE_CACHE_KIB = 8 * 1024;

/**
 * Opens (creating it and its folder if needed) the SQLite file. WAL lets boards read while
 * ingestion writes; synchronous=NORMAL is WAL's usual pairing: a power cut may lose the last
 * commits but never corrupts the file, and an application crash loses nothing. The file is read
 * through the page cache, never memory-mapped: mapped pages would count in the bot's resident
 * memory and grow with the database.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // The WAL is disk too: checkpointed every 4000 pages (16 MB) and cut back to 16 MB after a
  // checkpoint a long read held up. Every checkpoint syncs the disk on the event loop's thread: at
  // 2000 pages, small commits (single events) cost a fifth more than at 4000 or 10,000.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma(`journal_size_limit = ${16 * 2 ** 20}`);
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  db.pragma('mmap_size = 0');
  return db;
}
