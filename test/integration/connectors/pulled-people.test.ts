import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../../src/weeks/week-of.js';
import { type FakeVendors, startFakeVendors, VENDOR_KEYS } from '../../helpers/fake-vendors.js';
import { DAY, expectedTallies, pullEnv, seedTwoWeeks, utcDay } from '../../helpers/pull-scenario.js';
import { runCli } from '../../helpers/run-cli.js';
import { useSlackHarness } from '../../helpers/slack-harness.js';
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
    const { app, logs } = harness.running;
    const [report] = await app.syncer.syncAll({ since: new Date(`${utcDay(now - 15 * DAY)}T00:00:00Z`) });
    expect(report?.error).toBeUndefined();
    await app.emailResolver?.runOnce();

    const expected = expectedTallies(fake.facts, 'claude-code');
    const week = weekOf(new Date(now - 3 * DAY), 'UTC').key;
    expect(app.tallies.tallyOf(week, 'U0ALICE01')?.tokens).toBe(expected.get(`${week} alice@example.com`));
    expect(app.tallies.tallyOf(week, 'U0BOB0001')?.tokens).toBe(expected.get(`${week} bob@example.com`));
    expect(app.tallies.top(week, 10).map((row) => row.userId)).toEqual(
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
