import type { Logger } from '@slack/bolt';
import { ErrorCode, type WebAPICallError, WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { ThroneError } from '../../errors.js';
import type { Team } from '../../game/team-league.js';
import { createMethodPauses } from './method-pauses.js';
import { type FileShare, shareFile } from './slack-files.js';
import { loadUserGroupTeams } from './slack-usergroups.js';

export interface SlackUser {
  userId: string;
  name: string;
  image48: string | null;
  image72: string | null;
  /** the largest picture kept, for the podium card */
  image192: string | null;
}

export type EmailLookup = { kind: 'found'; userId: string } | { kind: 'not_found' };

/** The Web API methods the bot calls; Slack rate-limits each one on its own. */
export type SlackMethod =
  | 'users.info'
  | 'users.lookupByEmail'
  | 'chat.postMessage'
  | 'views.publish'
  | 'files.completeUploadExternal'
  | 'usergroups.list'
  | 'auth.test';

/** What the bot asks of the Slack Web API; the rest of the code depends on this, not on WebClient. */
export interface SlackApi {
  userInfo(userId: string): Promise<SlackUser | undefined>;
  lookupByEmail(email: string): Promise<EmailLookup>;
  /** A channel ID, or a user ID for a DM: Slack delivers that to the bot's DM with the person. */
  postMessage(message: { channel: string; text: string; blocks?: unknown[] }): Promise<{ ts: string }>;
  publishHome(userId: string, view: { type: 'home'; blocks: unknown[] }): Promise<void>;
  /** When a rate-limited method may be called again; undefined when it may be called now. */
  resumesAt(method: SlackMethod): number | undefined;
  /** Shares a file with a message (the podium card with the winners post); returns the file's ID. */
  shareFile(share: FileShare): Promise<string>;
  /** The workspace's user groups with their members. */
  userGroupTeams(): Promise<Team[]>;
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
      image_192: z.string().optional(),
    })
    .optional(),
});

function toSlackUser(raw: unknown): SlackUser {
  const user = userSchema.parse(raw);
  const name = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || user.id;
  return {
    userId: user.id,
    name,
    image48: user.profile?.image_48 ?? null,
    image72: user.profile?.image_72 ?? null,
    image192: user.profile?.image_192 ?? null,
  };
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

/**
 * The bot's Slack calls. A 429 pauses its method until Retry-After, and calls to a paused method
 * fail at once instead of meeting another 429; both throw a `rate_limited` ThroneError whose
 * retryAfterSeconds says when the method may be called again.
 */
export function createSlackApi(client: WebClient, clock: Clock): SlackApi {
  const pauses = createMethodPauses(clock);

  async function call<T>(method: SlackMethod, send: () => Promise<T>): Promise<T> {
    const rateLimited = (retryAfterSeconds: number) =>
      new ThroneError('rate_limited', `${method} rate limited (Retry-After ${retryAfterSeconds}s)`, retryAfterSeconds);
    const pausedUntil = pauses.resumesAt(method);
    if (pausedUntil !== undefined) throw rateLimited(Math.ceil((pausedUntil - clock().getTime()) / 1000));
    try {
      return await send();
    } catch (error) {
      const callError = error as WebAPICallError;
      if (callError.code !== ErrorCode.RateLimitedError) throw error;
      pauses.pause(method, callError.retryAfter);
      throw rateLimited(callError.retryAfter);
    }
  }

  return {
    resumesAt: (method) => pauses.resumesAt(method),
    async userInfo(userId) {
      try {
        const answer = await call('users.info', () => client.users.info({ user: userId }));
        return toSlackUser(answer.user);
      } catch (error) {
        if (platformError(error) === 'user_not_found') return undefined;
        throw error;
      }
    },
    async lookupByEmail(email) {
      try {
        const answer = await call('users.lookupByEmail', () => client.users.lookupByEmail({ email }));
        return { kind: 'found', userId: toSlackUser(answer.user).userId };
      } catch (error) {
        if (platformError(error) === 'users_not_found') return { kind: 'not_found' };
        throw error;
      }
    },
    async postMessage({ channel, text, blocks }) {
      const answer = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text,
          ...(blocks ? { blocks: blocks as never } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      return { ts: z.string().parse(answer.ts) };
    },
    async publishHome(userId, view) {
      await call('views.publish', () => client.views.publish({ user_id: userId, view: view as never }));
    },
    // The upload's three steps pause together: a 429 on any of them holds back the whole share.
    shareFile: (share) => call('files.completeUploadExternal', () => shareFile(client, share)),
    userGroupTeams: () => call('usergroups.list', () => loadUserGroupTeams(client)),
    async teamId() {
      const answer = await call('auth.test', () => client.auth.test());
      return z.string().min(1).parse(answer.team_id);
    },
  };
}
