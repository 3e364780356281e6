import type { Logger } from '@slack/bolt';
import { type Badge, highestBadge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import type { CrownsStore } from '../db/crowns-store.js';
import type { Db } from '../db/open-database.js';
import type { OutboxStore } from '../db/outbox-store.js';
import type { TalliesStore } from '../db/tallies-store.js';
import { loadBoardPage } from '../leaderboard/load-board.js';
import { buildTokenLordDm } from '../slack/blocks/token-lord-dm.js';
import { buildWinnersPost } from '../slack/blocks/winners-post.js';
import type { UserDirectory } from '../slack/user-directory.js';
import { formatWeekDates } from '../weeks/format-week.js';
import { parseWeek } from '../weeks/parse-week.js';
import type { Week } from '../weeks/week.js';
import { previousWeek, weekOf } from '../weeks/week-of.js';
import { biggestClimber, newcomersToTop } from './weekly-movers.js';

const TOP = 10;

export type CrownResult =
  | { status: 'crowned'; week: Week; tokenLord: string | undefined; posted: boolean }
  | { status: 'already_closed'; week: Week };

export class CrownError extends Error {
  override name = 'CrownError';
}

export interface CrownerOptions {
  db: Db;
  tallies: TalliesStore;
  crowns: CrownsStore;
  outbox: OutboxStore;
  directory: UserDirectory;
  ladder: readonly Badge[];
  weekTimeZone: string;
  winnersChannel: string | undefined;
  clock: Clock;
  logger: Logger;
  /** reviews still pending for a week: their usage is not in the crown's numbers */
  pendingReviews: (week: string) => number;
}

/**
 * Closes a week: stores its final ranking, crowns its #1 Token Lord and queues the winners
 * post and the Token Lord's DM, all in one transaction guarded by the closed_weeks primary
 * key, so however many runs race (cron, CLI, catch-up, two processes) exactly one closes it.
 */
export function createCrowner(options: CrownerOptions) {
  const { db, tallies, crowns, outbox, directory, ladder, weekTimeZone: zone, winnersChannel, clock, logger } = options;

  function previousRanks(week: Week, userIds: string[]) {
    const before = previousWeek(week, zone).key;
    const ranks = new Map<string, number>();
    for (const userId of userIds) {
      const tally = tallies.tallyOf(before, userId);
      if (tally) ranks.set(userId, tallies.countAbove(before, tally.tokens) + 1);
    }
    return { ranks, top: new Set(tallies.top(before, TOP).map((row) => row.userId)) };
  }

  const closeInTransaction = db.transaction(
    (week: Week, now: number, names: Map<string, { name: string; avatarUrl: string | undefined }>): CrownResult => {
      const board = loadBoardPage(tallies, week, TOP);
      const lord = board.entries[0];
      if (!crowns.close(week.key, now, lord?.userId, board.totals)) return { status: 'already_closed', week };
      crowns.snapshotRanking(week.key);
      const person = (userId: string) => names.get(userId) ?? { name: userId, avatarUrl: undefined };
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
        unranked: board.totals.people - tallies.namedPeople(week.key),
        heldForReview: options.pendingReviews(week.key),
      });
      if (winnersChannel) {
        outbox.enqueue({ key: `winners:${week.key}`, kind: 'winners_post', channel: winnersChannel, ...post }, now);
      }
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
    if (weekKey === undefined) return previousWeek(weekOf(now, zone), zone);
    const week = parseWeek(weekKey, zone);
    if (!week) throw new CrownError(`"${weekKey}" is not an ISO week such as ${weekOf(now, zone).key}.`);
    if (now < week.end) {
      throw new CrownError(`${week.key} is not over yet: it can be crowned from ${week.end.toISOString()}.`);
    }
    return week;
  }

  return {
    weekToClose,
    /** Closes the most recent completed week (or the named one) unless it is already closed. */
    async crown(weekKey?: string): Promise<CrownResult> {
      const week = weekToClose(weekKey);
      if (crowns.isClosed(week.key)) return { status: 'already_closed', week };
      // Names and avatars come from Slack, so they are fetched before the transaction.
      const podium = tallies.top(week.key, TOP).map((row) => row.userId);
      const climbers = previousRanks(week, podium);
      const names = await directory.people([...podium, ...climbers.ranks.keys()]);
      const result = closeInTransaction.immediate(week, clock().getTime(), names);
      if (result.status === 'crowned') {
        logger.info(
          result.tokenLord
            ? `👑 ${week.key} closed: ${result.tokenLord} is the Token Lord.`
            : `😴 ${week.key} closed: a quiet week, nobody to crown.`,
        );
        if (!winnersChannel) logger.info('WINNERS_CHANNEL is not set, so no winners post was queued.');
      }
      return result;
    },
  };
}

export type Crowner = ReturnType<typeof createCrowner>;
