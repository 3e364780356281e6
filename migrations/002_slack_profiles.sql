-- Names and avatars from users.info, so a board render reads them here instead of asking
-- Slack once per row. fetched_at (ms) drives the refresh after the cache's time to live.
CREATE TABLE slack_profiles (
  user_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  image_48 TEXT,
  image_72 TEXT,
  fetched_at INTEGER NOT NULL
) WITHOUT ROWID;
