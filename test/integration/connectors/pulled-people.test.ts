import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previousWeek, weekOf } from '../../../src/weeks/week-of.js';
import { type FakeVendors, startFakeVendors, VENDOR_KEYS } from '../../helpers/fake-vendors.js';
import { DAY, expectedTallies, pullEnv, seedTwoWeeks, utcDay } from '../../helpers/pull-scenario.js';
import { runCli } from '../../helpers/run-cli.js';
import { useSlackHarness } from '../../helpers/slack-harness.js';
import { startApp } from '../../helpers/start-app.js';
import { useTempDir } from '../../helpers/temp-dir.js';

describe('people in pulled usage', () => {
  const start = useSlackHarness();
  const tempDir = useTempDir();
  let fake: FakeVendors;
  const now = Date.now();

  beforeEach(async () => {
    fake = await startFakeVendors();
    seedTwoWeeks(fake, 'claude-code', now);
    fake.add({
      vendor: 'claude-code',
      at: now - 3 * DAY,
      email: 'dave@example.com',
      model: 'm',
      input: 1_500,
      output: 500,
    });
  });
  afterEach(() => fake.close());

  it('go through the email → Slack resolution; those Slack does not know are listed, not dropped', async () => {
    const env = pullEnv('claude-code', fake, tempDir());
    const harness = await start(
      [
        { id: 'U0ALICE01', name: 'alice', email: 'alice@example.com' },
        { id: 'U0BOB0001', name: 'bob', email: 'bob@example.com' },
      ],
      undefined,
      env,
    );
    const { core: app, logs } = harness.running;
    const [report] = await app.syncer.syncAll({ since: new Date(`${utcDay(now - 15 * DAY)}T00:00:00Z`) });
    expect(report?.error).toBeUndefined();
    await app.emailResolver?.runOnce();

    const expected = expectedTallies(fake.facts, 'claude-code');
    const week = weekOf(new Date(now - 3 * DAY), 'UTC').key;
    expect(app.stores.tallies.tallyOf(week, 'U0ALICE01')?.tokens).toBe(expected.get(`${week} alice@example.com`));
    expect(app.stores.tallies.tallyOf(week, 'U0BOB0001')?.tokens).toBe(expected.get(`${week} bob@example.com`));
    expect(app.stores.tallies.top(week, 10).map((row) => row.userId)).toEqual(
      expect.not.arrayContaining(['carol@example.com', 'dave@example.com']),
    );

    const status = await runCli(['connectors'], { ...env, DATABASE_PATH: join(tempDir(), 'throne.db') });
    expect(status.stdout).toContain('people unmatched: 2');
    expect(status.stdout).toContain('· dave@example.com: 2K tokens waiting (no Slack user with this email yet)');
    expect(status.stdout).toMatch(/· carol@example\.com: [\d.]+K tokens waiting/);
    expect(status.stdout).not.toContain('alice@example.com');
    expect(logs.join('\n')).not.toContain(VENDOR_KEYS['claude-code']);
  });
});

describe('the running bot', () => {
  const tempDir = useTempDir();

  it('syncs on its schedule, then closes the week that waited for the data', async () => {
    const fake = await startFakeVendors();
    const now = Date.now();
    seedTwoWeeks(fake, 'cursor', now);
    const running = await startApp(tempDir(), { ...pullEnv('cursor', fake, tempDir()), SYNC_INTERVAL_MINUTES: '60' });
    try {
      const lastWeek = previousWeek(weekOf(new Date(now), 'UTC'), 'UTC');
      const closed = running.core.db.prepare<[string], { token_lord: string }>(
        'SELECT token_lord FROM closed_weeks WHERE week = ?',
      );
      while (!closed.get(lastWeek.key)) await new Promise((resolve) => setTimeout(resolve, 50));
      const lord = [...expectedTallies(fake.facts, 'cursor')]
        .filter(([key]) => key.startsWith(lastWeek.key))
        .sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(`${lastWeek.key} ${closed.get(lastWeek.key)?.token_lord}`).toBe(lord);
      expect(running.logs.join('\n')).toMatch(/cursor: synced from \d{4}-\d\d-\d\d to now/);
      expect(running.core.stores.tallies.tallyOf(lastWeek.key, 'alice@example.com')?.tokens).toBe(
        expectedTallies(fake.facts, 'cursor').get(`${lastWeek.key} alice@example.com`),
      );
    } finally {
      await running.stop();
      await fake.close();
    }
  });
});
