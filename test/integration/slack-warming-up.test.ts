import { describe, expect, it } from 'vitest';
import { TEAM_ID } from '../fixtures/slack-workspace.js';
import {
  blockActionBody,
  eventCallbackBody,
  postSignedToSlackEndpoint,
  slashCommandBody,
} from '../helpers/sign-slack-request.js';
import { SIGNING_SECRET, useSlackHarness } from '../helpers/slack-harness.js';

const WARMING_UP = /warming up.*try again in a minute/i;

// Until Slack accepts the bot token (at start-up, or for as long as it refuses it), Bolt cannot
// answer: the bot must still tell the person something within Slack's three seconds.
describe('Slack requests before the bot has connected to Slack', () => {
  const start = useSlackHarness();
  const startRefusingToken = () =>
    start([], undefined, {}, (slack) => slack.failNext('auth.test', { error: 'invalid_auth' }, 100));

  const post = (url: string, body: string, type: string, secret = SIGNING_SECRET) =>
    postSignedToSlackEndpoint(`${url}/slack/events`, body, type, secret);

  it('answers /leaderboard at once with a private "warming up, try again in a minute"', async () => {
    const { slack, running } = await startRefusingToken();
    const body = slashCommandBody({ text: 'me', userId: 'U0CALLER1', responseUrl: slack.responseUrl('cmd') });
    const answer = await post(running.url, body, 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
    const message = JSON.parse(answer.text) as { response_type: string; text: string };
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toMatch(WARMING_UP);
  });

  it('tells whoever presses a button, through its response_url, without touching the message', async () => {
    const { slack, running } = await startRefusingToken();
    const payload = {
      type: 'block_actions',
      user: { id: 'U0CALLER1' },
      team: { id: TEAM_ID },
      container: { type: 'message', is_ephemeral: false },
      response_url: slack.responseUrl('button'),
      actions: [{ type: 'button', action_id: 'leaderboard_page_1', value: '{"week":"2026-W48","page":1,"top":30}' }],
    };
    const answer = await post(running.url, blockActionBody(payload), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
    const response = await slack.waitFor(() => slack.responses.find((r) => r.path.endsWith('/button')));
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(response.body.text)).toMatch(WARMING_UP);
  });

  it("answers Slack's URL verification and acknowledges events", async () => {
    const { running } = await startRefusingToken();
    const challenge = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const verified = await post(running.url, challenge, 'application/json');
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('c-123');
    const home = eventCallbackBody({ type: 'app_home_opened', user: 'U0CALLER1', channel: 'D0CALLER1', tab: 'home' });
    expect((await post(running.url, home, 'application/json')).status).toBe(200);
  });

  it('still refuses requests Slack did not sign', async () => {
    const { slack, running } = await startRefusingToken();
    const body = slashCommandBody({ text: '', userId: 'U0CALLER1', responseUrl: slack.responseUrl('forged') });
    const forged = await post(running.url, body, 'application/x-www-form-urlencoded', 'not-the-secret');
    expect(forged.status).toBe(401);
    expect(forged.text).not.toMatch(WARMING_UP);
  });
});
