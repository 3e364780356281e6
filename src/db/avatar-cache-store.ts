import type { Db } from './open-database.js';

/** Avatar pictures by URL, as fetched. */
export function createAvatarCacheStore(db: Db) {
  const one = db.prepare<[string], { bytes: Buffer; fetchedAt: number }>(
    'SELECT bytes, fetched_at AS fetchedAt FROM avatar_images WHERE url = ?',
  );
  const save = db.prepare<{ url: string; bytes: Buffer; now: number }>(`
    INSERT INTO avatar_images (url, bytes, fetched_at) VALUES (@url, @bytes, @now)
    ON CONFLICT (url) DO UPDATE SET bytes = excluded.bytes, fetched_at = excluded.fetched_at`);
  const prune = db.prepare<[number]>('DELETE FROM avatar_images WHERE fetched_at < ?');

  return {
    get: (url: string) => one.get(url),
    save: (url: string, bytes: Buffer, now: number): void => {
      save.run({ url, bytes, now });
    },
    /** Forgets pictures fetched before `before` (ms): people change their avatars. */
    prune: (before: number): void => {
      prune.run(before);
    },
  };
}

export type AvatarCacheStore = ReturnType<typeof createAvatarCacheStore>;
