import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tallyMismatches } from '../helpers/tally-mismatches.js';

const BIN = fileURLToPath(new URL('../../bin/token-throne.js', import.meta.url));
const SECRET = 'soak-secret';

export interface SoakOptions {
  /** folder for the database */
  dir: string;
  durationMs: number;
  /** how many times the bot is stopped mid-load and started again */
  restarts: number;
  signal: 'SIGKILL' | 'SIGTERM';
  clients: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  restarts: number;
  /** batches answered 2xx */
  acknowledgedBatches: number;
  /** distinct events whose batch was answered 2xx */
  acknowledgedEvents: number;
  /** requests that failed (connection refused or reset, 5xx) and were retried */
  retries: number;
  storedEvents: number;
  /** acknowledged events missing from the database */
  missing: number;
  /** stored events no client ever got a 2xx for */
  unacknowledged: number;
  /** (week, person) tallies that differ from the sum of their events */
  tallyMismatches: number;
  /** answers that were neither 2xx nor a retryable failure */
  unexpected: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The crash-safety soak: clients post batches at full speed and retry every failure with the
 * same ids, while the bot is stopped (SIGKILL or SIGTERM) and restarted under them. Afterwards
 * every acknowledged event must be stored exactly once and every tally must equal its events.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dbPath = join(options.dir, 'soak.db');
  let bot: ChildProcess | undefined;

  async function startBot(): Promise<void> {
    bot = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        DATABASE_PATH: dbPath,
        INGEST_KEYS: `soak:${SECRET}`,
        INGEST_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let tries = 0; tries < 200; tries += 1) {
      const healthy = await fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await sleep(50);
    }
    throw new Error('the bot did not come up');
  }

  async function stopBot(signal: NodeJS.Signals): Promise<void> {
    const child = bot;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  const acknowledged = new Set<string>();
  const report = { acknowledgedBatches: 0, retries: 0, unexpected: [] as string[] };
  let stopping = false;
  const startedAt = Date.now();
  const timestamp = () => new Date(Date.now() - 1000).toISOString();

  async function client(index: number): Promise<void> {
    for (let sequence = 0; !stopping; ) {
      const size = 1 + ((sequence * 7 + index) % 20);
      const ids = Array.from({ length: size }, (_, i) => `c${index}-${sequence + i}`);
      sequence += size;
      const body = JSON.stringify({
        events: ids.map((id, i) => ({
          id,
          user: `U${String((index * 31 + i) % 50).padStart(8, '0')}`,
          input_tokens: 100 + i,
          output_tokens: 7,
          timestamp: timestamp(),
        })),
      });
      // Retry the same batch until it is acknowledged: that is what makes a crash harmless.
      for (;;) {
        const answer = await fetch(`${url}/api/usage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
          body,
        }).then(
          async (response) => ({ status: response.status, text: await response.text() }),
          (error: Error) => ({ status: 0, text: error.message }),
        );
        if (answer.status === 202) {
          report.acknowledgedBatches += 1;
          for (const id of ids) acknowledged.add(id);
          break;
        }
        if (answer.status !== 0 && answer.status < 500) {
          report.unexpected.push(`${answer.status} ${answer.text.slice(0, 200)}`);
          break;
        }
        report.retries += 1;
        await sleep(20);
      }
    }
  }

  await startBot();
  const clients = Array.from({ length: options.clients }, (_, index) => client(index));
  for (let restart = 0; restart < options.restarts; restart += 1) {
    await sleep(options.durationMs / (options.restarts + 1));
    log(
      `${options.signal} #${restart + 1} after ${Date.now() - startedAt} ms, ${acknowledged.size} events acknowledged`,
    );
    await stopBot(options.signal);
    await startBot();
  }
  await sleep(options.durationMs / (options.restarts + 1));
  stopping = true;
  await Promise.all(clients);
  await stopBot('SIGTERM');

  const db = new Database(dbPath, { readonly: true });
  const stored = new Set(
    db.prepare<[], string>("SELECT event_id FROM usage_events_named WHERE source = 'soak'").pluck().all(),
  );
  const mismatches = tallyMismatches(db).length;
  db.close();
  return {
    restarts: options.restarts,
    acknowledgedBatches: report.acknowledgedBatches,
    acknowledgedEvents: acknowledged.size,
    retries: report.retries,
    storedEvents: stored.size,
    missing: [...acknowledged].filter((id) => !stored.has(id)).length,
    unacknowledged: [...stored].filter((id) => !acknowledged.has(id)).length,
    tallyMismatches: mismatches,
    unexpected: report.unexpected,
  };
}
