import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { errorReplyText } from '../error-reply.js';
import { MAX_TOP } from '../leaderboard-args.js';
import type { LeaderboardReplies } from '../leaderboard-replies.js';

// The button value came back from Slack: outside input like any other, JSON included.
const pageRefSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.object({
      week: z.string().regex(/^\d{4}-W\d{2}$/),
      page: z.number().int().min(0).max(MAX_TOP),
      top: z.number().int().min(1).max(MAX_TOP),
    }),
  );

/**
 * Previous/Next on a long board. On a private board the page replaces it. A board shared in
 * the channel belongs to everyone, so it stays as it was shared: whoever pages it gets the
 * page as their own private board (with their standing), and pages on from there.
 */
export function handleLeaderboardPageAction(replies: LeaderboardReplies) {
  return async ({ ack, body, action, respond, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const ref = pageRefSchema.safeParse((action as ButtonAction).value);
    if (!ref.success) {
      logger.warn(`Ignoring a page button with an unexpected value: ${z.prettifyError(ref.error)}`);
      return;
    }
    const onPrivateBoard = body.container.is_ephemeral === true;
    try {
      const page = await replies.page(ref.data, body.user.id);
      await respond(
        onPrivateBoard
          ? { ...page, replace_original: true }
          : { ...page, response_type: 'ephemeral', replace_original: false },
      );
    } catch (error) {
      logger.error(`Page ${ref.data.page + 1} of ${ref.data.week} failed:`, error);
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorReplyText(error) });
    }
  };
}
