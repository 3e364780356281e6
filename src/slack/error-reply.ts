import { ThroneError } from '../errors.js';

export const SOMETHING_WENT_WRONG =
  'The throne room is in disarray: I could not load the leaderboard. Try again in a moment.';
export const THRONE_ROOM_BUSY = 'The throne room is busy right now: try again in a minute.';

/**
 * What a person in Slack is told when their command or button failed, decided by the error's
 * kind: a refusal meant for them says why; anything else gets an apology (and the log the details).
 */
export function errorReplyText(error: unknown): string {
  if (!(error instanceof ThroneError)) return SOMETHING_WENT_WRONG;
  switch (error.code) {
    case 'forbidden':
      return `🔒 ${error.message}`;
    case 'bad_input':
    case 'not_allowed':
    case 'not_found':
      return `⚠️ ${error.message}`;
    case 'unavailable':
    case 'rate_limited':
      return THRONE_ROOM_BUSY;
    default:
      return SOMETHING_WENT_WRONG;
  }
}
