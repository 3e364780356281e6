import { describe, expect, it } from 'vitest';
import { settableClock } from '../helpers/clocks.js';
import { rateLimit } from '../helpers/fake-slack/rate-limit.js';
import type { FakeUser } from '../helpers/fake-slack-server.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage } from '../helpers/start-app.js';

const START = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const MINUTE = 60_000;
/** Tier 3 methods (users.lookupByEmail) allow 50+ calls a minute; chat.postMessage about one a second per channel. */
const PER_MINUTE = 50;

const crossing = (id: string, user: string) => ({
  id,
  user,
  input_tokens: 60_000,
  output_tokens: 0,
  timestamp: '2026-11-24T10:00:00Z',
});

// The bot and the fake Slack share one clock that only the test moves: a minute passes in an
// instant, and nothing here depends on how long a step takes.
describe('Slack rate limits, per method', () => {
  const start = useSlackHarness();

  it('sends 500 queued badge DMs exactly once, one call each, with one 429 per rate-limit window at most', async () => {
    const clock = settableClock(START);
    const { slack, running } = await start([], clock);
    const limit = rateLimit(slack, 'chat.postMessage', {
      calls: PER_MINUTE,
      windowMs: MINUTE,
      now: () => clock().getTime(),
    });
    const people = Array.from({ length: 500 }, (_, i) => `U0R${String(i).padStart(6, '0')}`);
    const answer = await postUsage(running.url, { events: people.map((user, i) => crossing(`e${i}`, user)) });
    expect(answer.body).toEqual({ accepted: 500, duplicates: 0 });

    const { stores, messages } = running.core;
    const { outbox } = stores;
    for (let round = 0; round < 20 && outbox.counts().sent < people.length; round += 1) {
      await messages.deliverDue();
      clock.set(new Date(clock().getTime() + MINUTE));
    }

    expect(outbox.counts()).toEqual({ pending: 0, sending: 0, sent: people.length, failed: 0 });
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
    const posts = slack.callsTo('chat.postMessage');
    const { refused } = limit;
    // Each DM went out once: every call Slack accepted is a different person, and all of them got one.
    const accepted = posts.length - refused;
    expect(accepted).toBe(people.length);
    const sentTs = running.core.db.prepare("SELECT COUNT(DISTINCT slack_ts) FROM outbox WHERE status = 'sent'").pluck();
    expect(sentTs.get()).toBe(people.length);
    expect(new Set(posts.map((call) => call.args.channel))).toEqual(new Set(people));
    // 500 DMs at 50 a minute need 10 windows; only the first call past each window's limit meets a 429.
    expect(refused).toBeLessThanOrEqual(Math.ceil(people.length / PER_MINUTE) - 1);
  });

  it('pauses users.lookupByEmail until Retry-After instead of meeting a 429 for every email', async () => {
    const clock = settableClock(START);
    const users: FakeUser[] = Array.from({ length: 120 }, (_, i) => ({
      id: `U0M${String(i).padStart(6, '0')}`,
      name: `mail${i}`,
      email: `mail${i}@example.com`,
    }));
    const { slack, running } = await start(users, clock);
    const limit = rateLimit(slack, 'users.lookupByEmail', {
      calls: PER_MINUTE,
      windowMs: MINUTE,
      now: () => clock().getTime(),
    });
    const events = users.map((user, i) => ({ ...crossing(`m${i}`, user.email ?? ''), input_tokens: 1000 + i }));
    expect((await postUsage(running.url, { events })).body).toEqual({ accepted: users.length, duplicates: 0 });

    const { core } = running;
    for (let round = 0; round < 20 && core.stores.tallies.totals('2026-W48').people < users.length; round += 1) {
      await core.emailResolver?.runOnce();
      clock.set(new Date(clock().getTime() + MINUTE));
    }

    expect(core.stores.tallies.totals('2026-W48')).toMatchObject({ people: users.length, events: users.length });
    const lookups = slack.callsTo('users.lookupByEmail');
    expect(lookups.length - limit.refused).toBe(users.length);
    expect(new Set(lookups.map((call) => call.args.email)).size).toBe(users.length);
    expect(limit.refused).toBeLessThanOrEqual(Math.ceil(users.length / PER_MINUTE) - 1);
  });
});
