import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../src/badges/ladder.js';
import { buildPersonCard, type PersonCardData, personCardText } from '../../../../src/slack/blocks/person-card.js';
import { parseWeek } from '../../../../src/weeks/parse-week.js';

const week = parseWeek('2026-W48', 'UTC');
const [apprentice, weaver, knight] = DEFAULT_LADDER;
if (!week || !apprentice || !weaver || !knight) throw new Error('fixtures');

const bob: PersonCardData = {
  week,
  name: 'Bob',
  avatarUrl: 'https://a.example/bob.png',
  isCaller: false,
  tally: { userId: 'U0BOB0001', tokens: 250_000, inputTokens: 200_000, outputTokens: 50_000, events: 42 },
  standing: { rank: 4, tokens: 250_000, tokensToNextPlace: 12_345 },
  people: 17,
  badges: [apprentice, weaver],
  nextBadge: knight,
  isTokenLord: false,
};

describe('personCardText', () => {
  it("tells someone else's week: rank, exact tokens, breakdown, badges, next badge, gap to the next place", () => {
    expect(personCardText(bob)).toBe(
      [
        '*#4* *Bob* is *#4* of 17 in 2026-W48',
        '*250,000* tokens (250K): 200K in, 50K out, 42 requests',
        'Badges: 🌱 Prompt Apprentice  ·  🧵 Context Weaver',
        'Next badge: ⚔️ Token Knight in *250K* tokens',
        '*12.3K* more to pass #3',
      ].join('\n'),
    );
  });

  it('speaks to the caller, crowns the Token Lord and says nobody is ahead at the top', () => {
    const lord: PersonCardData = {
      ...bob,
      isCaller: true,
      isTokenLord: true,
      tally: { userId: 'U0BOB0001', tokens: 1, inputTokens: 1, outputTokens: 0, events: 1 },
      standing: { rank: 1, tokens: 1, tokensToNextPlace: undefined },
      badges: [],
      nextBadge: undefined,
    };
    expect(personCardText(lord)).toBe(
      [
        '🥇 *You* (Bob) 👑 _Token Lord_ are *#1* of 17 in 2026-W48',
        '*1* tokens (1): 1 in, 0 out, 1 request',
        'No badge yet this week.',
        'Nobody is ahead. 👑',
      ].join('\n'),
    );
  });

  it('says when someone has no usage yet, differently to the caller', () => {
    const idle = { ...bob, tally: undefined, standing: undefined };
    expect(personCardText(idle)).toBe("*Bob* hasn't burned any tokens in 2026-W48 yet.");
    expect(personCardText({ ...idle, isCaller: true })).toBe(
      "You haven't burned any tokens in 2026-W48 yet. Your usage shows up as soon as your AI tools report it.",
    );
  });

  it('escapes a hostile name', () => {
    expect(personCardText({ ...bob, tally: undefined, name: '<!channel> & co' })).toBe(
      "*&lt;!channel&gt; &amp; co* hasn't burned any tokens in 2026-W48 yet.",
    );
  });
});

describe('buildPersonCard', () => {
  it('is one section with the avatar, and a plain fallback text', () => {
    expect(buildPersonCard(bob)).toEqual({
      text: 'Bob: #4 in 2026-W48 with 250,000 tokens',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: personCardText(bob), verbatim: true },
          accessory: { type: 'image', image_url: 'https://a.example/bob.png', alt_text: 'Bob' },
        },
      ],
    });
  });

  it('leaves out the image without an avatar and makes its alt text inert', () => {
    const card = buildPersonCard({ ...bob, name: '<@U0EVIL001>', avatarUrl: undefined, standing: undefined });
    expect(card.text).toBe('&lt;@U0EVIL001&gt;: no usage in 2026-W48 yet');
    expect(card.blocks[0]).not.toHaveProperty('accessory');
    expect(buildPersonCard({ ...bob, name: '<@U0EVIL001>' }).blocks[0]?.accessory?.alt_text).toBe('‹@U0EVIL001›');
  });
});
