import { afterEach } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { blockTexts } from '../../src/slack/blocks/blocks-as-text.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from './fake-slack-server.js';
import { postSignedToSlackEndpoint, slashCommandBody } from './sign-slack-request.js';
import { type RunningApp, startApp } from './start-app.js';
import { useTempDir } from './temp-dir.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackHarness {
  slack: FakeSlack;
  running: RunningApp;
  /** Sends a signed `/leaderboard <text>` and resolves with the message posted to its response_url. */
  leaderboard(text: string, userId?: string): Promise<SlackMessage>;
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
    await harness?.running.stop();
    await harness?.slack.close();
    harness = undefined;
  });
  return async (users: FakeUser[], clock?: Clock, env: Record<string, string> = {}): Promise<SlackHarness> => {
    const slack = await startFakeSlack({ users });
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
    };
    return harness;
  };
}

/** Every mrkdwn and plain text inside blocks, in order. */
export const textsOf = blockTexts;
