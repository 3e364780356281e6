/**
 * A leaderboard week: Monday 00:00 to the next Monday 00:00 in the configured zone,
 * held as absolute instants so daylight-saving changes never move or split it.
 */
export interface Week {
  /** ISO week name, e.g. "2026-W48" */
  key: string;
  /** first instant of the week */
  start: Date;
  /** first instant of the next week (exclusive end) */
  end: Date;
}
