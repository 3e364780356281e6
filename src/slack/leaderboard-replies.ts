import { badgesEarned, highestBadge, nextBadge } from '../badges/ladder.js';
import type { Core } from '../core/create-core.js';
import { ThroneError } from '../errors.js';
import { PRIVATE_NAME } from '../fair-play/private-name.js';
import { TOP } from '../leaderboard/tally.js';
import type { Week } from '../weeks/week.js';
import { weekOf } from '../weeks/week-of.js';
import { buildAppHomeView } from './blocks/app-home.js';
import type { BoardRow } from './blocks/board-rows.js';
import {
  ADMINS_ONLY_TEXT,
  buildAuditList,
  buildCorrectionReply,
  buildTextReply,
  buildVisibilityReply,
  HIDDEN_SHARE_TEXT,
  PRIVATE_PERSON_TEXT,
} from './blocks/fair-play-replies.js';
import { buildHallOfFame } from './blocks/hall-of-fame.js';
import { buildHelpMessage } from './blocks/help.js';
import { BOARD_PAGE_SIZE, buildLeaderboardMessage, buildWeekLine, type PageRef } from './blocks/leaderboard-board.js';
import { mrkdwn } from './blocks/mrkdwn.js';
import { buildPersonCard, type PersonCardData } from './blocks/person-card.js';
import { buildTeamLeague } from './blocks/team-league.js';
import { errorReplyText } from './error-reply.js';
import type { LeaderboardRequest } from './leaderboard-args.js';

export interface SlackReply {
  text: string;
  blocks: unknown[];
  response_type: 'ephemeral' | 'in_channel';
}

/** Loads what `/leaderboard`, its page buttons and App Home show, and renders it with the pure builders. */
const AUDIT_ENTRIES_IN_SLACK = 30;

