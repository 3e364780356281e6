import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { type Badge, DEFAULT_LADDER, ladderSchema } from './ladder.js';

/**
 * The badge ladder from BADGES_FILE, or the default one.
 * @throws ConfigError naming the file and each bad entry, so a bad file stops start-up.
 */
export function loadLadder(file: string | undefined): readonly Badge[] {
  if (file === undefined) return DEFAULT_LADDER;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`BADGES_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const result = ladderSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `BADGES_FILE: ${file}${issue.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue.message}`,
    );
    throw new ConfigError(lines.join('\n'));
  }
  return result.data;
}
