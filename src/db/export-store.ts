import type { PersonWeekSplit, PersonWeekTotals } from '../fair-play/week-export.js';
import type { Db } from './open-database.js';

/** A week's counted usage per person, with model and source splits, summed from the events. */
export function createExportStore(db: Db) {
  const people = db.prepare<[string], PersonWeekTotals>(`
    SELECT user_id AS userId, SUM(input_tokens + output_tokens) AS tokens, SUM(input_tokens) AS inputTokens,
      SUM(output_tokens) AS outputTokens, COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens,
      COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens, COUNT(*) AS requests
    FROM usage_events WHERE week = ? AND state = 'counted' AND user_id IS NOT NULL
    GROUP BY user_id ORDER BY tokens DESC, user_id`);
  const split = (column: string) =>
    db.prepare<[string], PersonWeekSplit>(`
      SELECT user_id AS userId, COALESCE(${column}, '') AS key, SUM(input_tokens + output_tokens) AS tokens
      FROM usage_events WHERE week = ? AND state = 'counted' AND user_id IS NOT NULL
      GROUP BY user_id, ${column} ORDER BY tokens DESC, key`);
  const byModel = split('model');
  const bySource = split('source');

  return {
    people: (week: string): PersonWeekTotals[] => people.all(week),
    byModel: (week: string): PersonWeekSplit[] => byModel.all(week),
    bySource: (week: string): PersonWeekSplit[] => bySource.all(week),
  };
}

export type ExportStore = ReturnType<typeof createExportStore>;
