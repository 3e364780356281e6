import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorReplyText } from '../error-reply.js';
import { parseLeaderboardArgs } from '../leaderboard-args.js';
import type { LeaderboardReplies } from '../leaderboard-replies.js';

/** `/leaderboard …`: ack at once (Slack allows 3 s), then answer through response_url. */
export function handleLeaderboardCommand(replies: LeaderboardReplies) {
  return async ({ command, ack, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    try {
      await respond(
        await replies.reply(parseLeaderboardArgs(command.text), command.user_id, {
          channelId: command.channel_id,
          requestId: command.trigger_id,
        }),
      );
    } catch (error) {
      logger.error(`/leaderboard "${command.text}" failed:`, error);
      await respond({ response_type: 'ephemeral', text: errorReplyText(error) });
    }
  };
}
