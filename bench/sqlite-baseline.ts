// Baselines for batch ingestion: raw better-sqlite3 on the bot's own schema (migrated), one
// transaction per batch of 1000, no HTTP, no validation, no JavaScript of the bot.
//   events: inserts the event rows only.
//   fair:   does exactly the bot's row writes for each event: the event row (same key, same
//           indexes), the person's weekly tally upsert and the daily per-source/model tally upsert.
// argv: DB path, seconds to run (as long as the bot's own run, from an empty database too), mode,
// people (spread round-robin, as the load does). Prints {"eventsPerSecond": …}.
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';
import { userId } from './usage-bodies.js';

const [path = '/tmp/baseline.db', secondsText = '3', mode = 'fair', peopleText = '100000'] = process.argv.slice(2);
const people = Number(peopleText);
const runFor = Number(secondsText) * 1000;
const db = openDatabase(path);
migrate(db);
const sourceId = db.prepare("INSERT INTO event_sources (name) VALUES ('bench') RETURNING id").pluck().get();
const modelId = db.prepare("INSERT INTO event_models (name) VALUES ('bench-model') RETURNING id").pluck().get();
const DAY = Math.floor(Date.now() / 86_400_000);
const DAY_KEY = new Date(DAY * 86_400_000).toISOString().slice(0, 10);
const WEEK = db.prepare("SELECT strftime('%G-W%V', ? * 86400, 'unixepoch')").pluck().get(DAY) as string;

const insertEvent = db.prepare(`
  INSERT INTO usage_events (source_id, event_id, user_ref, user_id, model_id, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, occurred_at, day, received_at)
  VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)
  ON CONFLICT (source_id, event_id) DO UPDATE SET duplicates = duplicates + 1
  RETURNING duplicates`);
const addToWeek = db.prepare(`
  INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events) VALUES (?, ?, ?, ?, ?, 1)
  ON CONFLICT (week, user_id) DO UPDATE SET tokens = tokens + excluded.tokens,
    input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
    events = events + 1
  RETURNING tokens`);
const addToDay = db.prepare(`
  INSERT INTO daily_tallies (user_id, day, source, model, tokens, events, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens)
  VALUES (?, ?, 'bench', 'bench-model', ?, 1, ?, ?, 0, 0, 0)
  ON CONFLICT (user_id, day, source, model) DO UPDATE SET tokens = tokens + excluded.tokens, events = events + 1,
    input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens`);

const insertBatch = db.transaction((first: number) => {
  const now = Date.now();
  for (let n = first; n < first + 1000; n += 1) {
    const person = userId(n % people);
    const input = 1000 + (n % 997);
    const output = 200 + (n % 101);
    insertEvent.get(sourceId, `batch-${n}`, person, modelId, input, output, now, DAY, now);
    if (mode === 'fair') {
      addToWeek.get(WEEK, person, input + output, input, output);
      addToDay.run(person, DAY_KEY, input + output, input, output);
    }
  }
});
const started = performance.now();
let batches = 0;
while (performance.now() - started < runFor) insertBatch(batches++ * 1000);
const seconds = (performance.now() - started) / 1000;
db.close();
process.stdout.write(`${JSON.stringify({ eventsPerSecond: (batches * 1000) / seconds, seconds })}\n`);
