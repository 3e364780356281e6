import { dayOf } from '../weeks/day-of.js';
import { SOURCE_ID } from './event-sums.js';
import type { Db } from './open-database.js';

export interface ConnectorState {
  connector: string;
  watermark: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  skippedRows: number;
  deferredRows: number;
  overlapWarning: string | null;
}

export interface PulledRowCounts {
  rows: number;
  /** rows waiting for their email to resolve to a Slack user */
  unresolved: number;
}

/** A person a connector named whom the bot cannot count yet, and how many tokens wait for them. */
export interface UnmatchedPerson {
  person: string;
  tokens: number;
}

/** The pushed usage in a time range: who (as named and as resolved) and with which model. */
export interface PushedUsage {
  source: string;
  userRef: string;
  userId: string | null;
}

/** Who used which model ('' for none) on which day (YYYY-MM-DD), from one source. */
export interface DailyUse {
  source: string;
  userId: string;
  model: string;
  day: string;
}

const STATE_COLUMNS = `connector, watermark, last_success_at AS lastSuccessAt, last_attempt_at AS lastAttemptAt,
  last_error AS lastError, skipped_rows AS skippedRows, deferred_rows AS deferredRows,
  overlap_warning AS overlapWarning`;

/** Pull connectors' progress (watermarks, outcomes) and what they stored. */
export function createConnectorStateStore(db: Db) {
  const state = db.prepare<[string], ConnectorState>(
    `SELECT ${STATE_COLUMNS} FROM connector_state WHERE connector = ?`,
  );
  const ensure = db.prepare<[string]>('INSERT INTO connector_state (connector) VALUES (?) ON CONFLICT DO NOTHING');
  const advance = db.prepare<{ connector: string; watermark: number }>(`
    UPDATE connector_state SET watermark = MAX(COALESCE(watermark, 0), @watermark) WHERE connector = @connector`);
  const attempt = db.prepare<{ connector: string; now: number }>(
    'UPDATE connector_state SET last_attempt_at = @now WHERE connector = @connector',
  );
  const succeed = db.prepare<{
    connector: string;
    now: number;
    skipped: number;
    deferred: number;
    overlap: string | null;
  }>(`
    UPDATE connector_state SET last_success_at = @now, last_error = NULL, skipped_rows = @skipped,
      deferred_rows = @deferred, overlap_warning = @overlap
    WHERE connector = @connector`);
  const failed = db.prepare<{ connector: string; error: string }>(
    'UPDATE connector_state SET last_error = @error WHERE connector = @connector',
  );
  const storedFetch = db
    .prepare<{ connector: string; start: number }, number>(
      'SELECT fetched_at FROM pulled_windows WHERE connector = @connector AND window_start = @start',
    )
    .pluck();
  const recordFetch = db.prepare<{ connector: string; start: number; fetchedAt: number }>(`
    INSERT INTO pulled_windows (connector, window_start, fetched_at) VALUES (@connector, @start, @fetchedAt)
    ON CONFLICT (connector, window_start) DO UPDATE SET fetched_at = excluded.fetched_at`);
  const counts = db.prepare<{ source: string }, PulledRowCounts>(`
    SELECT COUNT(*) AS rows, COALESCE(SUM(user_id IS NULL), 0) AS unresolved FROM usage_events
    WHERE source_id = ${SOURCE_ID}`);
  const unmatched = db.prepare<{ source: string }, UnmatchedPerson>(`
    SELECT user_ref AS person, SUM(input_tokens + output_tokens) AS tokens FROM usage_events
    WHERE source_id = ${SOURCE_ID} AND user_id IS NULL GROUP BY user_ref ORDER BY tokens DESC, user_ref`);
  // Days come from the daily tallies (calendar days in WEEK_TIMEZONE: a pulled UTC day is stored on
  // the same date there), and people whose email is not resolved yet from the few unresolved events.
  const pushedPeople = db.prepare<
    { source: string; first: string; last: string; from: number; to: number },
    PushedUsage
  >(`
    SELECT DISTINCT source, user_id AS userRef, user_id AS userId FROM daily_tallies
    WHERE source = @source AND day BETWEEN @first AND @last
    UNION
    SELECT DISTINCT @source, user_ref, NULL FROM usage_events
    WHERE user_id IS NULL AND source_id = ${SOURCE_ID} AND occurred_at >= @from AND occurred_at < @to`);
  const pushedSince = db.prepare<{ first: string }, DailyUse>(`
    SELECT DISTINCT source, user_id AS userId, model, day FROM daily_tallies
    WHERE day >= @first AND source NOT LIKE 'pull:%'`);
  const pulledSince = db.prepare<{ source: string; first: string }, DailyUse>(`
    SELECT DISTINCT source, user_id AS userId, model, day FROM daily_tallies WHERE source = @source AND day >= @first`);

  return {
    stateOf(connector: string): ConnectorState | undefined {
      return state.get(connector);
    },
    markAttempt(connector: string, now: number): void {
      ensure.run(connector);
      attempt.run({ connector, now });
    },
    /** Moves the watermark forward (never back). Call in the transaction that stored the window. */
    advanceWatermark(connector: string, watermark: number): void {
      advance.run({ connector, watermark });
    },
    markSuccess(connector: string, now: number, skipped: number, deferred: number, overlap: string | null): void {
      succeed.run({ connector, now, skipped, deferred, overlap });
    },
    markFailure(connector: string, error: string): void {
      ensure.run(connector);
      failed.run({ connector, error });
    },
    /**
     * Claims a window for a snapshot fetched at `fetchedAt`: false if a fresher one is already
     * stored (a sync running at the same time fetched later). Call in the storing transaction.
     */
    claimWindow(connector: string, start: number, fetchedAt: number): boolean {
      const stored = storedFetch.get({ connector, start });
      if (stored !== undefined && stored > fetchedAt) return false;
      recordFetch.run({ connector, start, fetchedAt });
      return true;
    },
    countsOf: (source: string): PulledRowCounts => counts.get({ source }) ?? { rows: 0, unresolved: 0 },
    unmatchedOf: (source: string): UnmatchedPerson[] => unmatched.all({ source }),
    /** Who a pushed source reported on the UTC days of [from, to) (ms). */
    pushedIn: (source: string, from: number, to: number): PushedUsage[] =>
      pushedPeople.all({ source, first: dayOf(from, 'UTC'), last: dayOf(to - 1, 'UTC'), from, to }),
    /** Counted pushed usage since the UTC day of `from` (ms), every pushed source, by person, model and day. */
    pushedSince: (from: number): DailyUse[] => pushedSince.all({ first: dayOf(from, 'UTC') }),
    /** Counted usage a pulled source stored from the day of event id `from` on, by person, model and day. */
    pulledSince: (source: string, from: string): DailyUse[] => pulledSince.all({ source, first: from.slice(0, 10) }),
  };
}

export type ConnectorStateStore = ReturnType<typeof createConnectorStateStore>;
