import type { App, Logger } from '@slack/bolt';
import type { ReviewDesk } from '../../core/review-desk.js';
import type { SlackApi } from '../api/slack-api.js';
import { PAGE_ACTION_ID } from '../blocks/leaderboard-board.js';
import { REVIEW_APPROVE_ACTION_ID, REVIEW_REJECT_ACTION_ID } from '../blocks/review-post.js';
import type { LeaderboardReplies } from '../leaderboard-replies.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import { handleLeaderboardCommand } from './leaderboard-command.js';
import { handleLeaderboardPageAction } from './leaderboard-page-action.js';
import { handleReviewAction } from './review-action.js';

/** Every Slack entry point the bot answers, in one routing table. */
export function registerListeners(
  app: App,
  replies: LeaderboardReplies,
  reviews: ReviewDesk,
  slack: SlackApi,
  logger: Logger,
): void {
  app.command('/leaderboard', handleLeaderboardCommand(replies));
  app.action(new RegExp(`^${PAGE_ACTION_ID}_`), handleLeaderboardPageAction(replies));
  app.event('app_home_opened', handleAppHomeOpened(replies, slack));
  app.action(REVIEW_APPROVE_ACTION_ID, handleReviewAction(reviews, 'approve'));
  app.action(REVIEW_REJECT_ACTION_ID, handleReviewAction(reviews, 'reject'));
  app.error(async (error) => {
    logger.error('Slack listener failed:', error);
  });
}
