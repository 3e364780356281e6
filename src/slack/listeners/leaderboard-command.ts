import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ThroneError } from '../../errors.js';
import { parseLeaderboardArgs } from '../leaderboard-args.js';
import type { LeaderboardReplies } from '../leaderboard-replies.js';

export const SOMETHING_WENT_WRONG =
  'The throne room is in disarray: I could not load the leaderboard. Try again in a moment.';

/** `/leaderboard …`: ack at once (Slack allows 3 s), then answer through response_url. */
export function handleLeaderboardCommand(replies: LeaderboardReplies) {
  return async ({ command, ack, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    try {
      await respond(await replies.reply(parseLeaderboardArgs(command.text), command.user_id));
    } catch (error) {
      // A refusal explains itself to the person who asked; anything else is a fault to log.
      if (error instanceof ThroneError && error.code === 'bad_input') {
        await respond({ response_type: 'ephemeral', text: error.message });
        return;
      }
      logger.error(`/leaderboard "${command.text}" failed:`, error);
      await respond({ response_type: 'ephemeral', text: SOMETHING_WENT_WRONG });
    }
  };
}
