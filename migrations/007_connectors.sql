-- Pulled usage (vendor admin APIs) is stored in usage_events as snapshots: source 'pull:<connector>',
-- event_id '<bucket start, ISO 8601 UTC>|<person>|<model>', so one window of a connector is the
-- event_id range [window start, window end) of its source and is replaced as a whole.

-- Each connector's progress: data before the watermark (ms) is stored as complete as the vendor
-- reports it. Moved only in the transaction that stored the window reaching it.
CREATE TABLE connector_state (
  connector TEXT PRIMARY KEY,
  watermark INTEGER,
  last_success_at INTEGER,
  last_attempt_at INTEGER,
  -- one line, never holding the key
  last_error TEXT,
  -- rows the vendor sent without token counts in the last sync (e.g. Cursor request-priced events)
  skipped_rows INTEGER NOT NULL DEFAULT 0,
  -- rows left to a pushed source that is authoritative for the same tool (PULL_DEFERS_TO), last sync
  deferred_rows INTEGER NOT NULL DEFAULT 0,
  -- the last overlap warning: pushed and pulled usage of the same model for the same people
  overlap_warning TEXT
) WITHOUT ROWID;

-- When each stored window was fetched: a sync that fetched earlier than the stored snapshot (two
-- syncs at once) does not overwrite the fresher one.
CREATE TABLE pulled_windows (
  connector TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (connector, window_start)
) WITHOUT ROWID;

-- Pushed usage in a time range (which people a pushed source reported on a day, for PULL_DEFERS_TO
-- and the double-count warning) without scanning every event; events arrive roughly in time order,
-- so the index grows at its end.
CREATE INDEX usage_events_occurred_at ON usage_events (occurred_at);