export function createLeaderboardReplies(
  core: Pick<
    Core,
    'boards' | 'directory' | 'ladder' | 'clock' | 'config' | 'fairPlay' | 'game' | 'recaps' | 'messages'
  >,
) {
  const { boards, directory, ladder, clock, fairPlay, game } = core;
  const { people } = fairPlay;
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
    const hidden = !people.isNamed(callerId);
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
      caller: {
        // A hidden person who shares the board is not named under it either.
        name: hidden && shared ? PRIVATE_NAME : (callerPeople.get(callerId)?.name ?? callerId),
        standing: boards.standing(week, callerId),
        hidden,
      },
      shared,
    });
  }

  /** `explain`: "explain my number" under the card; `shared`: the card goes to a channel. */
  async function personData(
    week: Week,
    userId: string,
    isCaller: boolean,
    view: { explain: boolean; shared: boolean },
  ): Promise<PersonCardData> {
    const person = (await directory.people([userId])).get(userId);
    const standing = boards.standing(week, userId);
    const tokens = standing?.tokens ?? 0;
    const extras = game.personExtras(week, userId);
    // Money stays off shared surfaces when SHOW_COST=false; people always see their own privately.
    const showCost = core.config.showCost || (isCaller && !view.shared);
    return {
      trend: extras.trend,
      cost: showCost ? extras.cost : undefined,
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
      hidden: !people.isNamed(userId),
      optIn: !people.namedByDefault,
      ...(view.explain ? { breakdown: fairPlay.explain(userId, week) } : {}),
    };
  }

  function ephemeral(message: { text: string; blocks: unknown[] }): SlackReply {
    return { ...message, response_type: 'ephemeral' };
  }

  /** An admin's `void|restore @someone week reason`; the corrections refuse anyone else. */
  function correct(request: Extract<LeaderboardRequest, { kind: 'correction' }>, week: Week, callerId: string) {
    const selection = { kind: 'person-week' as const, userId: request.userId, week: week.key };
    try {
      const result = fairPlay.correct(request.action, selection, { kind: 'slack', userId: callerId }, request.reason);
      return buildCorrectionReply(request.action, result);
    } catch (error) {
      if (error instanceof ThroneError) return buildTextReply(errorReplyText(error));
      throw error;
    }
  }

  async function names(userIds: readonly string[]): Promise<(userId: string) => string> {
    const found = await directory.people(userIds);
    // The Hall of Fame is shown to others: someone now off the board is not named there.
    return (userId) => (people.isNamed(userId) ? (found.get(userId)?.name ?? userId) : PRIVATE_NAME);
  }

  async function hallReply(): Promise<SlackReply> {
    const hall = game.hall();
    const nameOf = await names([
      ...hall.lords.map((lord) => lord.userId),
      ...(hall.longestReign?.dethronedBy ? [hall.longestReign.dethronedBy] : []),
    ]);
    return { ...buildHallOfFame({ hall, nameOf }), response_type: 'ephemeral' };
  }

  async function teamsReply(week: Week): Promise<SlackReply> {
    const answer = await game.teams(week);
    if (answer.kind === 'no_teams') {
      return {
        text: 'No teams are set up yet.',
        blocks: [
          {
            type: 'section',
            text: mrkdwn(
              'No teams are set up yet. In Slack, teams come from user groups; without Slack, point `TEAMS_FILE` at a JSON file of team names and members.',
            ),
          },
        ],
        response_type: 'ephemeral',
      };
    }
    return { ...buildTeamLeague({ week: week.key, ...answer }), response_type: 'ephemeral' };
  }

  function recapReply(userId: string, on: boolean | undefined): SlackReply {
    const now = clock().getTime();
    if (on !== undefined) core.recaps.set(userId, on, now);
    const isOn = core.recaps.isOn(userId);
    const text = isOn
      ? '📬 Your weekly recap is *on*: every Monday after the crown you get your week in one DM. `/leaderboard recap off` stops it.'
      : '📭 Your weekly recap is *off*. `/leaderboard recap on` sends you your week in one DM every Monday after the crown.';
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }], response_type: 'ephemeral' };
  }

  return {
    /**
     * The answer to a parsed `/leaderboard` request from `callerId`; `where` (the command's channel and
     * trigger) lets a shared board bring its podium card.
     */
    async reply(
      request: LeaderboardRequest,
      callerId: string,
      where?: { channelId: string; requestId: string },
    ): Promise<SlackReply> {
      if (request.kind === 'help') return ephemeral(buildHelpMessage(request.unknown));
      if (request.kind === 'hall') return hallReply();
      if (request.kind === 'recap') return recapReply(callerId, request.on);
      if (request.kind === 'teams') {
        const week = boards.chooseWeek(request.week);
        return week ? teamsReply(week) : ephemeral(buildHelpMessage('that week (it does not exist)'));
      }
      if (request.kind === 'visibility') {
        people.setVisible(callerId, request.choice !== 'hide', clock().getTime());
        return ephemeral(buildVisibilityReply(request.choice));
      }
      if (request.kind === 'audit') {
        if (!fairPlay.isAdmin(callerId)) return ephemeral(buildTextReply(ADMINS_ONLY_TEXT));
        return ephemeral(buildAuditList(fairPlay.audit.list(request.week, AUDIT_ENTRIES_IN_SLACK), request.week));
      }
      const week = boards.chooseWeek(request.week);
      if (!week) {
        const key = request.week.kind === 'named' ? request.week.key : '';
        return { ...buildHelpMessage(`${key} (that year has no such week)`), response_type: 'ephemeral' };
      }
      if (request.kind === 'correction') return ephemeral(correct(request, week, callerId));
      const response_type = request.share ? 'in_channel' : 'ephemeral';
      if (request.kind === 'person') {
        const userId = request.subject === 'me' ? callerId : request.subject.userId;
        const isCaller = userId === callerId;
        // A hidden person's numbers are theirs alone: never on someone else's screen or in a channel.
        if (!people.isNamed(userId)) {
          if (!isCaller) return ephemeral(buildTextReply(PRIVATE_PERSON_TEXT));
          if (request.share) return ephemeral(buildTextReply(HIDDEN_SHARE_TEXT));
        }
        const view = { explain: true, shared: request.share };
        return { ...buildPersonCard(await personData(week, userId, isCaller, view)), response_type };
      }
      if (request.share && where && (await game.shareCard(week, where.channelId, where.requestId))) {
        void core.messages.deliverDue();
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
      const [viewer, { rows, totals }] = await Promise.all([
        personData(week, userId, true, { explain: false, shared: false }),
        boardRows(week, TOP, 0),
      ]);
      return buildAppHomeView({ viewer, rows, weekLine: buildWeekLine(week, zone, now, totals) });
    },
  };
}

export type LeaderboardReplies = ReturnType<typeof createLeaderboardReplies>;
