import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../../../src/badges/ladder.js';
import { hallOfFame } from '../../../../src/game/hall-of-fame.js';
import { rankTeams } from '../../../../src/game/team-league.js';
import { summarizeCost } from '../../../../src/game/token-cost.js';
import { costLines } from '../../../../src/slack/blocks/cost-lines.js';
import { buildHallOfFame } from '../../../../src/slack/blocks/hall-of-fame.js';
import { buildRecapDm } from '../../../../src/slack/blocks/recap-dm.js';
import { recordLines, streakLine } from '../../../../src/slack/blocks/record-lines.js';
import { buildTeamLeague } from '../../../../src/slack/blocks/team-league.js';
import { textsOf } from '../../../helpers/slack-harness.js';

const WEEK_START = new Date('2026-11-23T00:00:00Z');
/** A week of gpt-4o: 100 requests, 1M input (`cacheReadTokens` of it cached), 100K output. */
const gpt4o = (cacheReadTokens: number) => ({
  model: 'gpt-4o',
  inputTokens: 1_000_000,
  outputTokens: 100_000,
  cacheReadTokens,
  cacheWriteTokens: 0,
  requests: 100,
});

const names: Record<string, string> = { ann: 'Ann <!channel>', bob: 'Bob' };
const nameOf = (userId: string) => names[userId] ?? userId;

describe('buildHallOfFame', () => {
  it('lists the lords and the records, with outside names made inert', () => {
    const hall = hallOfFame([
      { week: '2026-W01', tokenLord: 'ann', lordTokens: 1_000_000, badges: 3 },
      { week: '2026-W02', tokenLord: 'ann', lordTokens: 1_500_000, badges: 4 },
      { week: '2026-W03', tokenLord: 'bob', lordTokens: 900_000, badges: 2 },
    ]);
    const text = textsOf(buildHallOfFame({ hall, nameOf }).blocks).join('\n');
    expect(text).toContain('*Ann &lt;!channel&gt;*  👑👑 *2* crowns · longest run *2 weeks* in a row · last 2026-W02');
    expect(text).toContain('*Biggest week ever:* *Ann &lt;!channel&gt;*, 1.5M tokens in 2026-W02');
    expect(text).toContain('*Most badges in a week:* 4 earned in 2026-W02');
    expect(text).toContain(
      '*Longest reign:* *Ann &lt;!channel&gt;*, 2 weeks (2026-W01 to 2026-W02), dethroned by *Bob*',
    );
    expect(text).not.toContain('<!channel>');
  });

  it('invites the first champion when nobody has been crowned', () => {
    expect(buildHallOfFame({ hall: hallOfFame([]), nameOf }).text).toContain('no week has been crowned yet');
  });
});

describe('recordLines', () => {
  it('says each record like a game host', () => {
    expect(
      recordLines(
        [
          { kind: 'biggest_week', userId: 'bob', tokens: 3_000_000, previous: 2_500_000 },
          { kind: 'crowns_in_a_row', userId: 'ann', count: 3 },
          { kind: 'dethroned', userId: 'ann', by: 'bob', weeks: 3 },
        ],
        nameOf,
      ),
    ).toEqual([
      '🏆 A new all-time record: *Bob* burned *3M* tokens, the biggest week ever (the old record was 2.5M)',
      '👑 *Ann &lt;!channel&gt;* takes a *3rd crown in a row*!',
      "⚔️ *Bob* ended *Ann &lt;!channel&gt;*'s 3-week reign",
    ]);
    expect(streakLine({ userId: 'bob', weeks: 4 }, nameOf)).toBe(
      '🔥 Longest streak: *Bob*, 4 weeks in a row with a badge',
    );
  });
});

describe('buildTeamLeague', () => {
  it('ranks teams without naming members', () => {
    const standings = rankTeams(
      [
        { name: 'Platform <@U1>', members: ['ann', 'bob', 'cat', 'dan'] },
        { name: 'Data', members: ['eve'] },
      ],
      new Map([
        ['ann', 400_000],
        ['eve', 300_000],
      ]),
    );
    const message = buildTeamLeague({ week: '2026-W48', standings, source: 'TEAMS_FILE' });
    const text = textsOf(message.blocks).join('\n');
    expect(text).toContain('🥇 *Data*  ·  *300K* per member  ·  300K total, 1 of 1 playing');
    expect(text).toContain('🥈 *Platform &lt;@U1&gt;*  ·  *100K* per member  ·  400K total, 1 of 4 playing');
    expect(text).not.toContain('ann');
  });
});

describe('buildRecapDm', () => {
  it('sums up the week with its streak, models and cost', () => {
    const cost = summarizeCost([gpt4o(0)], WEEK_START);
    const message = buildRecapDm({
      week: '2026-W48',
      rank: 2,
      people: 40,
      tokens: 1_100_000,
      badges: DEFAULT_LADDER.slice(0, 4),
      models: [{ model: 'gpt-4o', tokens: 1_100_000 }],
      streak: 3,
      sparkline: '▁▃▅█',
      cost,
      isTokenLord: false,
    });
    const text = textsOf(message.blocks).join('\n');
    expect(text).toContain('🥈 *#2* of 40');
    expect(text).toContain('Models: `gpt-4o` 1.1M');
    expect(text).toContain('Last 8 weeks: `▁▃▅█`  ·  🔥 3 weeks in a row with a badge');
    expect(text).toContain('Estimated cost: *$3.50*');
    expect(text).toContain('/leaderboard recap off');
  });
});

describe('costLines', () => {
  it('prices apart and names unknown models', () => {
    const cost = summarizeCost(
      [gpt4o(500_000), { ...gpt4o(0), model: 'house-llama', inputTokens: 5_000, outputTokens: 0, requests: 1 }],
      WEEK_START,
    );
    expect(costLines(cost)).toEqual([
      '💸 Estimated cost *$2.88*: input $1.25, cache $0.63, output $1.00',
      '`gpt-4o` $2.88',
      'No price known for `house-llama` (5K tokens)',
    ]);
  });
});
