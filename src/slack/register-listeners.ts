import type { App } from '@slack/bolt';
import type { ReviewDesk } from '../fair-play/review-desk.js';
import { PAGE_ACTION_ID } from './blocks/leaderboard-board.js';
import { REVIEW_APPROVE_ACTION_ID, REVIEW_REJECT_ACTION_ID } from './blocks/review-post.js';
import type { LeaderboardReplies } from './leaderboard-replies.js';
import { handleAppHomeOpened } from './listeners/app-home-opened.js';
import { handleLeaderboardCommand } from './listeners/leaderboard-command.js';
import { handleLeaderboardPageAction } from './listeners/leaderboard-page-action.js';
import { handleReviewAction } from './listeners/review-action.js';
import type { SlackApi } from './slack-api.js';

/** Every Slack entry point the bot answers, in one routing table. */
export function registerListeners(app: App, replies: LeaderboardReplies, slack: SlackApi, reviews: ReviewDesk): void {
  app.command('/leaderboard', handleLeaderboardCommand(replies));
  app.action(new RegExp(`^${PAGE_ACTION_ID}_`), handleLeaderboardPageAction(replies));
  app.event('app_home_opened', handleAppHomeOpened(replies, slack));
  app.action(REVIEW_APPROVE_ACTION_ID, handleReviewAction(reviews, 'approve'));
  app.action(REVIEW_REJECT_ACTION_ID, handleReviewAction(reviews, 'reject'));
}
