import { describe, expect, it } from 'vitest';
import { loadStreaks } from '../../../src/core/load-trends.js';
import { createHistoryStore } from '../../../src/db/history-store.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { parseWeek } from '../../../src/weeks/parse-week.js';

describe('loadStreaks', () => {
  it('counts the weeks in a row at the first badge that end with the week, for those who reached it that week', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(
      'INSERT INTO weekly_tallies (week, user_id, tokens, input_tokens, output_tokens, events) VALUES (?, ?, ?, ?, 0, 1)',
    );
    const weeks: Record<string, number[]> = {
      // 2026-W44 … 2026-W48
      U0ANN0001: [0, 100, 150, 100, 300],
      U0BOB0001: [500, 50, 100, 100, 100],
      U0CAT0001: [0, 0, 0, 0, 120],
      U0DAN0001: [900, 900, 900, 900, 99],
    };
    for (const [userId, tokens] of Object.entries(weeks)) {
      tokens.forEach((amount, index) => {
        if (amount > 0) insert.run(`2026-W${44 + index}`, userId, amount, amount);
      });
    }
    const week = parseWeek('2026-W48', 'UTC');
    if (!week) throw new Error('2026-W48 is a week');

    const streaks = loadStreaks(createHistoryStore(db), week, 'UTC', 100);

    expect([...streaks].sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
      { userId: 'U0ANN0001', weeks: 4 },
      { userId: 'U0BOB0001', weeks: 3 },
      { userId: 'U0CAT0001', weeks: 1 },
    ]);
  });
});
