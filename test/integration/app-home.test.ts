import { describe, expect, it } from 'vitest';
import { usageEvent } from '../fixtures/usage-events.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage } from '../helpers/start-app.js';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('App Home', () => {
  const start = useSlackHarness();

  it("publishes the viewer's week and the live top 10 when the Home tab opens", async () => {
    const harness = await start(
      [
        { id: 'U0ALICE01', name: 'alice', displayName: 'Alice Archer' },
        { id: 'U0VIEWER1', name: 'viewer', displayName: 'Vera Viewer' },
      ],
      () => NOW,
    );
    await postUsage(harness.running.url, {
      events: [
        usageEvent('1', 'U0ALICE01', 300_000),
        usageEvent('2', 'U0VIEWER1', 40_000, { output_tokens: 20_000, timestamp: '2026-11-24T11:00:00Z' }),
      ],
    });
    const { userId, view } = await harness.openHome('U0VIEWER1');
    expect(userId).toBe('U0VIEWER1');
    expect(view.type).toBe('home');
    const texts = textsOf(view.blocks).join('\n');
    expect(texts).toMatch(/\*You\* \(Vera Viewer\) are \*#2\* of 2 in 2026-W48/);
    expect(texts).toMatch(/Badges: 🌱 Prompt Apprentice/);
    expect(texts).toMatch(/🏆 Live top 10/);
    expect(texts).toMatch(/\*Alice Archer\* {2}· {2}\*300K\* tokens {2}· {2}🧵 Context Weaver/);
    expect(texts).toMatch(/`\/leaderboard me`/);
  });
});
