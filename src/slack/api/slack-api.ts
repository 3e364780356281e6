import type { Logger } from '@slack/bolt';
import { ErrorCode, type WebAPICallError, WebClient } from '@slack/web-api';
import { z } from 'zod';

export interface SlackUser {
  userId: string;
  name: string;
  image48: string | null;
  image72: string | null;
}

export type EmailLookup = { kind: 'found'; userId: string } | { kind: 'not_found' };

/** What the bot asks of the Slack Web API; the rest of the code depends on this, not on WebClient. */
export interface SlackApi {
  userInfo(userId: string): Promise<SlackUser | undefined>;
  lookupByEmail(email: string): Promise<EmailLookup>;
  openDm(userId: string): Promise<string>;
  postMessage(message: { channel: string; text: string; blocks?: unknown[] }): Promise<{ ts: string }>;
  publishHome(userId: string, view: { type: 'home'; blocks: unknown[] }): Promise<void>;
  /** The workspace the bot is installed in (auth.test). */
  teamId(): Promise<string>;
}

// Slack API answers are outside input too: check the fields relied on.
const userSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  profile: z
    .object({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      image_48: z.string().optional(),
      image_72: z.string().optional(),
    })
    .optional(),
});

function toSlackUser(raw: unknown): SlackUser {
  const user = userSchema.parse(raw);
  const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || user.id;
  return { userId: user.id, name, image48: user.profile?.image_48 ?? null, image72: user.profile?.image_72 ?? null };
}

function platformError(error: unknown): string | undefined {
  const callError = error as WebAPICallError;
  return callError.code === ErrorCode.PlatformError ? callError.data.error : undefined;
}

/**
 * A WebClient for SLACK_API_URL that does not retry on its own: rate limits surface as
 * errors (with retryAfter) so callers (the outbox, the directory) decide when to try again.
 */
export function createSlackWebClient(token: string, apiUrl: string, logger: Logger): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
}

export function createSlackApi(client: WebClient): SlackApi {
  return {
    async userInfo(userId) {
      try {
        const answer = await client.users.info({ user: userId });
        return toSlackUser(answer.user);
      } catch (error) {
        if (platformError(error) === 'user_not_found') return undefined;
        throw error;
      }
    },
    async lookupByEmail(email) {
      try {
        const answer = await client.users.lookupByEmail({ email });
        return { kind: 'found', userId: toSlackUser(answer.user).userId };
      } catch (error) {
        if (platformError(error) === 'users_not_found') return { kind: 'not_found' };
        throw error;
      }
    },
    async openDm(userId) {
      const answer = await client.conversations.open({ users: userId });
      return z.object({ id: z.string() }).parse(answer.channel).id;
    },
    async postMessage({ channel, text, blocks }) {
      const answer = await client.chat.postMessage({
        channel,
        text,
        ...(blocks ? { blocks: blocks as never } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ts: z.string().parse(answer.ts) };
    },
    async publishHome(userId, view) {
      await client.views.publish({ user_id: userId, view: view as never });
    },
    async teamId() {
      const answer = await client.auth.test();
      return z.string().min(1).parse(answer.team_id);
    },
  };
}
