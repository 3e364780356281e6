/**
 * SQL shared by the stores that sum usage events into tally deltas: usage_events AS e with its
 * source and model names (s, m), and the columns of a TallyDelta. The week is the ISO week of the
 * event's day, which is a calendar day in WEEK_TIMEZONE: the week it was counted in.
 */
export const NAMED_EVENTS =
  'usage_events AS e JOIN event_sources AS s ON s.id = e.source_id LEFT JOIN event_models AS m ON m.id = e.model_id';

export const WEEK_OF_DAY = "strftime('%G-W%V', e.day * 86400, 'unixepoch')";
export const DAY_KEY = "date(e.day * 86400, 'unixepoch')";

export const DELTA_COLUMNS = `${WEEK_OF_DAY} AS week, ${DAY_KEY} AS day, e.user_id AS userId, s.name AS source,
  COALESCE(m.name, '') AS model, SUM(e.input_tokens + e.output_tokens) AS tokens, SUM(e.input_tokens) AS inputTokens,
  SUM(e.output_tokens) AS outputTokens, COALESCE(SUM(e.cache_read_tokens), 0) AS cacheReadTokens,
  COALESCE(SUM(e.cache_write_tokens), 0) AS cacheWriteTokens, COALESCE(SUM(e.reasoning_tokens), 0) AS reasoningTokens,
  COUNT(*) AS events`;

export const DELTA_GROUPS = 'GROUP BY e.day, e.user_id, e.source_id, e.model_id';

/** A source's number from its name, inside a statement (@source). */
export const SOURCE_ID = '(SELECT id FROM event_sources WHERE name = @source)';

/** How events store their state. */
export const STATE = { counted: 0, held: 1, voided: 2 } as const;
