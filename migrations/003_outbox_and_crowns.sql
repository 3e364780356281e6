-- Every message for Slack is a row here first (in the same transaction as the change that
-- causes it), then delivered by the outbox sender. dedupe_key makes queueing idempotent:
-- the same badge or crown can be queued once only, however often its cause is replayed.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  -- where it goes: a channel ID, or a user ID to DM (conversations.open first)
  channel TEXT,
  user_id TEXT,
  text TEXT NOT NULL,
  blocks TEXT,
  -- pending → sending (claimed, lease_until set) → sent | failed; an expired lease is a crash
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  slack_ts TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  CHECK (channel IS NOT NULL OR user_id IS NOT NULL)
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- One row per closed week. Its primary key is what makes the crown happen once per week,
-- whatever runs it (cron, CLI, catch-up) and however many at the same time.
CREATE TABLE closed_weeks (
  week TEXT PRIMARY KEY,
  closed_at INTEGER NOT NULL,
  -- #1 of the week, who holds the Token Lord title during the next week; NULL for a quiet week
  token_lord TEXT,
  tokens INTEGER NOT NULL,
  people INTEGER NOT NULL,
  events INTEGER NOT NULL
) WITHOUT ROWID;

-- The final ranking as it stood when the week closed. Late events still change the tallies,
-- never this snapshot.
CREATE TABLE final_rankings (
  week TEXT NOT NULL,
  user_id TEXT NOT NULL,
  rank INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  PRIMARY KEY (week, user_id)
) WITHOUT ROWID;
