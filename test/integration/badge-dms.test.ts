import { describe, expect, it } from 'vitest';
import { usageEvent } from '../fixtures/usage-events.js';
import { tickingClockFrom } from '../helpers/clocks.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage } from '../helpers/start-app.js';

const START = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48

const usage = (id: string, tokens: number) => usageEvent(id, 'U0ALICE01', tokens);

describe('badge DMs', () => {
  const start = useSlackHarness();

  async function harness() {
    return start([{ id: 'U0ALICE01', name: 'alice', displayName: 'Alice' }], tickingClockFrom(START));
  }

  it('sends exactly one DM naming the badge when a threshold is crossed, and none on a resend', async () => {
    const { slack, running } = await harness();
    await postUsage(running.url, usage('1', 40_000));
    expect((await postUsage(running.url, usage('2', 20_000))).body).toEqual({ accepted: 1, duplicates: 0 });
    const post = await slack.waitFor(() => slack.callsTo('chat.postMessage')[0]);
    // Posted to the user ID: Slack delivers it to the bot's DM with her, in one call.
    expect(post.args.channel).toBe('U0ALICE01');
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
    expect(post.args.text).toMatch(/Prompt Apprentice/);
    expect(textsOf(post.args.blocks).join('\n')).toMatch(/New badge unlocked: \*Prompt Apprentice\*!/);
    expect(textsOf(post.args.blocks).join('\n')).toMatch(/\*60K\* tokens \(60,000\) in 2026-W48/);

    // The same events again are duplicates: no tally change, no DM.
    expect((await postUsage(running.url, usage('2', 20_000))).body).toEqual({ accepted: 0, duplicates: 1 });
    await running.core.messages.deliverDue();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(running.core.stores.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0 });
  });

  it('sends one DM naming both badges when one batch crosses two thresholds', async () => {
    const { slack, running } = await harness();
    await postUsage(running.url, { events: [usage('1', 150_000), usage('2', 100_000)] });
    const post = await slack.waitFor(() => slack.callsTo('chat.postMessage')[0]);
    const text = textsOf(post.args.blocks).join('\n');
    expect(text).toMatch(/2 new badges in one go: 🌱 \*Prompt Apprentice\* and 🧵 \*Context Weaver\*!/);
    expect(text).toMatch(/Next up: ⚔️ \*Token Knight\* at 500K, \*250K\* to go/);
    await running.core.messages.deliverDue();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('waits out two 429s with Retry-After: 1 and delivers the DM once', async () => {
    const { slack, running } = await harness();
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    await postUsage(running.url, usage('1', 60_000));
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length === 3, 8000);
    await running.core.messages.deliverDue();
    const attempts = slack.callsTo('chat.postMessage');
    expect(attempts).toHaveLength(3);
    expect((attempts[2]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1900);
    expect(running.core.stores.outbox.counts()).toMatchObject({ sent: 1, pending: 0 });
  });
});
