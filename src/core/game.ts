import type { Logger } from '@slack/bolt';
import type { Badge } from '../badges/ladder.js';
import type { Clock } from '../clock.js';
import { type HallOfFame, hallOfFame } from '../game/hall-of-fame.js';
import { rankTeams, type Team, type TeamStanding } from '../game/team-league.js';
import type { TeamOfRefs } from '../game/teams-file.js';
import { type CostSummary, summarizeCost } from '../game/token-cost.js';
import type { SlackApi } from '../slack/api/slack-api.js';
import { daysOfWeek } from '../weeks/day-of.js';
import type { Week } from '../weeks/week.js';
import type { AvatarSource } from './avatar-source.js';
import type { Boards } from './boards.js';
import { drawWeekCard } from './draw-week-card.js';
import { loadPersonTrend, type PersonTrend } from './load-trends.js';
import type { Stores } from './stores.js';
import type { UserDirectory } from './user-directory.js';

const USER_GROUPS_TTL_MS = 60 * 60 * 1000;

export interface GameOptions {
  stores: Pick<Stores, 'history' | 'identities' | 'crowns' | 'outbox'>;
  boards: Boards;
  directory: UserDirectory;
  avatars: AvatarSource;
  slack: SlackApi | undefined;
  ladder: readonly Badge[];
  /** teams from TEAMS_FILE; undefined to use Slack user groups */
  teamsFile: TeamOfRefs[] | undefined;
  showCost: boolean;
  weekTimeZone: string;
  clock: Clock;
  logger: Logger;
}

export type TeamsAnswer =
  | { kind: 'ranked'; standings: TeamStanding[]; source: 'user groups' | 'TEAMS_FILE' }
  | { kind: 'no_teams' };

/** The game around the board: Hall of Fame, trends and costs, team leagues, the shared podium card. */
export function createGame(options: GameOptions) {
  const { stores, boards, directory, avatars, slack, ladder, showCost, weekTimeZone: zone, clock, logger } = options;
  const { history, identities, crowns, outbox } = stores;
  const thresholds = ladder.map((badge) => badge.threshold);
  let userGroups: { teams: Team[]; at: number } | undefined;

  /** A file's members as the people tallies are kept for: emails resolve the way usage events' do. */
  function resolveMembers(refs: readonly string[]): string[] {
    return refs.flatMap((ref) => {
      if (!ref.includes('@') || !slack) return [ref];
      const userId = identities.resolvedUserFor(ref);
      if (!userId) identities.markPending(ref, clock().getTime());
      return userId ? [userId] : [];
    });
  }

  async function teams(): Promise<{ teams: Team[]; source: 'user groups' | 'TEAMS_FILE' } | undefined> {
    if (options.teamsFile) {
      return {
        teams: options.teamsFile.map((team) => ({ name: team.name, members: resolveMembers(team.members) })),
        source: 'TEAMS_FILE',
      };
    }
    if (!slack) return undefined;
    const now = clock().getTime();
    if (!userGroups || now - userGroups.at > USER_GROUPS_TTL_MS) {
      userGroups = { teams: await slack.userGroupTeams(), at: now };
    }
    return { teams: userGroups.teams, source: 'user groups' };
  }

  return {
    /** Every crowned week's story, for `/leaderboard hall`. */
    hall(): HallOfFame {
      return hallOfFame(history.closedWeeks(thresholds));
    },

    /** A person's last eight weeks and streak, and their estimated cost in the week. */
    personExtras(week: Week, userId: string): { trend: PersonTrend; cost: CostSummary } {
      const inProgress = clock() < week.end;
      return {
        trend: loadPersonTrend(history, week, zone, userId, thresholds[0] ?? 1, inProgress),
        cost: summarizeCost(history.usageByModel(daysOfWeek(week.key), userId), week.start),
      };
    },

    /** The team league of a week, by tokens per member. */
    async teams(week: Week): Promise<TeamsAnswer> {
      const found = await teams();
      if (!found) return { kind: 'no_teams' };
      return { kind: 'ranked', standings: rankTeams(found.teams, history.weekTokens(week.key)), source: found.source };
    },

    /**
     * Queues the week's podium card into a channel, as `/leaderboard share` does with a board.
     * `requestId` (the command's trigger) makes a retried request share it once.
     * @returns false when nobody has played in the week yet
     */
    async shareCard(week: Week, channel: string, requestId: string): Promise<boolean> {
      const board = boards.page(week, 3);
      if (board.entries.length === 0) return false;
      const people = await directory.people(board.entries.map((entry) => entry.userId));
      const crowned = crowns.isClosed(week.key);
      const cost = showCost ? summarizeCost(history.usageByModel(daysOfWeek(week.key)), week.start) : undefined;
      const card = await drawWeekCard({ board, weekTimeZone: zone, people, ladder, crowned, cost }, avatars);
      const title = crowned ? `The podium of ${week.key}` : `The top 3 of ${week.key} so far`;
      outbox.enqueue(
        {
          key: `share-card:${channel}:${week.key}:${requestId}`,
          kind: 'shared_card',
          channel,
          text: `🏆 ${title}`,
          file: { name: `podium-${week.key}.png`, title, bytes: card },
        },
        clock().getTime(),
      );
      logger.debug(`Podium card of ${week.key} queued for ${channel}.`);
      return true;
    },
  };
}

export type Game = ReturnType<typeof createGame>;
