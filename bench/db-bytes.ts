// What a database's bytes are made of, read-only: argv DB path. Prints the main file, its WAL, and
// the pages of each table with its indexes (SQLite's dbstat), and the number of events.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

const [path = ''] = process.argv.slice(2);
const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
const db = new Database(path, { readonly: true });
const objects = db
  .prepare<[], { name: string; tbl: string; bytes: number }>(`
    SELECT d.name, COALESCE(s.tbl_name, d.name) AS tbl, SUM(d.pgsize) AS bytes
    FROM dbstat AS d LEFT JOIN sqlite_schema AS s ON s.name = d.name GROUP BY d.name`)
  .all();
const tables: Record<string, number> = {};
for (const { tbl, bytes } of objects) tables[tbl] = (tables[tbl] ?? 0) + bytes;
const events = db.prepare<[], number>('SELECT COUNT(*) FROM usage_events').pluck().get() ?? 0;
db.close();
process.stdout.write(`${JSON.stringify({ file: size(path), wal: size(`${path}-wal`), tables, events })}\n`);
