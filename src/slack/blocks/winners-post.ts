import type { Badge } from '../../badges/ladder.js';
import { isSlackUserId } from '../../identity/slack-user-id.js';
import { formatExactTokens, formatTokens } from '../../leaderboard/format-tokens.js';
import { TOP, type WeekTotals } from '../../leaderboard/tally.js';
import { rankLabel } from './board-rows.js';
import { displayName, mrkdwn, nameAltText, plainText } from './mrkdwn.js';

export interface Podium {
  rank: number;
  userId: string;
  name: string;
  avatarUrl: string | undefined;
  tokens: number;
  badge: Badge | undefined;
}

export interface WinnersPostData {
  week: string;
  /** the week's dates, as people read them */
  dates: string;
  podium: Podium[];
  totals: WeekTotals;
  climber: { name: string; from: number; to: number } | undefined;
  newcomers: string[];
  /** records set, the longest streak, the estimated cost: one line each, already in mrkdwn */
  highlights?: readonly string[];
  /** pulled sources whose usage had not arrived when the week closed */
  lateSources?: string[];
  /** people with usage who stay off the board: in the totals, never named or crowned */
  unranked: number;
  /** reviews still pending for the week: that usage is not in these numbers */
  heldForReview: number;
}

/** Says which pulled source was late, so nobody mistakes a missing vendor for a quiet one. */
function lateNote(data: WinnersPostData) {
  const late = data.lateSources ?? [];
  if (late.length === 0) return [];
  return [
    {
      type: 'context' as const,
      elements: [
        mrkdwn(
          `⏳ Crowned without waiting longer for ${late.map((name) => `*${displayName(name)}*`).join(', ')}: ` +
            'its usage for this week had not fully arrived. Late usage still counts on `/leaderboard last`.',
        ),
      ],
    },
  ];
}

/** What the week's numbers leave out or leave unnamed, said plainly. */
function fairPlayNotes(data: WinnersPostData): string[] {
  return [
    data.unranked > 0
      ? `🙈 ${formatExactTokens(data.unranked)} ${data.unranked === 1 ? 'person keeps' : 'people keep'} their numbers private: counted in the totals, not ranked or crowned.`
      : undefined,
    data.heldForReview > 0
      ? `⏳ ${formatExactTokens(data.heldForReview)} ${data.heldForReview === 1 ? 'batch of usage is' : 'batches of usage are'} held for review and not in these numbers.`
      : undefined,
  ].filter((line): line is string => line !== undefined);
}

/**
 * The winners post is the one message that may mention people: the podium by `<@U…>` (IDs come
 * from the database, never from outside text). Anyone who is not a Slack user (local mode) is
 * named as escaped text.
 */
function mention(entry: Podium): string {
  return isSlackUserId(entry.userId) ? `<@${entry.userId}>` : `*${displayName(entry.name)}*`;
}

function quietWeek(data: WinnersPostData) {
  if (data.totals.people > 0) return unnamedWeek(data);
  return {
    text: `A quiet week on the throne: nobody used AI tokens in ${data.week}.`,
    blocks: [
      { type: 'header' as const, text: plainText(`😴 A quiet week on the throne · ${data.week}`) },
      {
        type: 'section' as const,
        text: mrkdwn(
          `Nobody burned a single token in ${data.dates}. The crown waits for a worthy challenger this week!`,
        ),
      },
      { type: 'context' as const, elements: [mrkdwn('Type `/leaderboard` to watch the new week unfold.')] },
      ...lateNote(data),
    ],
  };
}

