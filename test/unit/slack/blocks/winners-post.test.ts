import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../src/badges/ladder.js';
import { buildWinnersPost, type Podium, type WinnersPostData } from '../../../../src/slack/blocks/winners-post.js';

const [apprentice, , knight, , overlord] = DEFAULT_LADDER;
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

const podium: Podium[] = [
  {
    rank: 1,
    userId: 'U0ALICE01',
    name: 'Alice',
    avatarUrl: 'https://a.example/1.png',
    tokens: 2_400_123,
    badge: overlord,
  },
  { rank: 2, userId: 'U0BOB0001', name: 'Bob', avatarUrl: undefined, tokens: 600_000, badge: knight },
  {
    rank: 3,
    userId: 'carol@example.com',
    name: '<!here> *Carol*',
    avatarUrl: undefined,
    tokens: 999,
    badge: undefined,
  },
];

const data: WinnersPostData = {
  week: '2026-W47',
  dates: '16–22 November',
  podium,
  totals: { tokens: 12_345_678, people: 14, events: 1234 },
  climber: { name: 'Dana', from: 12, to: 3 },
  newcomers: ['Eve', 'Frank'],
  unranked: 0,
  heldForReview: 0,
};

describe('buildWinnersPost', () => {
  it('crowns the Token Lord, shows the podium, the week in numbers and the movers', () => {
    const post = buildWinnersPost(data);
    expect(post.text).toBe('👑 Alice is the Token Lord of 2026-W47 with 2,400,123 tokens!');
    expect(post.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '👑 The Token Lord of 2026-W47 is crowned!', emoji: true } },
      { type: 'section', text: mrkdwn('All hail <@U0ALICE01>, who burned *2.4M* tokens, *1.8M* ahead of #2. 🎉') },
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn('🥇  <@U0ALICE01>  👑 _Token Lord_\n*2.4M* tokens (2,400,123)  ·  🐉 Token Overlord'),
        accessory: { type: 'image', image_url: 'https://a.example/1.png', alt_text: 'Alice' },
      },
      { type: 'section', text: mrkdwn('🥈  <@U0BOB0001>\n*600K* tokens (600,000)  ·  ⚔️ Token Knight') },
      { type: 'section', text: mrkdwn('🥉  *&lt;!here&gt; *Carol**\n*999* tokens (999)') },
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          '*The week in numbers* (16–22 November)\n🔥 12.3M tokens (12,345,678)  ·  👥 14 people  ·  📨 1,234 requests',
        ),
      },
      {
        type: 'section',
        text: mrkdwn('📈 Biggest climber: *Dana*, up 9 places from #12 to #3\n🆕 New in the top 10: *Eve*, *Frank*'),
      },
      {
        type: 'context',
        elements: [
          mrkdwn(
            'A new week has begun: type `/leaderboard` to see it, or `/leaderboard last` for the full final board.',
          ),
        ],
      },
    ]);
  });

  it('says "person" and "request" for one, leaves out the lead without a #2 and the movers when there are none', () => {
    const [lord] = podium;
    if (!lord) throw new Error('podium');
    const post = buildWinnersPost({
      ...data,
      podium: [{ ...lord, badge: apprentice }],
      totals: { tokens: 2_400_123, people: 1, events: 1 },
      climber: undefined,
      newcomers: [],
    });
    const texts = post.blocks.map((block) => ('text' in block ? block.text.text : block.type));
    expect(texts).toEqual([
      '👑 The Token Lord of 2026-W47 is crowned!',
      'All hail <@U0ALICE01>, who burned *2.4M* tokens. 🎉',
      'divider',
      '🥇  <@U0ALICE01>  👑 _Token Lord_\n*2.4M* tokens (2,400,123)  ·  🌱 Prompt Apprentice',
      'divider',
      '*The week in numbers* (16–22 November)\n🔥 2.4M tokens (2,400,123)  ·  👥 1 person  ·  📨 1 request',
      'context',
    ]);
  });

  it('keeps a quiet week short and mentions nobody', () => {
    const post = buildWinnersPost({ ...data, podium: [], totals: { tokens: 0, people: 0, events: 0 } });
    expect(post).toEqual({
      text: 'A quiet week on the throne: nobody used AI tokens in 2026-W47.',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '😴 A quiet week on the throne · 2026-W47', emoji: true } },
        {
          type: 'section',
          text: mrkdwn(
            'Nobody burned a single token in 16–22 November. The crown waits for a worthy challenger this week!',
          ),
        },
        { type: 'context', elements: [mrkdwn('Type `/leaderboard` to watch the new week unfold.')] },
      ],
    });
  });

  it('says how many people keep their numbers private and what is held, naming none of them', () => {
    const post = buildWinnersPost({ ...data, unranked: 2, heldForReview: 1 });
    const notes = post.blocks.filter((block) => block.type === 'context').map((block) => JSON.stringify(block));
    expect(notes.join('\n')).toContain(
      '🙈 2 people keep their numbers private: counted in the totals, not ranked or crowned.\\n⏳ 1 batch of usage is held for review and not in these numbers.',
    );
  });

  it('crowns nobody when everyone with usage keeps their numbers private', () => {
    const post = buildWinnersPost({ ...data, podium: [], climber: undefined, newcomers: [], unranked: 14 });
    expect(post.text).toBe('No Token Lord for 2026-W47: 14 people burned 12.3M tokens, but nobody on the board.');
    expect(JSON.stringify(post)).not.toMatch(/<@|Alice|Dana/);
  });
});
