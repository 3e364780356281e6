import { readSettingsFile } from '../settings-file.js';
import { type Badge, DEFAULT_LADDER, ladderSchema } from './ladder.js';

/**
 * The badge ladder from BADGES_FILE, or the default one.
 * @throws ThroneError (bad_config) naming the file and each bad entry, so a bad file stops start-up.
 */
export function loadLadder(file: string | undefined): readonly Badge[] {
  return file === undefined ? DEFAULT_LADDER : readSettingsFile('BADGES_FILE', file, ladderSchema);
}
