import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { ProfilesStore, SlackProfile } from '../db/profiles-store.js';
import { ThroneError } from '../errors.js';
import { isSlackUserId } from '../identity/slack-user-id.js';
import type { SlackApi } from '../slack/api/slack-api.js';

export const PROFILE_TTL_MS = 24 * 60 * 60 * 1000;
const FETCH_CONCURRENCY = 4;

export interface Person {
  userId: string;
  name: string;
  avatarUrl: string | undefined;
  /** the largest picture Slack gave, for the podium card */
  largeAvatarUrl: string | undefined;
}

export interface UserDirectory {
  /** Names and avatars for the given users: cached ones as they are, the rest fetched. */
  people(userIds: readonly string[]): Promise<Map<string, Person>>;
  /** Names already cached, without asking Slack: for one-shot commands such as the terminal board. */
  cachedNames(userIds: readonly string[]): Map<string, string>;
}

function toPerson(userId: string, profile: SlackProfile | undefined): Person {
  const avatarUrl = profile?.image72 ?? profile?.image48 ?? undefined;
  return { userId, name: profile?.name ?? userId, avatarUrl, largeAvatarUrl: profile?.image192 ?? avatarUrl };
}

/**
 * Names and avatars from users.info, cached in SQLite for PROFILE_TTL_MS. Missing or stale
 * profiles are fetched a few at a time, a user already being fetched is not fetched again,
 * and a failed fetch falls back to the stale profile or the bare user ID.
 */
export function createUserDirectory(
  profiles: ProfilesStore,
  slack: SlackApi | undefined,
  clock: Clock,
  logger: Logger,
): UserDirectory {
  const inFlight = new Map<string, Promise<SlackProfile | undefined>>();

  async function fetchProfile(userId: string, cached: SlackProfile | undefined): Promise<SlackProfile | undefined> {
    if (!slack) return cached;
    try {
      // A user Slack does not know is cached too (as the bare ID), so boards don't ask again each render.
      const user = (await slack.userInfo(userId)) ?? {
        userId,
        name: userId,
        image48: null,
        image72: null,
        image192: null,
      };
      const profile = { ...user, fetchedAt: clock().getTime() };
      profiles.save(profile);
      return profile;
    } catch (error) {
      // A rate limit pauses the whole method: the people() loop stops and says so once.
      if (!(error instanceof ThroneError && error.code === 'rate_limited')) {
        logger.warn(`users.info for ${userId} failed, showing what is cached: ${(error as Error).message}`);
      }
      return cached;
    }
  }

  function fetchOnce(userId: string, cached: SlackProfile | undefined): Promise<SlackProfile | undefined> {
    const pending = inFlight.get(userId);
    if (pending) return pending;
    const promise = fetchProfile(userId, cached).finally(() => inFlight.delete(userId));
    inFlight.set(userId, promise);
    return promise;
  }

  return {
    cachedNames(userIds) {
      const names = new Map<string, string>();
      for (const userId of userIds) {
        const name = profiles.get(userId)?.name;
        if (name !== undefined) names.set(userId, name);
      }
      return names;
    },
    async people(userIds) {
      const now = clock().getTime();
      const result = new Map<string, Person>();
      const toFetch: Array<{ userId: string; cached: SlackProfile | undefined }> = [];
      for (const userId of new Set(userIds)) {
        const cached = profiles.get(userId);
        result.set(userId, toPerson(userId, cached));
        // Only Slack user IDs can be looked up; in local mode people are emails or IDs. While
        // Slack has users.info paused (a 429), cached profiles or bare IDs do.
        const canFetch = slack && slack.resumesAt('users.info') === undefined && isSlackUserId(userId);
        if (canFetch && (!cached || now - cached.fetchedAt > PROFILE_TTL_MS)) {
          toFetch.push({ userId, cached });
        }
      }
      let next = 0;
      const paused = () => slack?.resumesAt('users.info') !== undefined;
      const worker = async () => {
        for (let item = toFetch[next]; item && !paused(); item = toFetch[next]) {
          next++;
          result.set(item.userId, toPerson(item.userId, await fetchOnce(item.userId, item.cached)));
        }
      };
      await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, toFetch.length) }, worker));
      const skipped = toFetch.length - next;
      if (skipped > 0) {
        logger.warn(
          `users.info is rate limited: ${skipped} ${skipped === 1 ? 'person' : 'people'} shown with cached names for now.`,
        );
      }
      return result;
    },
  };
}
