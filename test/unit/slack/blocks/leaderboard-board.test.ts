import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../src/badges/ladder.js';
import type { BoardRow } from '../../../../src/slack/blocks/board-rows.js';
import { BOARD_PAGE_SIZE, buildLeaderboardMessage } from '../../../../src/slack/blocks/leaderboard-board.js';
import { parseWeek } from '../../../../src/weeks/parse-week.js';
import { textsOf } from '../../../helpers/slack-harness.js';

const week = parseWeek('2026-W48', 'Europe/London');
if (!week) throw new Error('test week');

function rows(count: number, from = 1): BoardRow[] {
  return Array.from({ length: count }, (_, i) => ({
    rank: from + i,
    name: `<@U0EVIL${i}> ${'n'.repeat(200)}`,
    avatarUrl: `https://avatars.example.com/${i}.png`,
    tokens: 2_000_000 - i,
    badge: DEFAULT_LADDER[4],
    isTokenLord: i === 0,
  }));
}

const base = {
  week,
  zone: 'Europe/London',
  now: new Date('2026-11-25T12:00:00Z'),
  totals: { tokens: 123_456_789, people: 100, events: 5000 },
  caller: { name: 'Casey', standing: { rank: 1, tokens: 2_000_000, tokensToNextPlace: undefined } },
  shared: false,
};

describe('buildLeaderboardMessage', () => {
  it('stays within Block Kit limits on the largest page', () => {
    const message = buildLeaderboardMessage({ ...base, rows: rows(BOARD_PAGE_SIZE, 41), page: 2, top: 100 });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
    }
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<@U0EVIL');
    const texts = textsOf(message.blocks);
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('marks the reigning Token Lord and the caller at the top', () => {
    const message = buildLeaderboardMessage({ ...base, rows: rows(3), page: 0, top: 10 });
    expect(JSON.stringify(message.blocks[3])).toContain('👑 _Token Lord_');
    expect(JSON.stringify(message.blocks.at(-1))).toContain('nobody is ahead of you');
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('says when a week is over, and when a page is empty', () => {
    const later = { ...base, now: new Date('2026-12-10T00:00:00Z') };
    const message = buildLeaderboardMessage({ ...later, rows: [], page: 4, top: 100 });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('final standings');
    expect(json).toContain('Nobody further down the board yet.');
  });
});
