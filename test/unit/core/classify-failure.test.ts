import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src/core/outbox-sender.js';
import { createSlackApi } from '../../../src/slack/api/slack-api.js';
import { type FakeSlack, startFakeSlack } from '../../helpers/fake-slack-server.js';

/** The error the bot's Slack API (a real WebClient with no retries of its own) throws for a failed post. */
async function postFailure(apiUrl: string): Promise<unknown> {
  const client = new WebClient('xoxb-test', {
    slackApiUrl: apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  return createSlackApi(client, () => new Date())
    .postMessage({ channel: 'C0WINNERS1', text: 'hi' })
    .then(
      () => {
        throw new Error('the post succeeded');
      },
      (error: unknown) => error,
    );
}

describe('classifyFailure', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
  });

  it("waits exactly Slack's Retry-After on a 429, whatever the attempt", async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(classifyFailure(await postFailure(slack.apiUrl), 9)).toEqual({
      kind: 'retry',
      afterMs: 7000,
      error: 'chat.postMessage rate limited (Retry-After 7s)',
      rateLimited: true,
    });
  });

  it.each([
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'user_not_found',
    'user_disabled',
    'cannot_dm_bot',
    'invalid_blocks',
    'invalid_blocks_format',
    'msg_too_long',
    'no_text',
    'restricted_action',
  ])('gives up on %s, which no retry can fix', async (code) => {
    slack.failNext('chat.postMessage', { error: code });
    expect(classifyFailure(await postFailure(slack.apiUrl), 1)).toEqual({
      kind: 'failed',
      error: `Slack refused it: ${code}`,
    });
  });

  it('retries a refused token with backoff, so a configuration mistake loses no message', async () => {
    slack.failNext('chat.postMessage', { error: 'invalid_auth' });
    expect(classifyFailure(await postFailure(slack.apiUrl), 3)).toEqual({
      kind: 'retry',
      afterMs: 4000,
      error: 'Slack error invalid_auth',
    });
  });

  it('backs off 1 s, 2 s, 4 s… after each attempt, up to ten minutes', async () => {
    slack.failNext('chat.postMessage', { error: 'internal_error' }, 6);
    const waits = [];
    for (const attempts of [0, 1, 2, 3, 10, 500]) {
      const outcome = classifyFailure(await postFailure(slack.apiUrl), attempts);
      waits.push(outcome.kind === 'retry' ? outcome.afterMs : outcome.kind);
    }
    expect(waits).toEqual([1000, 1000, 2000, 4000, 512_000, 600_000]);
  });

  it('retries an HTTP 500 with backoff', async () => {
    slack.failNext('chat.postMessage', { status: 500 });
    const outcome = classifyFailure(await postFailure(slack.apiUrl), 2);
    expect(outcome).toMatchObject({ kind: 'retry', afterMs: 2000 });
    expect(outcome.error).toMatch(/500/);
  });

  it('retries when Slack cannot be reached at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = classifyFailure(await postFailure(`http://127.0.0.1:${port}/api/`), 1);
    expect(outcome).toMatchObject({ kind: 'retry', afterMs: 1000 });
    expect(outcome.error).toMatch(/ECONNREFUSED|request error/i);
  });
});
