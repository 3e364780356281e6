import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../src/badges/ladder.js';
import { buildBadgeDm } from '../../../../src/slack/blocks/badge-dm.js';

const [apprentice, weaver, knight, , overlord] = DEFAULT_LADDER;
if (!apprentice || !weaver || !knight || !overlord) throw new Error('ladder');
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

describe('buildBadgeDm', () => {
  it('announces one badge with the tokens so far and the distance to the next', () => {
    expect(buildBadgeDm({ week: '2026-W48', badges: [apprentice], tokens: 60_500, next: weaver })).toEqual({
      text: '🌱 Prompt Apprentice: new badge earned with 60,500 tokens in 2026-W48.',
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            "🌱 New badge unlocked: *Prompt Apprentice*!\nYou've burned *60.5K* tokens (60,500) in 2026-W48.",
          ),
        },
        {
          type: 'context',
          elements: [
            mrkdwn('Next up: 🧵 *Context Weaver* at 200K, *140K* to go.  ·  `/leaderboard me` shows where you stand.'),
          ],
        },
      ],
    });
  });

  it('names every badge one crossing earned in a single DM', () => {
    const dm = buildBadgeDm({
      week: '2026-W48',
      badges: [apprentice, weaver, knight],
      tokens: 512_000,
      next: undefined,
    });
    expect(dm.text).toBe(
      '🌱 Prompt Apprentice and 🧵 Context Weaver and ⚔️ Token Knight: new badges earned with 512,000 tokens in 2026-W48.',
    );
    expect(dm.blocks[0]?.text).toEqual(
      mrkdwn(
        "⚔️ 3 new badges in one go: 🌱 *Prompt Apprentice* and 🧵 *Context Weaver* and ⚔️ *Token Knight*!\nYou've burned *512K* tokens (512,000) in 2026-W48.",
      ),
    );
  });

  it('points to the crown at the top of the ladder', () => {
    const dm = buildBadgeDm({ week: '2026-W48', badges: [overlord], tokens: 2_000_000, next: undefined });
    expect(dm.blocks[1]).toEqual({
      type: 'context',
      elements: [
        mrkdwn('That is the top of the ladder. Now go for the crown 👑  ·  `/leaderboard me` shows where you stand.'),
      ],
    });
  });
});
