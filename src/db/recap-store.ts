import type { Db } from './open-database.js';

/** Who gets the weekly recap DM. */
export function createRecapStore(db: Db) {
  const add = db.prepare<{ userId: string; now: number }>(
    'INSERT INTO recap_subscribers (user_id, since) VALUES (@userId, @now) ON CONFLICT (user_id) DO NOTHING',
  );
  const remove = db.prepare<[string]>('DELETE FROM recap_subscribers WHERE user_id = ?');
  const has = db.prepare<[string], 1>('SELECT 1 FROM recap_subscribers WHERE user_id = ?').pluck();
  const all = db.prepare<[], string>('SELECT user_id FROM recap_subscribers ORDER BY user_id').pluck();

  return {
    /** Turns the recap on; false if it already was. */
    subscribe: (userId: string, now: number): boolean => add.run({ userId, now }).changes === 1,
    /** Turns the recap off; false if it already was. */
    unsubscribe: (userId: string): boolean => remove.run(userId).changes === 1,
    isSubscribed: (userId: string): boolean => has.get(userId) === 1,
    subscribers: (): string[] => all.all(),
  };
}

export type RecapStore = ReturnType<typeof createRecapStore>;
