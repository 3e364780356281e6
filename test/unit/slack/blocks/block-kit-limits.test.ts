import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Badge, badgesEarned, ladderSchema, nextBadge } from '../../../../src/badges/ladder.js';
import { hallOfFame } from '../../../../src/game/hall-of-fame.js';
import { rankTeams } from '../../../../src/game/team-league.js';
import { summarizeCost } from '../../../../src/game/token-cost.js';
import { buildAppHomeView } from '../../../../src/slack/blocks/app-home.js';
import { buildBadgeDm } from '../../../../src/slack/blocks/badge-dm.js';
import type { BoardRow } from '../../../../src/slack/blocks/board-rows.js';
import { buildHallOfFame } from '../../../../src/slack/blocks/hall-of-fame.js';
import { buildHelpMessage } from '../../../../src/slack/blocks/help.js';
import {
  BOARD_PAGE_SIZE,
  buildLeaderboardMessage,
  buildWeekLine,
} from '../../../../src/slack/blocks/leaderboard-board.js';
import { buildPersonCard, type PersonCardData } from '../../../../src/slack/blocks/person-card.js';
import { buildRecapDm } from '../../../../src/slack/blocks/recap-dm.js';
import { buildTeamLeague } from '../../../../src/slack/blocks/team-league.js';
import { buildTokenLordDm } from '../../../../src/slack/blocks/token-lord-dm.js';
import { buildWinnersPost } from '../../../../src/slack/blocks/winners-post.js';
import { MAX_TOP } from '../../../../src/slack/leaderboard-args.js';
import { parseWeek } from '../../../../src/weeks/parse-week.js';
import type { Week } from '../../../../src/weeks/week.js';
import { blockKitViolations } from '../../../helpers/block-kit-limits.js';

const ZONE = 'Europe/London';
const RUNS = { numRuns: 150 };

// The pieces that break naive text handling: astral emoji, flags, skin tones, ZWJ families,
// combining marks, and characters that escaping makes longer.
const NASTY = ['🐉', '🇯🇵', '👍🏽', '👩‍👩‍👧‍👦', 'e\u0301\u0323', '&', '<', '>', '@channel', '*', ' ', '\n', 'x'];
const piece = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }));

/** Text of at most `max` UTF-16 units, built from whole pieces (so always well-formed). */
function boundedText(max: number) {
  return fc.array(piece, { maxLength: max }).map((pieces) => {
    let text = '';
    for (const part of pieces) {
      if (text.length + part.length > max) break;
      text += part;
    }
    return text;
  });
}

/** Names as Slack profiles may hold them: any length. */
const name = fc.oneof(boundedText(400), fc.constantFrom('🐉'.repeat(41), '&'.repeat(300), '   '));
const tokens = fc.maxSafeNat();
const avatarUrl = fc.option(fc.webUrl(), { nil: undefined });
const week: fc.Arbitrary<Week> = fc
  .record({ year: fc.integer({ min: 2000, max: 2999 }), number: fc.integer({ min: 1, max: 52 }) })
  .map(({ year, number }) => parseWeek(`${year}-W${String(number).padStart(2, '0')}`, ZONE) as Week);

/** Any ladder BADGES_FILE may hold, as the config check accepts it. */
const ladder: fc.Arbitrary<Badge[]> = fc
  .record({
    thresholds: fc.uniqueArray(fc.integer({ min: 1, max: 1e12 }), { minLength: 1, maxLength: 20 }),
    names: fc.array(
      boundedText(60).filter((text) => text.trim().length > 0),
      { minLength: 20, maxLength: 20 },
    ),
    emoji: fc.array(
      boundedText(40).filter((text) => text.trim().length > 0),
      { minLength: 20, maxLength: 20 },
    ),
  })
  .map(({ thresholds, names, emoji }) =>
    ladderSchema.parse(
      thresholds.sort((a, b) => a - b).map((threshold, i) => ({ threshold, name: names[i], emoji: emoji[i] })),
    ),
  );

/** The largest ladder the config allows: 20 badges, 60-character names, 40-character emoji. */
const WORST_LADDER: Badge[] = Array.from({ length: 20 }, (_, i) => ({
  name: `${'🐉'.repeat(29)}${String(i).padStart(2, '0')}`,
  emoji: `${'👩‍👩‍👧‍👦'.repeat(3)}${'🐉'.repeat(3)}x`,
  threshold: (i + 1) * 1000,
}));

