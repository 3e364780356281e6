import { describe, expect, it } from 'vitest';
import { NOT_FOUND_RETRY_MS } from '../../src/core/email-resolver.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('people named by email', () => {
  const start = useSlackHarness();
  const tempDir = useTempDir();

  it('resolves each email once through users.lookupByEmail and credits the Slack user', async () => {
    let now = new Date('2026-11-25T12:00:00Z');
    const harness = await start([{ id: 'U0ALICE01', name: 'alice', email: 'alice@example.com' }], () => now);
    const { url, core } = harness.running;
    await postUsage(url, {
      events: [usageEvent('1', 'Alice@Example.com', 100), usageEvent('2', 'alice@example.com', 200)],
    });
    await postUsage(url, usageEvent('3', 'alice@example.com', 300));
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toMatchObject([{ userId: 'U0ALICE01', tokens: 600, events: 3 }]);
    expect(harness.slack.callsTo('users.lookupByEmail')).toHaveLength(1);

    // Later events for a known email are credited at once, with no new lookup.
    now = new Date('2026-11-25T13:00:00Z');
    await postUsage(url, usageEvent('4', 'alice@example.com', 400));
    expect(core.stores.tallies.tallyOf('2026-W48', 'U0ALICE01')?.tokens).toBe(1000);
    await core.emailResolver?.runOnce();
    expect(harness.slack.callsTo('users.lookupByEmail')).toHaveLength(1);
  });

  it('keeps events for an email not in Slack yet and counts them once the person joins', async () => {
    let now = new Date('2026-11-25T12:00:00Z');
    const harness = await start([], () => now);
    const { url, core } = harness.running;
    expect((await postUsage(url, usageEvent('1', 'newbie@example.com', 5000))).body).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toEqual([]);
    const stored = core.db.prepare('SELECT user_ref, user_id FROM usage_events_named').all();
    expect(stored).toEqual([{ user_ref: 'newbie@example.com', user_id: null }]);

    harness.slack.addUser({ id: 'U0NEWBIE1', name: 'newbie', email: 'newbie@example.com' });
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toEqual([]);
    now = new Date(now.getTime() + NOT_FOUND_RETRY_MS + 1);
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toMatchObject([{ userId: 'U0NEWBIE1', tokens: 5000, events: 1 }]);
    expect(harness.slack.callsTo('users.lookupByEmail')).toHaveLength(2);
  });

  it('retries a lookup that Slack rate-limited, after its Retry-After', async () => {
    let now = new Date('2026-11-25T12:00:00Z');
    const harness = await start([{ id: 'U0ALICE01', name: 'alice', email: 'alice@example.com' }], () => now);
    harness.slack.failNext('users.lookupByEmail', { status: 429, retryAfter: 120 });
    const { url, core } = harness.running;
    await postUsage(url, usageEvent('1', 'alice@example.com', 100));
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toEqual([]);
    now = new Date(now.getTime() + 121_000);
    await core.emailResolver?.runOnce();
    expect(core.stores.tallies.top('2026-W48', 10)).toMatchObject([{ userId: 'U0ALICE01', tokens: 100 }]);
  });

  it('lets an email stand for the person in local mode', async () => {
    const running = await startApp(tempDir(), {}, () => new Date('2026-11-25T12:00:00Z'));
    try {
      await postUsage(running.url, usageEvent('1', 'Bob@Example.com', 700));
      expect(running.core.stores.tallies.top('2026-W48', 10)).toMatchObject([
        { userId: 'bob@example.com', tokens: 700 },
      ]);
    } finally {
      await running.stop();
    }
  });
});
