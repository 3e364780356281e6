import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import { createBoundedCache } from './bounded-cache.js';
import type { UserDirectory } from './user-directory.js';

const TTL_MS = 60 * 60 * 1000;
/** A picture is a few KB (Slack's 72 px size): the cache keeps a thousand people's, in at most 8 MiB. */
const CACHE_LIMITS = { maxEntries: 1000, maxBytes: 8 * 1024 * 1024 };
const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 5000;

export interface Avatar {
  body: Buffer;
  type: string;
}

/**
 * People's pictures, fetched by the bot from the URLs in their Slack profiles and kept in memory
 * for an hour, so pages load images from the bot alone (the CSP allows no other origin) and a
 * screen keeps its pictures when Slack's image host is slow.
 */
export function createAvatarProxy(directory: UserDirectory, clock: Clock, logger: Logger) {
  const cache = createBoundedCache<Avatar & { at: number }>(CACHE_LIMITS, (avatar) => avatar.body.length);

  async function download(url: string): Promise<Avatar | undefined> {
    if (!/^https?:\/\//.test(url)) return undefined;
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !/^image\/(png|jpeg|gif|webp)$/.test(type.split(';')[0]?.trim() ?? '')) return undefined;
    const body = Buffer.from(await response.arrayBuffer());
    return body.length <= MAX_BYTES ? { body, type } : undefined;
  }

  return {
    async get(userId: string): Promise<Avatar | undefined> {
      const now = clock().getTime();
      const cached = cache.get(userId);
      if (cached && now - cached.at < TTL_MS) return cached;
      const url = (await directory.people([userId])).get(userId)?.avatarUrl;
      if (!url) return undefined;
      try {
        const avatar = await download(url);
        if (!avatar) return cached;
        cache.set(userId, { ...avatar, at: now });
        return avatar;
      } catch (error) {
        logger.warn(`Avatar of ${userId} could not be fetched: ${(error as Error).message}`);
        return cached;
      }
    },
  };
}

export type AvatarProxy = ReturnType<typeof createAvatarProxy>;
