import type { Db } from './open-database.js';

/** People's choices to be named on shared surfaces or stay off them. */
export function createPeopleStore(db: Db, optIn: boolean) {
  const set = db.prepare<{ userId: string; visible: number; now: number }>(`
    INSERT INTO people_visibility (user_id, visible, updated_at) VALUES (@userId, @visible, @now)
    ON CONFLICT (user_id) DO UPDATE SET visible = excluded.visible, updated_at = excluded.updated_at`);
  const visible = db.prepare<[string], number>('SELECT visible FROM people_visibility WHERE user_id = ?').pluck();

  return {
    /** `/leaderboard show` and `join` (true), `/leaderboard hide` (false). */
    setVisible(userId: string, isVisible: boolean, now: number): void {
      set.run({ userId, visible: isVisible ? 1 : 0, now });
    },
    /** Whether shared surfaces may name this person: their own choice, else the company default. */
    isNamed(userId: string): boolean {
      const choice = visible.get(userId);
      return choice === undefined ? !optIn : choice === 1;
    },
    /** What shared surfaces do with people who made no choice: named, unless opt-in mode. */
    namedByDefault: !optIn,
  };
}

export type PeopleStore = ReturnType<typeof createPeopleStore>;