const standing = fc.option(
  fc.record({
    rank: fc.integer({ min: 1, max: 1e9 }),
    tokens,
    tokensToNextPlace: fc.option(tokens, { nil: undefined }),
  }),
  { nil: undefined },
);

function boardRow(ladderArb: fc.Arbitrary<Badge[]>): fc.Arbitrary<BoardRow> {
  return fc.record({
    rank: fc.integer({ min: 1, max: 1e9 }),
    name,
    avatarUrl,
    tokens,
    badge: ladderArb.chain((badges) => fc.option(fc.constantFrom(...badges), { nil: undefined })),
    isTokenLord: fc.boolean(),
  });
}

const personCard: fc.Arbitrary<PersonCardData> = fc
  .record({ week, name, avatarUrl, isCaller: fc.boolean(), ladder, tokens, standing, isTokenLord: fc.boolean() })
  .chain((data) =>
    fc
      .record({
        inputTokens: tokens,
        outputTokens: tokens,
        events: tokens,
        people: tokens,
      })
      .map((counts) => ({
        week: data.week,
        name: data.name,
        avatarUrl: data.avatarUrl,
        isCaller: data.isCaller,
        tally: data.standing
          ? {
              userId: 'U0PERSON1',
              tokens: data.tokens,
              inputTokens: counts.inputTokens,
              outputTokens: counts.outputTokens,
              events: counts.events,
            }
          : undefined,
        standing: data.standing,
        people: counts.people,
        badges: badgesEarned(data.ladder, data.tokens),
        nextBadge: nextBadge(data.ladder, data.tokens),
        isTokenLord: data.isTokenLord,
      })),
  );

function expectWithinLimits(surface: 'message' | 'home', payload: { text?: string; blocks: unknown[] }) {
  expect(blockKitViolations(surface, payload)).toEqual([]);
}

