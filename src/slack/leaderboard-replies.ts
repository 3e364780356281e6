import { badgesEarned, highestBadge, nextBadge } from '../badges/ladder.js';
import type { Core } from '../core/create-core.js';
import { ThroneError } from '../errors.js';
import { TOP } from '../leaderboard/tally.js';
import type { Week } from '../weeks/week.js';
import { weekOf } from '../weeks/week-of.js';
import { buildAppHomeView } from './blocks/app-home.js';
import type { BoardRow } from './blocks/board-rows.js';
import { buildHelpMessage } from './blocks/help.js';
import { BOARD_PAGE_SIZE, buildLeaderboardMessage, buildWeekLine, type PageRef } from './blocks/leaderboard-board.js';
import { buildPersonCard, type PersonCardData } from './blocks/person-card.js';
import type { LeaderboardRequest } from './leaderboard-args.js';

export interface SlackReply {
  text: string;
  blocks: unknown[];
  response_type: 'ephemeral' | 'in_channel';
}

/** Loads what `/leaderboard`, its page buttons and App Home show, and renders it with the pure builders. */
export function createLeaderboardReplies(core: Pick<Core, 'boards' | 'directory' | 'ladder' | 'clock' | 'config'>) {
  const { boards, directory, ladder, clock } = core;
  const zone = core.config.weekTimeZone;

  async function boardRows(week: Week, limit: number, offset: number) {
    const board = boards.page(week, limit, offset);
    const people = await directory.people(board.entries.map((entry) => entry.userId));
    const tokenLord = boards.tokenLordDuring(week);
    const rows: BoardRow[] = board.entries.map((entry) => ({
      rank: entry.rank,
      name: people.get(entry.userId)?.name ?? entry.userId,
      avatarUrl: people.get(entry.userId)?.avatarUrl,
      tokens: entry.tokens,
      badge: highestBadge(ladder, entry.tokens),
      isTokenLord: entry.userId === tokenLord,
    }));
    return { rows, totals: board.totals };
  }

  async function boardMessage(week: Week, ref: Omit<PageRef, 'week'>, callerId: string, shared: boolean) {
    const now = clock();
    const offset = ref.page * BOARD_PAGE_SIZE;
    const limit = Math.max(0, Math.min(BOARD_PAGE_SIZE, ref.top - offset));
    const [{ rows, totals }, callerPeople] = await Promise.all([
      boardRows(week, limit, offset),
      directory.people([callerId]),
    ]);
    return buildLeaderboardMessage({
      week,
      zone,
      now,
      rows,
      page: ref.page,
      top: ref.top,
      totals,
      caller: { name: callerPeople.get(callerId)?.name ?? callerId, standing: boards.standing(week, callerId) },
      shared,
    });
  }

  async function personData(week: Week, userId: string, isCaller: boolean): Promise<PersonCardData> {
    const person = (await directory.people([userId])).get(userId);
    const standing = boards.standing(week, userId);
    const tokens = standing?.tokens ?? 0;
    return {
      week,
      name: person?.name ?? userId,
      avatarUrl: person?.avatarUrl,
      isCaller,
      tally: standing?.tally,
      standing,
      people: boards.totals(week).people,
      badges: badgesEarned(ladder, tokens),
      nextBadge: nextBadge(ladder, tokens),
      isTokenLord: boards.tokenLordDuring(week) === userId,
    };
  }

  return {
    /** The answer to a parsed `/leaderboard` request from `callerId`. */
    async reply(request: LeaderboardRequest, callerId: string): Promise<SlackReply> {
      if (request.kind === 'help') return { ...buildHelpMessage(request.unknown), response_type: 'ephemeral' };
      const week = boards.chooseWeek(request.week);
      if (!week) {
        const key = request.week.kind === 'named' ? request.week.key : '';
        return { ...buildHelpMessage(`${key} (that year has no such week)`), response_type: 'ephemeral' };
      }
      const response_type = request.share ? 'in_channel' : 'ephemeral';
      if (request.kind === 'person') {
        const userId = request.subject === 'me' ? callerId : request.subject.userId;
        return { ...buildPersonCard(await personData(week, userId, userId === callerId)), response_type };
      }
      return { ...(await boardMessage(week, { page: 0, top: request.top }, callerId, request.share)), response_type };
    },

    /** Another page of a board, for the Previous/Next buttons. */
    async page(ref: PageRef, callerId: string) {
      const week = boards.chooseWeek({ kind: 'named', key: ref.week });
      if (!week)
        throw new ThroneError('bad_input', `That button points at ${ref.week}, a week its year does not have.`);
      return boardMessage(week, ref, callerId, false);
    },

    /** The App Home tab for a viewer: their week and the live top. */
    async home(userId: string) {
      const now = clock();
      const week = weekOf(now, zone);
      const [viewer, { rows, totals }] = await Promise.all([personData(week, userId, true), boardRows(week, TOP, 0)]);
      return buildAppHomeView({ viewer, rows, weekLine: buildWeekLine(week, zone, now, totals) });
    },
  };
}

export type LeaderboardReplies = ReturnType<typeof createLeaderboardReplies>;
