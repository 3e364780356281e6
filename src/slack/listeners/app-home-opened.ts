import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackApi } from '../api/slack-api.js';
import type { LeaderboardReplies } from '../leaderboard-replies.js';

/** Opening the App Home tab publishes the viewer's week and the live top 10. */
export function handleAppHomeOpened(replies: LeaderboardReplies, slack: SlackApi) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    await slack.publishHome(event.user, await replies.home(event.user));
  };
}
