import { readFileSync } from 'node:fs';
import { ThroneError } from '../errors.js';
import { issueDetails } from '../validation.js';
import { type Badge, DEFAULT_LADDER, ladderSchema } from './ladder.js';

/**
 * The badge ladder from BADGES_FILE, or the default one.
 * @throws ThroneError (bad_config) naming the file and each bad entry, so a bad file stops start-up.
 */
export function loadLadder(file: string | undefined): readonly Badge[] {
  if (file === undefined) return DEFAULT_LADDER;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ThroneError('bad_config', `BADGES_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const result = ladderSchema.safeParse(json);
  if (!result.success) {
    const lines = issueDetails(result.error.issues, '', '').map(
      ({ path, message }) => `BADGES_FILE: ${file}${path ? ` at ${path}` : ''}: ${message}`,
    );
    throw new ThroneError('bad_config', lines.join('\n'));
  }
  return result.data;
}
