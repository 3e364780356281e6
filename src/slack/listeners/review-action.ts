import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Decision, ReviewDesk } from '../../core/review-desk.js';
import { buildReviewDecided } from '../blocks/review-post.js';
import { errorReplyText } from '../error-reply.js';

// The button value came back from Slack: outside input like any other.
const reviewIdSchema = z.coerce.number().int().positive();

/**
 * Approve / Reject on a review post. The review desk refuses anyone not in ADMIN_USERS,
 * whatever the request carries; a refusal is told to the presser only.
 */
export function handleReviewAction(desk: ReviewDesk, decision: Decision) {
  return async ({ ack, body, action, respond, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const id = reviewIdSchema.safeParse((action as ButtonAction).value);
    if (!id.success) {
      logger.warn(`Ignoring a review button with an unexpected value: ${z.prettifyError(id.error)}`);
      return;
    }
    try {
      const result = desk.decide(id.data, decision, { kind: 'slack', userId: body.user.id });
      await respond({ replace_original: true, ...buildReviewDecided(result) });
    } catch (error) {
      logger.warn(`Review #${id.data} ${decision} by ${body.user.id} refused:`, error);
      await respond({ replace_original: false, response_type: 'ephemeral', text: errorReplyText(error) });
    }
  };
}
