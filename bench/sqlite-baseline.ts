// Baseline for batch ingestion: raw better-sqlite3 inserting the same rows (same table, same
// unique key) in one transaction per batch of 1000, with no HTTP, no validation, no tallies.
// argv: DB path, number of batches. Prints {"eventsPerSecond": …}.
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';
import { userId } from './usage-bodies.js';

const [path = '/tmp/baseline.db', batchesText = '200'] = process.argv.slice(2);
const batches = Number(batchesText);
const db = openDatabase(path);
migrate(db);
const insert = db.prepare(`
  INSERT INTO usage_events (source, event_id, user_ref, user_id, model, input_tokens, output_tokens,
    occurred_at, week, received_at)
  VALUES (?, ?, ?, ?, 'bench-model', ?, ?, ?, '2026-W48', ?)
  ON CONFLICT (source, event_id) DO NOTHING`);
const insertBatch = db.transaction((first: number) => {
  for (let n = first; n < first + 1000; n += 1) {
    const person = n % 100_000;
    insert.run(
      'bench',
      `batch-${n}`,
      userId(person),
      userId(person),
      1000 + (person % 997),
      200 + (person % 101),
      n,
      n,
    );
  }
});
const started = performance.now();
for (let batch = 0; batch < batches; batch += 1) insertBatch(batch * 1000);
const seconds = (performance.now() - started) / 1000;
db.close();
process.stdout.write(`${JSON.stringify({ eventsPerSecond: (batches * 1000) / seconds, seconds })}\n`);