describe('every builder stays inside Block Kit limits for any data the config and Slack allow', () => {
  it('the /leaderboard board, any page of any board size', () => {
    fc.assert(
      fc.property(
        fc.record({
          week,
          rows: fc.array(boardRow(ladder), { maxLength: BOARD_PAGE_SIZE }),
          top: fc.integer({ min: 1, max: MAX_TOP }),
          page: fc.integer({ min: 0, max: MAX_TOP }),
          totals: fc.record({ tokens, people: tokens, events: tokens }),
          caller: fc.record({ name, standing }),
          shared: fc.boolean(),
          now: fc.date({ noInvalidDate: true }),
        }),
        (data) => expectWithinLimits('message', buildLeaderboardMessage({ ...data, zone: ZONE })),
      ),
      RUNS,
    );
  });

  it('the App Home tab', () => {
    fc.assert(
      fc.property(
        personCard,
        fc.array(boardRow(ladder), { maxLength: 10 }),
        fc.record({ tokens, people: tokens, events: tokens }),
        fc.date({ noInvalidDate: true }),
        (viewer, rows, totals, now) =>
          expectWithinLimits(
            'home',
            buildAppHomeView({ viewer, rows, weekLine: buildWeekLine(viewer.week, ZONE, now, totals) }),
          ),
      ),
      RUNS,
    );
  });

  it('the person card', () => {
    fc.assert(
      fc.property(personCard, (data) => expectWithinLimits('message', buildPersonCard(data))),
      RUNS,
    );
  });

  it('the badge DM, crossing any part of any ladder at once', () => {
    const dm = fc.record({ ladder, week, tokens }).chain(({ ladder: badges, week: w, tokens: t }) =>
      fc.record({
        badges: fc.subarray(badges, { minLength: 1 }),
        next: fc.option(fc.constantFrom(...badges), { nil: undefined }),
        tokens: fc.constant(t),
        week: fc.constant(w.key),
      }),
    );
    fc.assert(
      fc.property(dm, (data) => expectWithinLimits('message', buildBadgeDm(data))),
      {
        ...RUNS,
        examples: [[{ badges: WORST_LADDER, next: undefined, tokens: Number.MAX_SAFE_INTEGER, week: '2026-W48' }]],
      },
    );
  });

  it('the Token Lord DM', () => {
    fc.assert(
      fc.property(week, tokens, fc.option(tokens, { nil: undefined }), (w, t, runnerUp) =>
        expectWithinLimits('message', buildTokenLordDm({ week: w.key, tokens: t, runnerUpTokens: runnerUp })),
      ),
      RUNS,
    );
  });

  it('the winners post', () => {
    const podium = fc.array(
      fc.record({
        userId: fc.constantFrom('U0PERSON1', 'someone@example.com'),
        name,
        avatarUrl,
        tokens,
        badge: fc.constant(undefined),
      }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(
        week,
        podium,
        fc.record({ tokens, people: tokens, events: tokens }),
        fc.option(fc.record({ name, from: fc.integer({ min: 2, max: 1e6 }), to: fc.integer({ min: 1, max: 10 }) }), {
          nil: undefined,
        }),
        fc.array(name, { maxLength: 10 }),
        ladder,
        fc.record({
          unranked: fc.integer({ min: 0, max: 1e6 }),
          heldForReview: fc.integer({ min: 0, max: 1e6 }),
          lateSources: fc.array(name, { maxLength: 4 }),
        }),
        (w, entries, totals, climber, newcomers, badges, notes) =>
          expectWithinLimits(
            'message',
            buildWinnersPost({
              week: w.key,
              dates: '23–29 Nov 2026',
              podium: entries.map((entry, i) => ({ ...entry, rank: i + 1, badge: badges.at(-1) })),
              totals,
              climber,
              newcomers,
              ...notes,
            }),
          ),
      ),
      RUNS,
    );
  });

  it('the help, echoing any text it did not understand', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'grapheme', maxLength: 4000 }), { nil: undefined }), (unknown) =>
        expectWithinLimits('message', buildHelpMessage(unknown)),
      ),
      RUNS,
    );
  });

  it('the Hall of Fame, any number of lords and records', () => {
    const lords = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 40 });
    fc.assert(
      fc.property(lords, fc.array(name, { minLength: 1, maxLength: 5 }), (ids, names) => {
        const hall = hallOfFame(
          ids.map((userId, i) => ({
            week: `2026-W${String((i % 52) + 1).padStart(2, '0')}`,
            tokenLord: userId,
            lordTokens: i,
            badges: i,
          })),
        );
        expectWithinLimits(
          'message',
          buildHallOfFame({ hall, nameOf: (userId) => names[userId.length % names.length] ?? '' }),
        );
      }),
      RUNS,
    );
  });

  it('the team league, any teams', () => {
    const team = fc.record({ name, members: fc.array(fc.constantFrom('U1', 'U2', 'U3'), { maxLength: 3 }) });
    fc.assert(
      fc.property(week, fc.array(team, { maxLength: 60 }), (w, teams) =>
        expectWithinLimits(
          'message',
          buildTeamLeague({
            week: w.key,
            standings: rankTeams(
              teams,
              new Map([
                ['U1', Number.MAX_SAFE_INTEGER],
                ['U2', 5],
              ]),
            ),
            source: 'TEAMS_FILE',
          }),
        ),
      ),
      RUNS,
    );
  });

  it('the recap DM and the person card with trend and cost, any models', () => {
    const usage = fc.record({
      model: fc.option(name, { nil: null }),
      inputTokens: fc.nat({ max: 1e12 }),
      outputTokens: fc.nat({ max: 1e12 }),
      cacheReadTokens: fc.constant(0),
      cacheWriteTokens: fc.constant(0),
      requests: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(
      fc.property(personCard, fc.array(usage, { maxLength: 30 }), ladder, (data, usages, badges) => {
        const cost = summarizeCost(usages, data.week.start);
        const trend = { sparkline: '▁▂▃▄▅▆▇█', streak: 104 };
        expectWithinLimits('message', buildPersonCard({ ...data, badges, trend, cost }));
        expectWithinLimits(
          'message',
          buildRecapDm({
            week: data.week.key,
            rank: data.standing?.rank,
            people: data.people,
            tokens: data.tally?.tokens ?? 0,
            badges,
            models: usages.map((entry) => ({ model: entry.model, tokens: entry.inputTokens + entry.outputTokens })),
            streak: trend.streak,
            sparkline: trend.sparkline,
            cost,
            isTokenLord: data.isTokenLord,
          }),
        );
      }),
      RUNS,
    );
  });

  it('the largest ladder crossed at once fits one badge DM', () => {
    const dm = buildBadgeDm({ badges: WORST_LADDER, next: undefined, tokens: 1e15, week: '2026-W48' });
    expect(blockKitViolations('message', dm)).toEqual([]);
  });
});
