-- Every usage event ever accepted. (source, event_id) is the idempotency key: a retry from
-- the same source hits the UNIQUE constraint and is counted as a duplicate, never twice.
CREATE TABLE usage_events (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  -- the person as the event named them: a Slack user ID or a lower-cased email
  user_ref TEXT NOT NULL,
  -- the Slack user the event counts for; NULL while an email is not resolved yet
  user_id TEXT,
  model TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  reasoning_tokens INTEGER,
  -- milliseconds since the epoch (UTC); the week is derived from it at ingestion
  occurred_at INTEGER NOT NULL,
  week TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (source, event_id)
);

-- Finds the events waiting for an email to resolve, and nothing else.
CREATE INDEX usage_events_unresolved ON usage_events (user_ref) WHERE user_id IS NULL;

-- Weekly totals per person, kept in the same transaction as the events they sum, so
-- boards read one row per person instead of summing events.
CREATE TABLE weekly_tallies (
  week TEXT NOT NULL,
  user_id TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (week, user_id)
) WITHOUT ROWID;

-- The board query: a week's people by tokens, highest first, ties by user ID.
CREATE INDEX weekly_tallies_board ON weekly_tallies (week, tokens DESC, user_id);

-- Emails seen in events, and the Slack user each resolved to (one lookup per email).
CREATE TABLE email_identities (
  email TEXT PRIMARY KEY,
  user_id TEXT,
  -- 'pending' until looked up; 'resolved' with a user_id; 'not_found' is retried later
  status TEXT NOT NULL CHECK (status IN ('pending', 'resolved', 'not_found')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX email_identities_due ON email_identities (next_attempt_at) WHERE status != 'resolved';
