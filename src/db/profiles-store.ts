import type { Db } from './open-database.js';

export interface SlackProfile {
  userId: string;
  name: string;
  image48: string | null;
  image72: string | null;
  image192: string | null;
  /** ms since the epoch */
  fetchedAt: number;
}

/** Cached Slack names and avatars. */
export function createProfilesStore(db: Db) {
  const one = db.prepare<[string], SlackProfile>(
    `SELECT user_id AS userId, name, image_48 AS image48, image_72 AS image72, image_192 AS image192,
      fetched_at AS fetchedAt FROM slack_profiles WHERE user_id = ?`,
  );
  const save = db.prepare<SlackProfile>(`
    INSERT INTO slack_profiles (user_id, name, image_48, image_72, image_192, fetched_at)
    VALUES (@userId, @name, @image48, @image72, @image192, @fetchedAt)
    ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, image_48 = excluded.image_48,
      image_72 = excluded.image_72, image_192 = excluded.image_192, fetched_at = excluded.fetched_at`);

  return {
    get: (userId: string): SlackProfile | undefined => one.get(userId),
    save: (profile: SlackProfile): void => {
      save.run(profile);
    },
  };
}

export type ProfilesStore = ReturnType<typeof createProfilesStore>;
