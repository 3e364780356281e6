import { describe, expect, it } from 'vitest';
import { rankTeams } from '../../../src/game/team-league.js';

const tokens = new Map([
  ['U1', 1_000_000],
  ['U2', 500_000],
  ['U3', 300_000],
  ['U4', 0],
  ['U5', 200_000],
]);

describe('rankTeams', () => {
  it('ranks by tokens per member, so a small team can beat a big one', () => {
    const big = { name: 'Platform', members: ['U1', 'U2', 'U4', 'U6', 'U7', 'U8', 'U9', 'U10', 'U11', 'U12'] };
    const small = { name: 'Data', members: ['U3', 'U5'] };
    const standings = rankTeams([big, small], tokens);
    expect(standings.map((team) => [team.rank, team.name, team.tokensPerMember, team.players, team.members])).toEqual([
      [1, 'Data', 250_000, 2, 2],
      [2, 'Platform', 150_000, 2, 10],
    ]);
  });

  it('counts a person once per team, in every team they belong to, and leaves out empty teams', () => {
    const standings = rankTeams(
      [
        { name: 'A', members: ['U1', 'U1'] },
        { name: 'B', members: ['U1'] },
        { name: 'Empty', members: [] },
      ],
      tokens,
    );
    expect(standings.map((team) => [team.rank, team.name, team.tokens])).toEqual([
      [1, 'A', 1_000_000],
      [1, 'B', 1_000_000],
    ]);
  });
});
