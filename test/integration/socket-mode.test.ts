import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, TEAM_ID } from '../fixtures/slack-workspace.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack-server.js';
import { type SlackMessage, textsOf } from '../helpers/slack-harness.js';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;

const ALICE = { id: 'U0ALICE01', name: 'alice', displayName: 'Alice Archer' };

/** A slash command the way Slack delivers it over a Socket Mode WebSocket instead of an HTTP POST. */
function slashCommandEnvelope(envelopeId: string, responseUrl: string): Record<string, unknown> {
  return {
    envelope_id: envelopeId,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      token: 'legacy-verification-token',
      team_id: TEAM_ID,
      team_domain: 'throne-test',
      channel_id: 'C0GENERAL1',
      channel_name: 'general',
      user_id: ALICE.id,
      user_name: ALICE.name,
      command: '/leaderboard',
      text: '',
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: '1234.5678.abcd',
    },
  };
}

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  const tempDir = useTempDir();
  let slack: FakeSlack | undefined;
  let running: RunningApp | undefined;

  afterEach(async () => {
    // The app first, so its Socket Mode client closes cleanly instead of reconnecting to a vanished fake.
    const [bot, fake] = [running, slack];
    running = undefined;
    slack = undefined;
    await bot?.stop();
    await fake?.close();
  });

  async function startInSocketMode() {
    slack = await startFakeSlack({ users: [ALICE] });
    running = await startApp(
      tempDir(),
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl },
      clock,
    );
    return { slack, running };
  }

  it('connects over a WebSocket, acks a slash command envelope and answers it at the response_url', async () => {
    const { slack, running } = await startInSocketMode();
    const ingested = await postUsage(running.url, {
      events: [
        { id: '1', user: ALICE.id, input_tokens: 2_400_000, output_tokens: 0, timestamp: '2026-11-24T10:00:00Z' },
      ],
    });
    expect(ingested.status).toBe(202);

    await slack.waitFor(() => slack.socketConnections > 0);
    const opened = slack.callsTo('apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.headers.authorization).toBe('Bearer xapp-test');

    const envelopeId = randomUUID();
    slack.sendSocketEnvelope(slashCommandEnvelope(envelopeId, slack.responseUrl('socket')));

    const acked = await slack.waitFor(() => slack.socketAcks.find((a) => a.envelope_id === envelopeId));
    expect(acked).toEqual({ envelope_id: envelopeId, payload: {} });
    const response = await slack.waitFor(() => slack.responses.find((r) => r.path.endsWith('/socket')));
    const message = response.body as SlackMessage;
    expect(message.response_type).toBe('ephemeral');
    const texts = textsOf(message.blocks).join('\n');
    expect(texts).toContain('*Alice Archer*');
    expect(texts).toContain('*2.4M* tokens');
  });

  it('does not serve POST /slack/events on the HTTP port', async () => {
    const { slack, running } = await startInSocketMode();
    const answer = await fetch(`${running.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url_verification', challenge: 'c' }),
    });
    expect(answer.status).toBe(404);
    await answer.body?.cancel();
    // Slack still reaches the app, over the WebSocket.
    await slack.waitFor(() => slack.socketConnections > 0);
  });
});
