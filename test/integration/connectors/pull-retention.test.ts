import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../../src/weeks/week-of.js';
import { type FakeVendors, startFakeVendors, type UsageFact, type VendorName } from '../../helpers/fake-vendors.js';
import { DAY, expectedTallies, pullEnv, seedTwoWeeks, storedTallies, utcDay } from '../../helpers/pull-scenario.js';
import { runCli } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

// Claude Code reports whole UTC days; the others hours.
const VENDORS: VendorName[] = ['claude-code', 'cursor', 'openai', 'claude-enterprise'];

describe.each(VENDORS)('pull connector %s under EVENT_RETENTION_WEEKS', (vendor) => {
  const tempDir = useTempDir();
  let fake: FakeVendors;
  const now = Date.now();
  // Keeping one week: this week and last, from last week's Monday 00:00 UTC (7 to 13 days ago).
  const cutoff = weekOf(new Date(now), 'UTC').start.getTime() - 7 * DAY;
  const since = utcDay(now - 15 * DAY);

  beforeEach(async () => {
    fake = await startFakeVendors();
    // Two weeks of usage back from yesterday: at least its first day is before the cutoff.
    seedTwoWeeks(fake, vendor, now);
    fake.pageSize = vendor === 'cursor' ? 20 : 2;
  });
  afterEach(() => fake.close());

  const sync = (retentionWeeks: string) =>
    runCli(['sync', '--connector', vendor, '--since', since], {
      ...pullEnv(vendor, fake, tempDir()),
      EVENT_RETENTION_WEEKS: retentionWeeks,
    });

  const usage = (at: number): Omit<UsageFact, 'cacheRead' | 'cacheWrite'> => ({
    vendor,
    at,
    email: 'alice@example.com',
    model: 'claude-sonnet-4-5',
    input: 40_000,
    output: 4_000,
  });

  it('reads nothing before the cutoff, says why --since was moved, and leaves older weeks as stored', async () => {
    // Stored while the bot kept everything.
    expect((await sync('0')).code).toBe(0);
    const before = expectedTallies(fake.facts, vendor);
    expect(storedTallies(tempDir())).toEqual(before);

    // The vendor now reports more usage on both sides of the cutoff.
    fake.add(usage(cutoff - 6 * 3_600_000));
    fake.add(usage(cutoff + 6 * 3_600_000));
    const result = await sync('1');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`✅ ${vendor}: synced from ${utcDay(cutoff)} to now`);
    expect(result.stdout).toContain(`Started at ${new Date(cutoff).toISOString()} rather than ${since}`);
    expect(result.stdout).toMatch(/EVENT_RETENTION_WEEKS=1\), so it was not read; to backfill further back, raise/);

    // Weeks before the cutoff: exactly as stored before (nothing read, nothing replaced or removed);
    // from the cutoff on: the vendor's numbers now.
    const cutoffWeek = weekOf(new Date(cutoff), 'UTC').key;
    const weekOfKey = (key: string) => key.split(' ')[0] ?? '';
    const expected = new Map([...before].filter(([key]) => weekOfKey(key) < cutoffWeek));
    for (const [key, tokens] of expectedTallies(fake.facts, vendor)) {
      if (weekOfKey(key) >= cutoffWeek) expected.set(key, tokens);
    }
    expect(storedTallies(tempDir())).toEqual(expected);
    // The usage added after the cutoff counts; the usage added before it does not.
    const alice = `${cutoffWeek} alice@example.com`;
    expect(storedTallies(tempDir()).get(alice)).toBe((before.get(alice) ?? 0) + 44_000);
    const previousWeek = weekOf(new Date(cutoff - 1), 'UTC').key;
    expect(storedTallies(tempDir()).get(`${previousWeek} alice@example.com`)).toBe(
      before.get(`${previousWeek} alice@example.com`),
    );
  });
});
