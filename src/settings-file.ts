import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ThroneError } from './errors.js';
import { issueDetails } from './validation.js';

/**
 * A JSON file named by a setting (BADGES_FILE, TEAMS_FILE), checked against its schema.
 * @throws ThroneError (bad_config) naming the setting, the file and each bad entry, so a bad file stops start-up.
 */
export function readSettingsFile<T>(variable: string, file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ThroneError('bad_config', `${variable}: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const lines = issueDetails(result.error.issues, '', '').map(
      ({ path, message }) => `${variable}: ${file}${path ? ` at ${path}` : ''}: ${message}`,
    );
    throw new ThroneError('bad_config', lines.join('\n'));
  }
  return result.data;
}
