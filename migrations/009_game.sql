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

-- A person's week by model, for the cost estimate (and the recap's models), without a full scan.
CREATE INDEX usage_events_week_person ON usage_events (week, user_id, model);
