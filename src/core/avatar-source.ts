import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { AvatarCacheStore } from '../db/avatar-cache-store.js';

const FETCH_TIMEOUT_MS = 5_000;
const MAX_BYTES = 2 * 1024 * 1024;
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

export interface AvatarSource {
  /** The picture at a profile image URL, from the cache or fetched; undefined when it can't be had. */
  get(url: string | undefined): Promise<Buffer | undefined>;
}

/**
 * Avatars for the podium card, from the profile image URLs Slack gives (the only addresses it
 * fetches), cached in SQLite. A failed fetch gives undefined and the card draws a placeholder:
 * a missing picture never holds up the winners post.
 */
export function createAvatarSource(cache: AvatarCacheStore, clock: Clock, logger: Logger): AvatarSource {
  async function fetchImage(url: string): Promise<Buffer | undefined> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.startsWith('image/')) {
        logger.warn(`Avatar ${url} answered ${response.status} ${type}: drawing a placeholder.`);
        await response.body?.cancel();
        return undefined;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      if (bytes.length === 0 || bytes.length > MAX_BYTES) return undefined;
      return bytes;
    } catch (error) {
      logger.warn(`Avatar ${url} could not be fetched (${(error as Error).message}): drawing a placeholder.`);
      return undefined;
    }
  }

  return {
    async get(url) {
      if (!url || !/^https?:\/\//i.test(url)) return undefined;
      const cached = cache.get(url);
      if (cached) return cached.bytes;
      const bytes = await fetchImage(url);
      if (bytes) {
        const now = clock().getTime();
        cache.save(url, bytes, now);
        cache.prune(now - KEEP_MS);
      }
      return bytes;
    },
  };
}
