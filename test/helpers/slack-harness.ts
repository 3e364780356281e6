import { afterEach } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { blockTexts } from '../../src/slack/blocks/blocks-as-text.js';
import { APP_ID, TEAM_DOMAIN, TEAM_ID } from '../fixtures/slack-workspace.js';
import { type FakeSlack, type FakeUser, type FakeUserGroup, startFakeSlack } from './fake-slack-server.js';
import {
  blockActionBody,
  eventCallbackBody,
  postSignedToSlackEndpoint,
  slashCommandBody,
} from './sign-slack-request.js';
import { type RunningApp, startApp } from './start-app.js';
import { useTempDir } from './temp-dir.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackHarness {
  slack: FakeSlack;
  running: RunningApp;
  /** Sends a signed `/leaderboard <text>` and resolves with the message posted to its response_url. */
  leaderboard(text: string, userId?: string): Promise<SlackMessage>;
  /**
   * Presses a button of a board as Slack sends it (signed block_actions); resolves with the new message.
   * `inChannel` presses it on a message posted in the channel rather than on a private (ephemeral) one.
   */
  pressButton(
    button: Record<string, unknown>,
    userId?: string,
    options?: { inChannel?: boolean },
  ): Promise<SlackMessage>;
  /** Opens the App Home tab (a signed app_home_opened event); resolves with the views.publish call's view. */
  openHome(userId: string): Promise<{ userId: unknown; view: { type: string; blocks: unknown[] } }>;
}

export interface SlackMessage {
  text?: string;
  blocks?: Array<Record<string, unknown>>;
  response_type?: string;
  replace_original?: boolean;
}

/**
 * The real app in HTTP mode, pointed at a fake Slack on loopback, both torn down after each test.
 */
export function useSlackHarness() {
  const tempDir = useTempDir();
  let harness: SlackHarness | undefined;
  let responses = 0;
  afterEach(async () => {
    // Forgotten first: a close that fails the test (an unhandled Web API method) must not leak into the next.
    const current = harness;
    harness = undefined;
    await current?.running.stop();
    await current?.slack.close();
  });
  /**
   * `prepare` sets up the fake Slack (failures, say) before the bot starts and first calls it;
   * `userGroups` are the workspace's user groups.
   */
  return async (
    users: FakeUser[],
    clock?: Clock,
    env: Record<string, string> = {},
    prepare?: (slack: FakeSlack) => void,
    userGroups: FakeUserGroup[] = [],
  ): Promise<SlackHarness> => {
    const slack = await startFakeSlack({ users, userGroups });
    prepare?.(slack);
    const running = await startApp(
      tempDir(),
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, ...env },
      clock,
    );
    harness = {
      slack,
      running,
      async leaderboard(text, userId = 'U0CALLER1') {
        const name = `command-${++responses}`;
        const body = slashCommandBody({ text, userId, responseUrl: slack.responseUrl(name) });
        const answer = await postSignedToSlackEndpoint(
          `${running.url}/slack/events`,
          body,
          'application/x-www-form-urlencoded',
          SIGNING_SECRET,
        );
        if (answer.status !== 200) throw new Error(`slash command answered ${answer.status}: ${answer.text}`);
        const response = await slack.waitFor(() => slack.responses.find((r) => r.path.endsWith(`/${name}`)));
        return response.body as SlackMessage;
      },
      async pressButton(button, userId = 'U0CALLER1', options = {}) {
        const name = `button-${++responses}`;
        const payload = {
          type: 'block_actions',
          user: { id: userId, username: 'caller', team_id: TEAM_ID },
          team: { id: TEAM_ID, domain: TEAM_DOMAIN },
          api_app_id: APP_ID,
          token: 'legacy-verification-token',
          container: {
            type: 'message',
            message_ts: '1764000000.000100',
            channel_id: 'C0GENERAL1',
            is_ephemeral: !options.inChannel,
          },
          trigger_id: '1234.5678.abcd',
          response_url: slack.responseUrl(name),
          actions: [{ ...button, type: 'button', block_id: 'nav', action_ts: '1764000001.000200' }],
        };
        const answer = await postSignedToSlackEndpoint(
          `${running.url}/slack/events`,
          blockActionBody(payload),
          'application/x-www-form-urlencoded',
          SIGNING_SECRET,
        );
        if (answer.status !== 200) throw new Error(`button press answered ${answer.status}: ${answer.text}`);
        const response = await slack.waitFor(() => slack.responses.find((r) => r.path.endsWith(`/${name}`)));
        return response.body as SlackMessage;
      },
      async openHome(userId) {
        const before = slack.callsTo('views.publish').length;
        const body = eventCallbackBody({
          type: 'app_home_opened',
          user: userId,
          channel: `D${userId.slice(1)}`,
          tab: 'home',
          event_ts: '1764072000.000100',
        });
        const answer = await postSignedToSlackEndpoint(
          `${running.url}/slack/events`,
          body,
          'application/json',
          SIGNING_SECRET,
        );
        if (answer.status !== 200) throw new Error(`app_home_opened answered ${answer.status}: ${answer.text}`);
        const call = await slack.waitFor(() => slack.callsTo('views.publish')[before]);
        return { userId: call.args.user_id, view: call.args.view as { type: string; blocks: unknown[] } };
      },
    };
    return harness;
  };
}

/** Every mrkdwn and plain text inside blocks, in order. */
export const textsOf = blockTexts;
