import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../../src/weeks/week-of.js';
import { type FakeVendors, startFakeVendors, VENDOR_KEYS } from '../../helpers/fake-vendors.js';
import { DAY, expectedTallies, pullEnv, seedTwoWeeks, storedTallies, utcDay } from '../../helpers/pull-scenario.js';
import { type CliResult, runCli } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const WRONG_KEY = 'sk-ant-admin01-WRONG-key-that-must-never-be-printed';

describe('pull connectors when vendors misbehave', () => {
  const tempDir = useTempDir();
  let fake: FakeVendors;
  const now = Date.now();
  const since = utcDay(now - 15 * DAY);
  const outputs: CliResult[] = [];

  beforeEach(async () => {
    fake = await startFakeVendors();
    seedTwoWeeks(fake, 'claude-code', now);
    fake.pageSize = 2;
  });
  afterEach(() => fake.close());
  afterAll(() => {
    // Whatever happened above, no admin key reached the output.
    const printed = outputs.map((output) => output.stdout + output.stderr).join('\n');
    expect(printed.length).toBeGreaterThan(0);
    // The key, or its tail (a half-masked key still leaks).
    for (const key of [...Object.values(VENDOR_KEYS), WRONG_KEY]) {
      expect(printed).not.toContain(key);
      expect(printed).not.toContain(key.slice(-12));
    }
  });

  const env = (extra: Record<string, string> = {}) => ({
    ...pullEnv('claude-code', fake, tempDir()),
    ...extra,
  });
  async function cli(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    const result = await runCli(args, env(extra));
    outputs.push(result);
    return result;
  }
  const claudeTallies = () => expectedTallies(fake.facts, 'claude-code');

  /** Cursor's budget is 20 requests a minute: its tests use pages it can afford. */
  function seedCursor(): void {
    seedTwoWeeks(fake, 'cursor', now);
    fake.pageSize = 20;
  }

  it('a refused key is one clear line naming the connector and its setting; the other connectors still sync', async () => {
    seedCursor();
    const result = await cli(['sync', '--since', since], {
      ANTHROPIC_ADMIN_KEY: WRONG_KEY,
      ...pullEnv('cursor', fake, tempDir()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '❌ claude-code: the vendor refused ANTHROPIC_ADMIN_KEY (401 Unauthorized); check that the key is valid',
    );
    expect(result.stdout).toContain('✅ cursor: synced from');
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, 'cursor'));

    const status = await cli(['connectors'], { ANTHROPIC_ADMIN_KEY: WRONG_KEY, ...pullEnv('cursor', fake, tempDir()) });
    expect(status.stdout).toMatch(/⚠️ claude-code · Anthropic Claude Code Analytics\n {3}last successful sync: never/);
    expect(status.stdout).toContain('last error: claude-code: the vendor refused ANTHROPIC_ADMIN_KEY (401');
    expect(status.stdout).toMatch(/✅ cursor · Cursor Admin API[\s\S]*rows stored: \d+/);
    expect(status.stdout).toContain('⚪ openai · OpenAI Organization Usage: off (set OPENAI_ADMIN_KEY to turn it on)');

    const stored = ['throne.db', 'throne.db-wal']
      .filter((file) => existsSync(join(tempDir(), file)))
      .map((file) => readFileSync(join(tempDir(), file)).toString('latin1'))
      .join('');
    for (const key of [WRONG_KEY, VENDOR_KEYS.cursor]) expect(stored).not.toContain(key.slice(-12));
  });

  it('sync names what is wrong with what it was asked', async () => {
    const bogus = await cli(['sync', '--connector', 'copilot']);
    expect(bogus).toMatchObject({ code: 1 });
    expect(bogus.stderr).toContain(
      '--connector must be one of claude-code, claude-enterprise, cursor, openai; got "copilot"',
    );
    expect((await cli(['sync', '--since', '2026-13-45'])).stderr).toContain('--since must be a UTC date such as');
    expect((await cli(['sync', '--connector', 'openai'])).stderr).toContain('openai is off: set its admin key');
    const none = await runCli(['sync'], { DATABASE_PATH: join(tempDir(), 'none.db') });
    expect(none.stderr).toContain('No pull connector is on: set ANTHROPIC_ADMIN_KEY');
  });

  it('a truncated page is refused whole: the day keeps its previous snapshot until a sync reads it cleanly', async () => {
    await cli(['sync', '--since', since]);
    const before = storedTallies(tempDir());
    const yesterday = now - (now % DAY) - DAY;
    fake.add({
      vendor: 'claude-code',
      at: yesterday + 60_000,
      email: 'alice@example.com',
      model: 'm',
      input: 9,
      output: 9,
    });
    // Page 2 of the first day re-read breaks off in the middle.
    fake.fail('claude-code', { status: 200, rawBody: '{"data":[{"date":"2026-11-2', after: 1 });

    const broken = await cli(['sync']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /claude-code: page 2 of \d{4}-\d\d-\d\d is not JSON \(truncated or malformed\); nothing/,
    );
    expect(storedTallies(tempDir())).toEqual(before);

    expect((await cli(['sync'])).code).toBe(0);
    expect(storedTallies(tempDir())).toEqual(claudeTallies());
  });

  it('a missing token field is an error naming the field; unknown fields are ignored', async () => {
    fake.rewrite('claude-code', (body) => {
      const rows = body.data as Array<{ model_breakdown: Array<{ tokens: Record<string, number> }> }>;
      for (const row of rows) for (const model of row.model_breakdown) delete model.tokens.output;
      return body;
    });
    const missing = await cli(['sync', '--since', utcDay(now - 3 * DAY)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('data.0.model_breakdown.0.tokens.output: Invalid input: expected number');

    fake.rewrite(
      'claude-code',
      (body) => ({
        ...body,
        report_version: 7,
        data: (body.data as Array<Record<string, unknown>>).map((row) => ({ ...row, sentiment: { happy: true } })),
      }),
      40,
    );
    expect((await cli(['sync', '--since', since])).code).toBe(0);
    expect(storedTallies(tempDir())).toEqual(claudeTallies());
  });

  it('server errors are retried with backoff and change no number', async () => {
    fake.fail('claude-code', { status: 503 }, 2);
    const result = await cli(['sync', '--since', since]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/claude-code: HTTP 503 for page 1 of \d{4}-\d\d-\d\d; retrying in 1s/);
    expect(storedTallies(tempDir())).toEqual(claudeTallies());
  });

  it('two syncs at once leave exact tallies', async () => {
    const [first, second] = await Promise.all([cli(['sync', '--since', since]), cli(['sync', '--since', since])]);
    expect([first?.code, second?.code]).toEqual([0, 0]);
    expect(storedTallies(tempDir())).toEqual(claudeTallies());
  });

  it('Cursor usage without token counts is skipped and counted in the status', async () => {
    seedCursor();
    const yesterday = now - (now % DAY) - DAY;
    for (let index = 0; index < 3; index += 1) {
      fake.add({
        vendor: 'cursor',
        at: yesterday + index,
        email: 'bob@example.com',
        model: 'gpt-5',
        input: 0,
        output: 0,
        noTokens: true,
      });
    }
    const result = await cli(['sync', '--connector', 'cursor', '--since', since], pullEnv('cursor', fake, tempDir()));
    expect(result.stdout).toContain(', 3 without token counts skipped');
    expect(storedTallies(tempDir())).toEqual(expectedTallies(fake.facts, 'cursor'));
    const status = await cli(['connectors'], pullEnv('cursor', fake, tempDir()));
    expect(status.stdout).toContain('rows without token counts skipped in the last sync: 3');
  });

  it('usage the vendor ties to no person is kept and listed, never credited to anyone', async () => {
    fake.add({
      vendor: 'claude-code',
      at: now - 2 * DAY,
      email: null,
      model: 'claude-sonnet-4-5',
      input: 4_000,
      output: 1_000,
    });
    await cli(['sync', '--since', since]);
    expect(storedTallies(tempDir())).toEqual(claudeTallies());
    const status = await cli(['connectors']);
    expect(status.stdout).toContain('people unmatched: 1');
    expect(status.stdout).toContain('· api-key:ci-pipeline: 5K tokens waiting (the vendor names no person)');
  });

  it('pushed and pulled usage of the same tool: a warning, and PULL_DEFERS_TO lets the pushed source count', async () => {
    const day = now - (now % DAY) - 2 * DAY;
    const file = join(tempDir(), 'otel.jsonl');
    const pushed = {
      id: 'otel-1',
      user: 'alice@example.com',
      model: 'claude-sonnet-4-5',
      input_tokens: 777,
      output_tokens: 3,
    };
    writeFileSync(file, JSON.stringify({ ...pushed, timestamp: new Date(day + 3_600_000).toISOString() }));
    expect((await cli(['ingest', file, '--source', 'claude-otel'])).code).toBe(0);

    const both = await cli(['sync', '--since', since]);
    expect(both.stderr).toContain('claude-code: pushed source "claude-otel" (1 person) also reports the same models');
    expect((await cli(['connectors'])).stdout).toContain('Set PULL_DEFERS_TO=claude-code:<source>');

    const deferred = await cli(['sync', '--since', since], { PULL_DEFERS_TO: 'claude-code:claude-otel' });
    expect(deferred.stdout).toMatch(/, \d+ left to pushed sources/);
    expect(deferred.stderr).not.toContain('also reports the same models');
    const pulledThatDay = fake.facts
      .filter((fact) => fact.email === 'alice@example.com' && fact.at >= day && fact.at < day + DAY)
      .reduce((sum, fact) => sum + fact.input + fact.cacheRead + fact.cacheWrite + fact.output, 0);
    const week = `${weekOf(new Date(day), 'UTC').key} alice@example.com`;
    expect(pulledThatDay).toBeGreaterThan(0);
    expect(storedTallies(tempDir()).get(week)).toBe((claudeTallies().get(week) ?? 0) - pulledThatDay + 780);
  });
});
