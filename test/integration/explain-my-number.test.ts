import { describe, expect, it } from 'vitest';
import type { FakeUser } from '../helpers/fake-slack-server.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { IDE_AUTH, postUsage } from '../helpers/start-app.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const USERS: FakeUser[] = [
  { id: ALICE, name: 'alice', displayName: 'Alice Archer' },
  { id: BOB, name: 'bob', displayName: 'Bob Builder' },
  { id: 'U0ADMIN01', name: 'admin', displayName: 'Ada Admin' },
];

const usage = (id: string, tokens: number, timestamp: string, model?: string) => ({
  id,
  user: ALICE,
  input_tokens: tokens,
  output_tokens: 0,
  timestamp,
  ...(model ? { model } : {}),
});

describe('explain my number', () => {
  const start = useSlackHarness();

  it('breaks the week down by source, model and day, with retries dropped and corrections', async () => {
    const harness = await start(USERS, () => NOW, { ADMIN_USERS: 'U0ADMIN01' });
    const { url } = harness.running;
    const gateway = [
      usage('g1', 400_000, '2026-11-23T10:00:00Z', 'gpt-4o'),
      usage('g2', 100_000, '2026-11-24T10:00:00Z', 'gpt-<!here>'),
    ];
    await postUsage(url, { events: gateway });
    await postUsage(url, { events: gateway }); // a retry of both: counted once
    await postUsage(
      url,
      { events: [usage('i1', 50_000, '2026-11-24T11:00:00Z'), usage('i2', 7, '2026-11-24T12:00:00Z')] },
      IDE_AUTH,
    );
    harness.running.core.fairPlay.correct(
      'void',
      { kind: 'event', source: 'ide', eventId: 'i2' },
      { kind: 'cli' },
      'test event',
    );

    const me = await harness.leaderboard('me', ALICE);
    const text = textsOf(me.blocks).join('\n');
    expect(text).toMatch(/are \*#1\* of 1 in 2026-W48\n\*550,000\* tokens/);
    expect(text).toContain(
      [
        '*Where the number comes from* (tokens, requests in brackets)',
        'By source: *gateway* 500K (2)  ·  *ide* 50K (1)',
        'By model: gpt-4o 400K (1)  ·  gpt-&lt;!here&gt; 100K (1)  ·  _no model_ 50K (1)',
        'By day: Mon 23 400K (1)  ·  Tue 24 150K (2)',
        '2 repeated reports of the same request dropped (counted once).',
        '🚫 Voided by a correction: 7 tokens in 1 request.',
      ].join('\n'),
    );

    const someone = await harness.leaderboard(`<@${ALICE}>`, BOB);
    expect(textsOf(someone.blocks).join('\n')).toMatch(/By source: \*gateway\* 500K \(2\)/);
    const { view } = await harness.openHome(ALICE);
    expect(textsOf(view.blocks).join('\n')).not.toMatch(/Where the number comes from/);
  });
});
