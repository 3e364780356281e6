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

-- Weekly sums per person and model, for the cost estimate and the recap's models: kept in the
-- same transaction as weekly_tallies (an index on usage_events would triple each insert's cost).
-- model is '' for events that name none.
CREATE TABLE weekly_model_usage (
  week TEXT NOT NULL,
  user_id TEXT NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (week, user_id, model)
) WITHOUT ROWID;

INSERT INTO weekly_model_usage
SELECT week, user_id, COALESCE(model, ''), SUM(input_tokens), SUM(output_tokens), COALESCE(SUM(cache_read_tokens), 0),
  COALESCE(SUM(cache_write_tokens), 0), COUNT(*)
FROM usage_events WHERE user_id IS NOT NULL GROUP BY week, user_id, COALESCE(model, '');
