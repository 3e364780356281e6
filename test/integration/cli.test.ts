import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createProfilesStore } from '../../src/db/profiles-store.js';
import { weekOf } from '../../src/weeks/week-of.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('token-throne CLI', () => {
  const tempDir = useTempDir();
  const env = () => ({ DATABASE_PATH: join(tempDir(), 'throne.db') });

  function jsonl(name: string, lines: unknown[]): string {
    const file = join(tempDir(), name);
    writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));
    return file;
  }

  const now = new Date().toISOString();
  const event = (id: string, user: string, tokens: number) => usageEvent(id, user, tokens, { timestamp: now });

  it('migrates once and then says the database is up to date', async () => {
    const first = await runCli(['migrate'], env());
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/Applied 001_usage_and_tallies/) });
    const second = await runCli(['migrate'], env());
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('backs up into a folder it creates, and the copy serves the same board', async () => {
    const file = jsonl('usage.jsonl', [event('1', 'U0BOB0001', 950_000), event('2', 'U0CAROL01', 1_800_000)]);
    await runCli(['ingest', file, '--source', 'backfill'], env());
    const copy = join(tempDir(), 'backups', '2026-11-26', 'throne.db');
    const backedUp = await runCli(['backup', copy], env());
    expect(backedUp).toMatchObject({ code: 0, stdout: expect.stringContaining(`to ${copy}`) });
    const board = (path: string) => runCli(['leaderboard'], { DATABASE_PATH: path }).then((result) => result.stdout);
    expect(await board(copy)).toBe(await board(env().DATABASE_PATH));
    expect(await board(copy)).toContain('U0CAROL01');
    const again = await runCli(['backup', copy], env());
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
  });

  it('imports a JSONL file and prints the ranked board', async () => {
    const file = jsonl('usage.jsonl', [
      event('1', 'U0BOB0001', 950_000),
      '',
      event('2', 'alice@example.com', 2_400_000),
      event('3', 'U0CAROL01', 1_800_000),
    ]);
    const imported = await runCli(['ingest', file, '--source', 'backfill'], env());
    expect(imported.stdout).toMatch(/3 new event\(s\), 0 already stored/);
    const again = await runCli(['ingest', file, '--source', 'backfill'], env());
    expect(again.stdout).toMatch(/0 new event\(s\), 3 already stored/);

    const board = await runCli(['leaderboard', '--limit', '2'], env());
    expect(board.code).toBe(0);
    expect(board.stdout).toContain(`Token Throne · ${weekOf(new Date(), 'UTC').key}`);
    const rows = board.stdout.split('\n').filter((line) => /^(🥇|🥈|🥉| {2}) \d/.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^🥇 1 +alice@example\.com +2\.4M +2,400,000 +1$/);
    expect(rows[1]).toMatch(/^🥈 2 +U0CAROL01 +1\.8M +1,800,000 +1$/);
    expect(board.stdout).toMatch(/5,150,000 tokens from 3 people in 3 events/);
  });

  it('shows the names the bot has cached from Slack, and the ID of anyone it has not', async () => {
    const file = jsonl('usage.jsonl', [event('1', 'U0BOB0001', 950_000), event('2', 'U0CAROL01', 1_800_000)]);
    await runCli(['ingest', file, '--source', 'backfill'], env());
    const db = openDatabase(env().DATABASE_PATH);
    createProfilesStore(db).save({
      userId: 'U0CAROL01',
      name: 'Carol Danvers',
      image48: null,
      image72: null,
      image192: null,
      fetchedAt: Date.now(),
    });
    db.close();
    const board = await runCli(['leaderboard'], env());
    const rows = board.stdout.split('\n').filter((line) => /^(🥇|🥈|🥉| {2}) \d/.test(line));
    expect(rows[0]).toMatch(/^🥇 1 +Carol Danvers +1\.8M/);
    expect(rows[1]).toMatch(/^🥈 2 +U0BOB0001 +950K/);
  });

  it('refuses a file with bad lines, naming each, and imports nothing from it', async () => {
    const file = jsonl('bad.jsonl', [
      event('1', 'U0BOB0001', 10),
      '{not json',
      event('3', 'U0BOB0001', -1),
      event('1', 'U0BOB0001', 10),
    ]);
    const result = await runCli(['ingest', file, '--source', 'backfill'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/3 problem\(s\); nothing was imported/);
    expect(result.stderr).toMatch(/line 2: is not valid JSON/);
    expect(result.stderr).toMatch(/line 3\.input_tokens: must be a whole number/);
    expect(result.stderr).toMatch(/line 4\.id: repeats the id of line 1/);
    const db = openDatabase(env().DATABASE_PATH);
    migrate(db);
    expect(db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get()).toBe(0);
    db.close();
  });

  it('prints an empty throne for a week with no usage, and refuses a bad --week', async () => {
    expect((await runCli(['leaderboard', '--week', '2026-W01'], env())).stdout).toMatch(/the throne is empty/);
    const bad = await runCli(['leaderboard', '--week', 'soon'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--week must be an ISO week such as \d{4}-W\d{2}, or "last"; got "soon"/);
  });

  it.each([
    [{ PORT: 'abc' }, /^Token Throne cannot start: PORT: expected a whole number/],
    [{ WEEK_TIMEZONE: 'Mars/Olympus' }, /^Token Throne cannot start: WEEK_TIMEZONE: "Mars\/Olympus" is not an IANA/],
    [{ INGEST_KEYS: 'nocolon' }, /^Token Throne cannot start: INGEST_KEYS: pair 1 is not source:secret/],
  ])('stops serve with a non-zero exit and one readable line for %o', async (bad, message) => {
    const result = await runCli(['serve'], { ...env(), ...bad });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('explains the commands when asked, and refuses an unknown one', async () => {
    expect((await runCli(['--help'], env())).stdout).toMatch(/ingest FILE\.jsonl --source NAME/);
    const unknown = await runCli(['dance'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown command "dance"/);
  });
});
