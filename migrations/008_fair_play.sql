-- People's choice to be named on shared surfaces. No row: the company default applies
-- (named, unless LEADERBOARD_OPT_IN asks for consent first).
CREATE TABLE people_visibility (
  user_id TEXT PRIMARY KEY,
  -- 1 after /leaderboard show or join, 0 after /leaderboard hide
  visible INTEGER NOT NULL CHECK (visible IN (0, 1)),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Usage held for review: one row per person, day and source that crossed the anomaly rule or
-- the per-source daily cap. Events join the pending review of their person, day and source.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  week TEXT NOT NULL,
  day TEXT NOT NULL,
  source TEXT NOT NULL,
  -- 'spike' (against the person's own history), 'newcomer' (against the organisation), 'cap'
  rule TEXT NOT NULL CHECK (rule IN ('spike', 'newcomer', 'cap')),
  -- JSON: the numbers the rule compared, as shown to the reviewer
  evidence TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT
);
CREATE INDEX reviews_open ON reviews (user_id, day, source, status);
CREATE INDEX reviews_week ON reviews (week, status);

-- What an event counts for: 'counted' is in the tallies; 'held' waits for an admin's review;
-- 'voided' was corrected away. Held and voided events stay stored, never in a tally.
ALTER TABLE usage_events ADD COLUMN state TEXT NOT NULL DEFAULT 'counted'
  CHECK (state IN ('counted', 'held', 'voided'));
-- The review an event was held for (NULL if it never was).
ALTER TABLE usage_events ADD COLUMN review_id INTEGER REFERENCES reviews (id);
-- The event's calendar day in WEEK_TIMEZONE (YYYY-MM-DD). Rows stored before this migration get
-- their UTC day: close enough for the history the anomaly rule reads.
ALTER TABLE usage_events ADD COLUMN day TEXT;
UPDATE usage_events SET day = strftime('%Y-%m-%d', occurred_at / 1000, 'unixepoch');
-- How many times the same (source, id) arrived again after it was stored: retries dropped.
ALTER TABLE usage_events ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;

-- Only the unusual rows of a person's week (held, voided, or retried) are indexed: "explain my
-- number" reads them here, and every ordinary insert pays for no extra index. Voiding a source's
-- events in a time range reads that source through its (source, event_id) key.
CREATE INDEX usage_events_unusual ON usage_events (user_id, week)
  WHERE state != 'counted' OR duplicates > 0;
CREATE INDEX usage_events_review ON usage_events (review_id) WHERE review_id IS NOT NULL;

-- Counted tokens and requests per person, day, source and model, kept with the weekly tallies
-- in the same transactions: the anomaly rule reads a person's days here, and "explain my
-- number" a person's week, instead of summing events. model is '' for events without one.
CREATE TABLE daily_tallies (
  user_id TEXT NOT NULL,
  day TEXT NOT NULL,
  source TEXT NOT NULL,
  model TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (user_id, day, source, model)
) WITHOUT ROWID;
INSERT INTO daily_tallies (user_id, day, source, model, tokens, events)
  SELECT user_id, day, source, COALESCE(model, ''), SUM(input_tokens + output_tokens), COUNT(*) FROM usage_events
  WHERE user_id IS NOT NULL GROUP BY user_id, day, source, COALESCE(model, '');
-- The organisation's recent days, for judging newcomers.
CREATE INDEX daily_tallies_day ON daily_tallies (day);

-- Every correction and review decision, never changed or deleted (the triggers refuse it).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  -- a Slack user ID, or 'cli' for the operator's command line
  actor TEXT NOT NULL,
  -- 'void' | 'restore' | 'approve' | 'reject'
  action TEXT NOT NULL,
  -- what it applied to, as people read it ("event ide/req-7", "U024BE7LH in 2026-W47")
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  events INTEGER NOT NULL,
  -- JSON list of {week, userId, before, after}: each weekly total the action changed
  effects TEXT NOT NULL,
  -- JSON list of the closed weeks it touched: their crown stays as it was
  closed_weeks TEXT NOT NULL
);
-- An entry lists every week it changed; this finds a week's entries without reading JSON.
CREATE TABLE audit_log_weeks (
  audit_id INTEGER NOT NULL REFERENCES audit_log (id),
  week TEXT NOT NULL,
  PRIMARY KEY (week, audit_id)
) WITHOUT ROWID;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_weeks_no_update BEFORE UPDATE ON audit_log_weeks
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_weeks_no_delete BEFORE DELETE ON audit_log_weeks
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
