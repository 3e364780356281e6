import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogLevel } from '@slack/bolt';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { createCore } from '../../../src/core/create-core.js';
import { createLogger } from '../../../src/logger.js';
import { previousWeek, weekOf } from '../../../src/weeks/week-of.js';
import { settableClock } from '../../helpers/clocks.js';
import { type FakeVendors, startFakeVendors, type VendorName } from '../../helpers/fake-vendors.js';
import {
  CONNECTOR_SETTINGS,
  DAY,
  expectedTallies,
  PEOPLE,
  pullEnv,
  seedTwoWeeks,
  storedTallies,
  utcDay,
} from '../../helpers/pull-scenario.js';
import { runCli } from '../../helpers/run-cli.js';
import { tallyMismatches } from '../../helpers/tally-mismatches.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const BIN = fileURLToPath(new URL('../../../bin/token-throne.js', import.meta.url));
const VENDORS: VendorName[] = ['claude-code', 'cursor', 'openai', 'claude-enterprise'];

function mismatchesIn(dir: string) {
  const db = new Database(join(dir, 'throne.db'), { readonly: true });
  try {
    return tallyMismatches(db);
  } finally {
    db.close();
  }
}

/** Tallies stored so far by a sync still running (0 before it created the database). */
function storedSoFar(dir: string): number {
  try {
    return storedTallies(dir).size;
  } catch {
    return 0;
  }
}

