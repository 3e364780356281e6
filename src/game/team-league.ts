export interface Team {
  name: string;
  /** Slack user IDs (or, in local mode, the emails that stand for people) */
  members: readonly string[];
}

export interface TeamStanding {
  rank: number;
  name: string;
  members: number;
  /** members with any usage this week */
  players: number;
  tokens: number;
  /** the league's measure, so a team of five can beat a team of fifty */
  tokensPerMember: number;
}

/**
 * Ranks teams by tokens per member. Everyone counts for their team, hidden people too: the
 * league names teams, never members. A person in two teams counts for both. Equal teams share
 * a rank; empty teams are left out.
 */
export function rankTeams(teams: readonly Team[], tokensOf: ReadonlyMap<string, number>): TeamStanding[] {
  const standings = teams
    .map((team) => {
      const members = [...new Set(team.members)];
      const tokens = members.reduce((sum, member) => sum + (tokensOf.get(member) ?? 0), 0);
      return {
        rank: 0,
        name: team.name,
        members: members.length,
        players: members.filter((member) => (tokensOf.get(member) ?? 0) > 0).length,
        tokens,
        tokensPerMember: members.length > 0 ? tokens / members.length : 0,
      };
    })
    .filter((team) => team.members > 0)
    .sort((a, b) => b.tokensPerMember - a.tokensPerMember || a.name.localeCompare(b.name));
  standings.forEach((team, index) => {
    const above = standings[index - 1];
    team.rank = above && above.tokensPerMember === team.tokensPerMember ? above.rank : index + 1;
  });
  return standings;
}
