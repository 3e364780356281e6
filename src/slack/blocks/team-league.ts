import type { TeamStanding } from '../../game/team-league.js';
import { formatTokens } from '../../leaderboard/format-tokens.js';
import { rankLabel } from './board-rows.js';
import { displayName, linesInSections, mrkdwn, plainText } from './mrkdwn.js';

const MAX_TEAMS = 25;

export interface TeamLeagueData {
  week: string;
  standings: TeamStanding[];
  /** where the teams come from, for the footer */
  source: 'user groups' | 'TEAMS_FILE';
}

/** `/leaderboard teams`: teams ranked by tokens per member. Members are counted, never named. */
export function buildTeamLeague({ week, standings, source }: TeamLeagueData) {
  const header = { type: 'header' as const, text: plainText(`🛡️ Team league · ${week}`) };
  if (standings.length === 0) {
    return {
      text: `No teams to rank in ${week}.`,
      blocks: [
        header,
        {
          type: 'section' as const,
          text: mrkdwn(
            source === 'TEAMS_FILE'
              ? 'No team in TEAMS_FILE has a member yet.'
              : 'No Slack user groups with members were found. An admin can create user groups, or set TEAMS_FILE.',
          ),
        },
      ],
    };
  }
  const lines = standings
    .slice(0, MAX_TEAMS)
    .map(
      (team) =>
        `${rankLabel(team.rank)} *${displayName(team.name)}*  ·  *${formatTokens(Math.round(team.tokensPerMember))}* per member  ·  ` +
        `${formatTokens(team.tokens)} total, ${team.players} of ${team.members} playing`,
    );
  const more = standings.length > MAX_TEAMS ? `\n…and ${standings.length - MAX_TEAMS} more teams.` : '';
  const [leader] = standings;
  return {
    text: `Team league ${week}: ${leader?.name ?? ''} leads with ${formatTokens(Math.round(leader?.tokensPerMember ?? 0))} tokens per member.`,
    blocks: [
      header,
      ...linesInSections([...lines, ...(more ? [more.trim()] : [])]),
      {
        type: 'context' as const,
        elements: [
          mrkdwn(
            `Ranked by tokens per member, so a team of five can beat a team of fifty. Teams from ${source === 'TEAMS_FILE' ? 'the teams file' : 'Slack user groups'}.`,
          ),
        ],
      },
    ],
  };
}