describe.each(VENDORS)('pull connector %s', (vendor) => {
  const tempDir = useTempDir();
  let fake: FakeVendors;
  const now = Date.now();
  const since = utcDay(now - 15 * DAY);

  beforeEach(async () => {
    fake = await startFakeVendors();
    seedTwoWeeks(fake, vendor, now);
    // Small pages: every window takes several requests (Cursor's budget is 20 a minute).
    fake.pageSize = vendor === 'cursor' ? 20 : 2;
  });
  afterEach(() => fake.close());

  const sync = (...args: string[]) =>
    runCli(['sync', '--connector', vendor, ...args], pullEnv(vendor, fake, tempDir()));

  it('a backfill of two weeks credits exactly the vendor totals, page by page', async () => {
    const result = await sync('--since', since);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`✅ ${vendor}: synced from ${since} to now`),
    });
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, vendor));
    expect(mismatchesIn(tempDir())).toEqual([]);
    // More requests than windows: the days came in several pages each.
    const windows = Number(/\((\d+) window\(s\)\)/.exec(result.stdout)?.[1]);
    expect(fake.requests.length).toBeGreaterThan(windows);

    const board = await runCli(['leaderboard', '--week', 'last'], pullEnv(vendor, fake, tempDir()));
    for (const person of PEOPLE) expect(board.stdout).toContain(person);
  });

  it('a re-poll after buckets grew and were revised replaces them, never adds', async () => {
    await sync('--since', since);
    const yesterday = now - (now % DAY) - DAY;
    fake.add({
      vendor,
      at: yesterday + 3_600_000,
      email: 'alice@example.com',
      model: 'claude-sonnet-4-5',
      input: 5_000,
      output: 700,
    });
    const revised = fake.facts.find((fact) => fact.email === 'bob@example.com' && fact.at >= yesterday);
    if (!revised) throw new Error('no fact of bob yesterday');
    revised.output = 1;

    const again = await sync();
    expect(again.code).toBe(0);
    const third = await sync();
    expect(third.code).toBe(0);
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, vendor));
    expect(mismatchesIn(tempDir())).toEqual([]);
  });

  it('a voided bucket stays voided when its window is polled again', async () => {
    await sync('--since', since);
    const db = new Database(join(tempDir(), 'throne.db'), { readonly: true });
    const bucket = db
      .prepare<[string], { eventId: string; week: string; userId: string }>(
        `SELECT event_id AS eventId, week, user_id AS userId FROM usage_events_named
         WHERE source = ? AND user_id IS NOT NULL ORDER BY event_id DESC LIMIT 1`,
      )
      .get(`pull:${vendor}`);
    db.close();
    if (!bucket) throw new Error('no pulled bucket stored');
    const voided = await runCli(
      ['void', '--source', `pull:${vendor}`, '--id', bucket.eventId, '--reason', 'test account'],
      pullEnv(vendor, fake, tempDir()),
    );
    expect(voided.code).toBe(0);
    const afterVoid = storedTallies(tempDir()).get(`${bucket.week} ${bucket.userId}`);

    expect((await sync()).code).toBe(0);
    const check = new Database(join(tempDir(), 'throne.db'), { readonly: true });
    const row = check
      .prepare<[string, string], { state: string; duplicates: number }>(
        'SELECT state, duplicates FROM usage_events_named WHERE source = ? AND event_id = ?',
      )
      .get(`pull:${vendor}`, bucket.eventId);
    check.close();
    // Left as the correction left it: still voided, and no re-poll counted as a retry of it.
    expect(row).toEqual({ state: 'voided', duplicates: 0 });
    expect(storedTallies(tempDir()).get(`${bucket.week} ${bucket.userId}`)).toBe(afterVoid);
    expect(mismatchesIn(tempDir())).toEqual([]);
  });

  it('killing the process in the middle of a sync, then syncing again, leaves exact tallies', async () => {
    fake.delayMs = 40;
    const child = spawn(process.execPath, [BIN, 'sync', '--connector', vendor, '--since', since], {
      env: { PATH: process.env.PATH ?? '', ...pullEnv(vendor, fake, tempDir()) },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Part of the way through: some windows stored, the next one in flight.
    while (storedSoFar(tempDir()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(mismatchesIn(tempDir())).toEqual([]);
    const partial = storedTallies(tempDir());
    expect(partial.size).toBeGreaterThan(0);
    expect(partial).not.toEqual(expectedTallies(fake.facts, vendor));

    fake.delayMs = 0;
    const resumed = await sync('--since', since);
    expect(resumed.code).toBe(0);
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, vendor));
    expect(mismatchesIn(tempDir())).toEqual([]);
  });

  it('a 429 storm delays the sync but changes no number', async () => {
    fake.fail(vendor, { status: 429, retryAfter: '1' }, 3);
    const started = Date.now();
    const result = await sync('--since', since);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(result.stderr).toMatch(new RegExp(`${vendor}: rate limited \\(429\\).*waiting 1s`));
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, vendor));
  });

  const lastWeek = previousWeek(weekOf(new Date(now), 'UTC'), 'UTC');
  /** The core (no server: no scheduled sync) with its clock `hours` past last week's end. */
  function appAfterLastWeek(hours: number) {
    const clock = settableClock(new Date(lastWeek.end.getTime() + hours * 3_600_000));
    const config = parseConfig({ ...pullEnv(vendor, fake, tempDir()), WINNERS_CHANNEL: 'C0WINNERS1' });
    return { clock, app: createCore(config, { clock, logger: createLogger(LogLevel.ERROR, () => {}) }) };
  }

  it('the crown waits for the connector to sync past the week end, then closes', async () => {
    const { app } = appAfterLastWeek(25);
    try {
      const waiting = await app.crowner.crown();
      expect(waiting).toMatchObject({ status: 'waiting', late: [CONNECTOR_SETTINGS[vendor].title] });

      const [report] = await app.syncer.syncAll();
      expect(report?.error).toBeUndefined();
      const crowned = await app.crowner.crown();
      expect(crowned).toMatchObject({ status: 'crowned', week: { key: lastWeek.key } });
      const lord = [...expectedTallies(fake.facts, vendor)]
        .filter(([key]) => key.startsWith(lastWeek.key))
        .sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(lord).toBe(`${lastWeek.key} ${crowned.status === 'crowned' ? crowned.tokenLord : ''}`);
    } finally {
      app.close();
    }
  });

  it('past the wait limit the crown closes without the late connector and the winners post names it', async () => {
    const { app, clock } = appAfterLastWeek(2);
    try {
      fake.fail(vendor, { status: 403 });
      const [report] = await app.syncer.syncAll();
      expect(report?.error).toMatch(`${vendor}: the vendor refused ${CONNECTOR_SETTINGS[vendor].keyVariable} (403`);
      expect(await app.crowner.crown()).toMatchObject({ status: 'waiting' });

      clock.set(new Date(lastWeek.end.getTime() + 37 * 3_600_000));
      expect(await app.crowner.crown()).toMatchObject({ status: 'crowned' });
      const post = app.db
        .prepare<[], { text: string; blocks: string }>("SELECT text, blocks FROM outbox WHERE kind = 'winners_post'")
        .get();
      expect(post?.blocks).toContain(`Crowned without waiting longer for *${CONNECTOR_SETTINGS[vendor].title}*`);
    } finally {
      app.close();
    }
  });
});
