import type { PersonWeekSplit, PersonWeekTotals } from '../fair-play/week-export.js';
import type { DayRange } from '../weeks/day-of.js';
import type { Db } from './open-database.js';

/** A week's counted usage per person, with model and source splits, summed from the daily tallies. */
export function createExportStore(db: Db) {
  const people = db.prepare<DayRange, PersonWeekTotals>(`
    SELECT user_id AS userId, SUM(tokens) AS tokens, SUM(input_tokens) AS inputTokens,
      SUM(output_tokens) AS outputTokens, SUM(cache_read_tokens) AS cacheReadTokens,
      SUM(cache_write_tokens) AS cacheWriteTokens, SUM(events) AS requests
    FROM daily_tallies WHERE day BETWEEN @first AND @last
    GROUP BY user_id ORDER BY tokens DESC, user_id`);
  const split = (column: 'model' | 'source') =>
    db.prepare<DayRange, PersonWeekSplit>(`
      SELECT user_id AS userId, ${column} AS key, SUM(tokens) AS tokens
      FROM daily_tallies WHERE day BETWEEN @first AND @last
      GROUP BY user_id, ${column} ORDER BY tokens DESC, key`);
  const byModel = split('model');
  const bySource = split('source');

  return {
    /** `days`: the week's days in WEEK_TIMEZONE (daysOfWeek). */
    people: (days: DayRange): PersonWeekTotals[] => people.all(days),
    byModel: (days: DayRange): PersonWeekSplit[] => byModel.all(days),
    bySource: (days: DayRange): PersonWeekSplit[] => bySource.all(days),
  };
}

export type ExportStore = ReturnType<typeof createExportStore>;
