-- A file that goes with an outbox message (the podium card): uploaded with Slack's external
-- upload flow and shared with the message's blocks, in the same delivery as the message.
ALTER TABLE outbox ADD COLUMN file_name TEXT;
ALTER TABLE outbox ADD COLUMN file_title TEXT;
ALTER TABLE outbox ADD COLUMN file_bytes BLOB;

-- The larger avatar Slack gives, for the podium card (image_72 is too small to print).
ALTER TABLE slack_profiles ADD COLUMN image_192 TEXT;

-- Avatar pictures fetched from Slack's profile image URLs, so a card drawn again (a share, a
-- retry) does not fetch them again. A new picture has a new URL.
CREATE TABLE avatar_images (
  url TEXT PRIMARY KEY,
  bytes BLOB NOT NULL,
  fetched_at INTEGER NOT NULL
) WITHOUT ROWID;

-- People who asked for the weekly recap DM (`/leaderboard recap on`); off unless listed.
CREATE TABLE recap_subscribers (
  user_id TEXT PRIMARY KEY,
  since INTEGER NOT NULL
) WITHOUT ROWID;

-- Daily tallies also keep input, output and cache tokens, so prices (input, output and cached
-- tokens priced apart) come from the tallies instead of scanning events.
ALTER TABLE daily_tallies ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_tallies ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_tallies ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_tallies ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;

UPDATE daily_tallies SET (input_tokens, output_tokens, cache_read_tokens, cache_write_tokens) = (
  SELECT COALESCE(SUM(e.input_tokens), 0), COALESCE(SUM(e.output_tokens), 0), COALESCE(SUM(e.cache_read_tokens), 0),
    COALESCE(SUM(e.cache_write_tokens), 0)
  FROM usage_events AS e
  WHERE e.user_id = daily_tallies.user_id AND e.day = daily_tallies.day AND e.source = daily_tallies.source
    AND COALESCE(e.model, '') = daily_tallies.model AND e.state = 'counted'
);
