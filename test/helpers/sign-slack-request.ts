import { createHmac, randomBytes } from 'node:crypto';
import { APP_ID, TEAM_DOMAIN, TEAM_ID } from '../fixtures/slack-workspace.js';

const VERIFICATION_TOKEN = 'legacy-verification-token';

/** Headers Slack attaches to every request it sends us, so Bolt's signature check can be exercised for real. */
export function slackSignatureHeaders(
  body: string,
  signingSecret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const ts = String(timestampSeconds);
  const digest = createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${digest}` };
}

/** A slash command body, form-encoded with the same fields Slack sends. */
export function slashCommandBody(fields: {
  text: string;
  userId: string;
  responseUrl: string;
  userName?: string;
  channelId?: string;
  command?: string;
}): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: fields.channelId ?? 'C0GENERAL1',
    channel_name: 'general',
    user_id: fields.userId,
    user_name: fields.userName ?? 'someone',
    command: fields.command ?? '/leaderboard',
    text: fields.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1234.5678.abcd',
  }).toString();
}

/** Interactivity requests (block actions, view submissions) arrive as a single form field holding JSON. */
export function blockActionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API `event_callback` envelope around `event`, as JSON. */
export function eventCallbackBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: TEAM_ID, user_id: 'U0BOTUSER', is_bot: true, is_enterprise_install: false },
    ],
  });
}

/**
 * POSTs a body the way Slack would. `signature: null` drops both signature headers and a string replaces the
 * computed signature, so tests can check that unsigned or forged requests are rejected.
 */
export async function postSignedToSlackEndpoint(
  url: string,
  body: string,
  contentType: string,
  signingSecret: string,
  options: { timestampSeconds?: number; signature?: string | null } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (options.signature !== null) {
    const signed = slackSignatureHeaders(body, signingSecret, options.timestampSeconds);
    Object.assign(headers, signed);
    if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}