/** Usage, but nobody who may be named: the title needs a name, so nobody is crowned. */
function unnamedWeek(data: WinnersPostData) {
  const { totals } = data;
  const text = `No Token Lord for ${data.week}: ${formatExactTokens(totals.people)} ${totals.people === 1 ? 'person' : 'people'} burned ${formatTokens(totals.tokens)} tokens, but nobody on the board.`;
  return {
    text,
    blocks: [
      { type: 'header' as const, text: plainText(`🙈 No Token Lord this time · ${data.week}`) },
      {
        type: 'section' as const,
        text: mrkdwn(
          `*${formatTokens(totals.tokens)}* tokens from ${formatExactTokens(totals.people)} ${totals.people === 1 ? 'person' : 'people'} in ${data.dates}, and all of them keep their numbers private. The crown needs a name, so it waits for next week.`,
        ),
      },
      ...(data.heldForReview > 0
        ? [{ type: 'context' as const, elements: [mrkdwn(fairPlayNotes(data).at(-1) ?? '')] }]
        : []),
      {
        type: 'context' as const,
        elements: [mrkdwn('`/leaderboard show` puts you on the board; `/leaderboard join` where joining is required.')],
      },
    ],
  };
}

/** The Monday post: the new Token Lord, the podium with avatars, the week in numbers, the movers. */
export function buildWinnersPost(data: WinnersPostData) {
  const [lord, second] = data.podium;
  if (!lord) return quietWeek(data);
  const lead = second ? `, *${formatTokens(lord.tokens - second.tokens)}* ahead of #2` : '';
  const podium = data.podium.map((entry) => ({
    type: 'section' as const,
    text: mrkdwn(
      `${rankLabel(entry.rank)}  ${mention(entry)}${entry.rank === 1 ? '  👑 _Token Lord_' : ''}\n` +
        `*${formatTokens(entry.tokens)}* tokens (${formatExactTokens(entry.tokens)})` +
        (entry.badge ? `  ·  ${entry.badge.emoji} ${entry.badge.name}` : ''),
    ),
    ...(entry.avatarUrl
      ? { accessory: { type: 'image' as const, image_url: entry.avatarUrl, alt_text: nameAltText(entry.name) } }
      : {}),
  }));
  const { totals } = data;
  const notes = fairPlayNotes(data);
  const movers = [
    data.climber
      ? `📈 Biggest climber: *${displayName(data.climber.name)}*, up ${data.climber.from - data.climber.to} places from #${data.climber.from} to #${data.climber.to}`
      : undefined,
    data.newcomers.length > 0
      ? `🆕 New in the top ${TOP}: ${data.newcomers.map((name) => `*${displayName(name)}*`).join(', ')}`
      : undefined,
  ].filter((line): line is string => line !== undefined);
  return {
    text: `👑 ${displayName(lord.name)} is the Token Lord of ${data.week} with ${formatExactTokens(lord.tokens)} tokens!`,
    blocks: [
      { type: 'header' as const, text: plainText(`👑 The Token Lord of ${data.week} is crowned!`) },
      {
        type: 'section' as const,
        text: mrkdwn(`All hail ${mention(lord)}, who burned *${formatTokens(lord.tokens)}* tokens${lead}. 🎉`),
      },
      { type: 'divider' as const },
      ...podium,
      { type: 'divider' as const },
      {
        type: 'section' as const,
        text: mrkdwn(
          `*The week in numbers* (${data.dates})\n` +
            `🔥 ${formatTokens(totals.tokens)} tokens (${formatExactTokens(totals.tokens)})  ·  ` +
            `👥 ${formatExactTokens(totals.people)} ${totals.people === 1 ? 'person' : 'people'}  ·  ` +
            `📨 ${formatExactTokens(totals.events)} ${totals.events === 1 ? 'request' : 'requests'}`,
        ),
      },
      ...(movers.length > 0 ? [{ type: 'section' as const, text: mrkdwn(movers.join('\n')) }] : []),
      ...(data.highlights?.length ? [{ type: 'section' as const, text: mrkdwn(data.highlights.join('\n')) }] : []),
      ...(notes.length > 0 ? [{ type: 'context' as const, elements: [mrkdwn(notes.join('\n'))] }] : []),
      {
        type: 'context' as const,
        elements: [
          mrkdwn(
            'A new week has begun: type `/leaderboard` to see it, or `/leaderboard last` for the full final board.',
          ),
        ],
      },
      ...lateNote(data),
    ],
  };
}
