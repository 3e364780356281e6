import { z } from 'zod';
import { isPersonRef } from '../ingest/usage-event-schema.js';
import { readSettingsFile } from '../settings-file.js';

/** A team as the file names its members: Slack user IDs or emails (emails lower-cased). */
export interface TeamOfRefs {
  name: string;
  members: string[];
}

const teamsSchema = z
  .record(
    z.string().trim().min(1, 'a team name must not be empty').max(80, 'a team name must be at most 80 characters'),
    z
      .array(
        z
          .string()
          .trim()
          .refine(isPersonRef, { error: (issue) => `"${String(issue.input)}" is not a Slack user ID or an email` }),
        { error: 'must be a list of Slack user IDs or emails' },
      )
      .max(10_000, 'must list at most 10000 members'),
    { error: 'must be a JSON object: {"team name": ["U024BE7LH", "ann@example.com", …]}' },
  )
  .refine((teams) => Object.keys(teams).length > 0, 'must name at least one team');

/**
 * Teams from TEAMS_FILE.
 * @throws ThroneError (bad_config) naming the file and each bad entry, so a bad file stops start-up.
 */
export function loadTeamsFile(file: string): TeamOfRefs[] {
  return Object.entries(readSettingsFile('TEAMS_FILE', file, teamsSchema)).map(([name, members]) => ({
    name,
    members: members.map((member) => (member.includes('@') ? member.toLowerCase() : member)),
  }));
}
