import type { Logger } from '@slack/bolt';
import { type Badge, highestBadge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import { biggestClimber, newcomersToTop } from '../crown/weekly-movers.js';
import type { Db } from '../db/open-database.js';
import { ThroneError } from '../errors.js';
import { PRIVATE_NAME } from '../fair-play/private-name.js';
import { TOP } from '../leaderboard/tally.js';
import { buildTokenLordDm } from '../slack/blocks/token-lord-dm.js';
import { buildWinnersPost } from '../slack/blocks/winners-post.js';
import { chooseWeek } from '../weeks/choose-week.js';
import { formatWeekDates } from '../weeks/format-week.js';
import type { Week } from '../weeks/week.js';
import { previousWeek, weekOf } from '../weeks/week-of.js';
import type { AvatarSource } from './avatar-source.js';
import { loadBoardPage } from './boards.js';
import { drawWeekCard } from './draw-week-card.js';
import type { Recaps } from './recaps.js';
import type { Stores } from './stores.js';
import type { Person, UserDirectory } from './user-directory.js';
import { createWeekStoryteller, storyLines, type WeekStory } from './week-story.js';

export type CrownResult =
  | { status: 'crowned'; week: Week; tokenLord: string | undefined; posted: boolean }
  | { status: 'already_closed'; week: Week }
  /** a pull connector has not synced past the week's end: the crown waits until `until` at most */
  | { status: 'waiting'; week: Week; late: string[]; until: Date };

export interface CrownerOptions {
  db: Db;
  stores: Pick<Stores, 'tallies' | 'crowns' | 'outbox' | 'reviews' | 'history' | 'people'>;
  directory: UserDirectory;
  avatars: AvatarSource;
  recaps: Recaps;
  /** money on the winners post and its card */
  showCost: boolean;
  ladder: readonly Badge[];
  weekTimeZone: string;
  winnersChannel: string | undefined;
  clock: Clock;
  logger: Logger;
  /** enabled pull connectors whose data does not reach the week's end yet */
  lateSources?: (week: Week) => string[];
  /** how long past the week's end the crown waits for them */
  waitLimitMs?: number;
}

/**
 * Closes a week: stores its final ranking, crowns its #1 Token Lord and queues the winners
 * post and the Token Lord's DM, all in one transaction guarded by the closed_weeks primary
 * key, so however many runs race (cron, CLI, catch-up, two processes) exactly one closes it.
 */
export function createCrowner(options: CrownerOptions) {
  const { db, stores, directory, avatars, recaps, ladder, weekTimeZone: zone, winnersChannel, clock, logger } = options;
  const { tallies, crowns, outbox } = stores;
  const storyteller = createWeekStoryteller({
    history: stores.history,
    ladder,
    weekTimeZone: zone,
    showCost: options.showCost,
  });
  const { lateSources = () => [], waitLimitMs = 0 } = options;

  /** Last week's ranks of this week's top, and who made last week's top. */
  function previousRanks(week: Week, userIds: string[]) {
    const before = previousWeek(week, zone).key;
    return {
      ranks: tallies.ranksOf(before, userIds),
      top: new Set(tallies.top(before, TOP).map((row) => row.userId)),
    };
  }

  /** What the crown tells and shows, read and drawn before its transaction (Slack and avatars are slow). */
  interface Prepared {
    names: Map<string, Person>;
    story: WeekStory;
    card: Buffer | undefined;
  }

  async function prepare(week: Week): Promise<Prepared> {
    const board = loadBoardPage(tallies, week, TOP);
    const first = board.entries[0];
    const story = storyteller.tell(week, first ? { userId: first.userId, tokens: first.tokens } : undefined);
    // Everyone the post names is in this week's top, or in its story (a dethroned lord, a streak).
    const names = await directory.people([...board.entries.map((entry) => entry.userId), ...story.people]);
    const card =
      first && winnersChannel
        ? await drawWeekCard(
            { board, weekTimeZone: zone, people: names, ladder, crowned: true, cost: story.cost },
            avatars,
          )
        : undefined;
    return { names, story, card };
  }

  const closeInTransaction = db.transaction(
    (week: Week, now: number, prepared: Prepared, late: string[]): CrownResult => {
      const board = loadBoardPage(tallies, week, TOP);
      const lord = board.entries[0];
      if (!crowns.close(week.key, now, lord?.userId, board.totals)) return { status: 'already_closed', week };
      crowns.snapshotRanking(week.key);
      const { names, story, card } = prepared;
      // The story may name people off the board (a record holder, a dethroned lord): never by name.
      const person = (userId: string) =>
        stores.people.isNamed(userId)
          ? (names.get(userId) ?? { name: userId, avatarUrl: undefined })
          : { name: PRIVATE_NAME, avatarUrl: undefined };
      const previous = previousRanks(
        week,
        board.entries.map((entry) => entry.userId),
      );
      const climb = biggestClimber(board.entries, previous.ranks);
      const post = buildWinnersPost({
        week: week.key,
        dates: formatWeekDates(week, zone),
        podium: board.entries
          .filter((entry) => entry.rank <= 3)
          .map((entry) => ({ ...entry, ...person(entry.userId), badge: highestBadge(ladder, entry.tokens) })),
        totals: board.totals,
        climber: climb ? { ...climb, name: person(climb.userId).name } : undefined,
        newcomers: newcomersToTop(board.entries, previous.top).map((userId) => person(userId).name),
        highlights: storyLines(story, (userId) => person(userId).name),
        lateSources: late,
        // Hidden people count in the totals; the post says how many, never who.
        unranked: board.totals.people - tallies.namedPeople(week.key),
        heldForReview: stores.reviews.pendingCount(week.key),
      });
      if (winnersChannel) {
        const file = card
          ? { name: `podium-${week.key}.png`, title: `The podium of ${week.key}`, bytes: card }
          : undefined;
        outbox.enqueue(
          {
            key: `winners:${week.key}`,
            kind: 'winners_post',
            channel: winnersChannel,
            ...post,
            ...(file ? { file } : {}),
          },
          now,
        );
      }
      recaps.queue(week, lord?.userId, now);
      if (lord) {
        const dm = buildTokenLordDm({ week: week.key, tokens: lord.tokens, runnerUpTokens: board.entries[1]?.tokens });
        outbox.enqueue({ key: `token-lord:${week.key}`, kind: 'token_lord_dm', userId: lord.userId, ...dm }, now);
      }
      return { status: 'crowned', week, tokenLord: lord?.userId, posted: winnersChannel !== undefined };
    },
  );

  /** The week to close: the named one, or the most recent completed week. */
  function weekToClose(weekKey: string | undefined): Week {
    const now = clock();
    const week = chooseWeek(weekKey === undefined ? { kind: 'last' } : { kind: 'named', key: weekKey }, now, zone);
    if (!week) throw new ThroneError('bad_input', `"${weekKey}" is not an ISO week such as ${weekOf(now, zone).key}.`);
    if (now < week.end) {
      throw new ThroneError(
        'bad_input',
        `${week.key} is not over yet: it can be crowned from ${week.end.toISOString()}.`,
      );
    }
    return week;
  }

  return {
    weekToClose,
    /** Closes the most recent completed week (or the named one) unless it is already closed. */
    async crown(weekKey?: string): Promise<CrownResult> {
      const week = weekToClose(weekKey);
      if (crowns.isClosed(week.key)) return { status: 'already_closed', week };
      const late = lateSources(week);
      const until = new Date(week.end.getTime() + waitLimitMs);
      if (late.length > 0 && clock() < until) {
        logger.info(`⏳ ${week.key} waits for usage from ${late.join(', ')} (at most until ${until.toISOString()}).`);
        return { status: 'waiting', week, late, until };
      }
      const result = closeInTransaction.immediate(week, clock().getTime(), await prepare(week), late);
      if (result.status === 'crowned') {
        logger.info(
          result.tokenLord
            ? `👑 ${week.key} closed: ${result.tokenLord} is the Token Lord.`
            : `😴 ${week.key} closed: a quiet week, nobody to crown.`,
        );
        if (late.length > 0) logger.warn(`${week.key} closed without waiting longer for ${late.join(', ')}.`);
        if (!winnersChannel) logger.info('WINNERS_CHANNEL is not set, so no winners post was queued.');
      }
      return result;
    },
  };
}

export type Crowner = ReturnType<typeof createCrowner>;
