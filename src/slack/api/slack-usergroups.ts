import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Team } from '../../game/team-league.js';

const groupsSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string().optional(),
    handle: z.string().optional(),
    date_delete: z.number().optional(),
  }),
);

/** The workspace's user groups as teams (scope `usergroups:read`): usergroups.list, then each group's members. */
export async function loadUserGroupTeams(client: WebClient): Promise<Team[]> {
  const answer = await client.usergroups.list({ include_disabled: false });
  const groups = groupsSchema.parse(answer.usergroups ?? []).filter((group) => !group.date_delete);
  const teams: Team[] = [];
  for (const group of groups) {
    const listed = await client.usergroups.users.list({ usergroup: group.id });
    const members = z.array(z.string()).parse(listed.users ?? []);
    teams.push({ name: group.name || group.handle || group.id, members });
  }
  return teams;
}
