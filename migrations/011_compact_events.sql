-- Years of events on one small disk: each event row is cut to what it must hold.
-- * Keyed by (source, event id) without a rowid: the key is the table, no separate unique index.
-- * Sources and models are interned: a row holds a small number instead of the name.
-- * user_ref is NULL when it is the user_id itself (a Slack user ID, or an email in local mode).
-- * The day is a number (days since 1970-01-01) and the week is not stored: both come from the
--   calendar day in WEEK_TIMEZONE, and the ISO week of that day is the week.
-- * state is a number: 0 counted (costs no byte in SQLite's record format), 1 held, 2 voided.
-- * No index on occurred_at: the retention purge walks the key, and the connectors read days from
--   the daily tallies.
-- The view usage_events_named shows the rows with their names and day and week keys, for people
-- reading the database.

CREATE TABLE event_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE event_models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO event_sources (name) SELECT DISTINCT source FROM usage_events ORDER BY source;
INSERT INTO event_models (name) SELECT DISTINCT model FROM usage_events WHERE model IS NOT NULL ORDER BY model;

CREATE TABLE compact_usage_events (
  source_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  -- the person as the event named them, when that is not user_id: an email, an anonymous id
  user_ref TEXT,
  -- the Slack user the event counts for; NULL while an email or anonymous id is not resolved yet
  user_id TEXT,
  model_id INTEGER,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  reasoning_tokens INTEGER,
  -- milliseconds since the epoch (UTC)
  occurred_at INTEGER NOT NULL,
  -- the calendar day in WEEK_TIMEZONE, as days since 1970-01-01
  day INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
  review_id INTEGER REFERENCES reviews (id),
  duplicates INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source_id, event_id),
  CHECK (user_ref IS NOT NULL OR user_id IS NOT NULL)
) WITHOUT ROWID;

-- Rows stored before migration 008 carry their UTC day, which can fall one day outside the week
-- they were counted in (the week came from WEEK_TIMEZONE): such a day moves one day into its week.
INSERT INTO compact_usage_events
  SELECT s.id, e.event_id, NULLIF(e.user_ref, e.user_id), e.user_id, m.id, e.input_tokens, e.output_tokens,
    e.cache_read_tokens, e.cache_write_tokens, e.reasoning_tokens, e.occurred_at,
    CAST(unixepoch(e.day) / 86400 AS INTEGER) + CASE
      WHEN strftime('%G-W%V', e.day) < e.week THEN 1
      WHEN strftime('%G-W%V', e.day) > e.week THEN -1
      ELSE 0 END,
    e.received_at, CASE e.state WHEN 'counted' THEN 0 WHEN 'held' THEN 1 ELSE 2 END, e.review_id, e.duplicates
  FROM usage_events AS e
  JOIN event_sources AS s ON s.name = e.source
  LEFT JOIN event_models AS m ON m.name = e.model;

DROP TABLE usage_events;
ALTER TABLE compact_usage_events RENAME TO usage_events;

-- Finds the events waiting for an email or an anonymous id to resolve, and nothing else.
CREATE INDEX usage_events_unresolved ON usage_events (user_ref) WHERE user_id IS NULL;
-- Only the unusual rows of a person's days (held, voided, or retried): "explain my number" reads
-- them here, and every ordinary insert pays for no extra index.
CREATE INDEX usage_events_unusual ON usage_events (user_id, day) WHERE state != 0 OR duplicates > 0;
CREATE INDEX usage_events_review ON usage_events (review_id) WHERE review_id IS NOT NULL;

CREATE VIEW usage_events_named AS
  SELECT s.name AS source, e.event_id, COALESCE(e.user_ref, e.user_id) AS user_ref, e.user_id, m.name AS model,
    e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens, e.reasoning_tokens, e.occurred_at,
    strftime('%G-W%V', e.day * 86400, 'unixepoch') AS week, date(e.day * 86400, 'unixepoch') AS day, e.received_at,
    CASE e.state WHEN 0 THEN 'counted' WHEN 1 THEN 'held' ELSE 'voided' END AS state, e.review_id, e.duplicates
  FROM usage_events AS e
  JOIN event_sources AS s ON s.id = e.source_id
  LEFT JOIN event_models AS m ON m.id = e.model_id;

-- The daily tallies are the rollups: counted usage per person, day, source and model, kept with
-- the weekly tallies in the same transactions and kept forever, so history, exports and "explain
-- my number" never read raw events. Reasoning tokens join them; they are rebuilt from the events
-- (equal to them by construction), which also puts the old rows' days where the events now are.
ALTER TABLE daily_tallies ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
DELETE FROM daily_tallies;
INSERT INTO daily_tallies (user_id, day, source, model, tokens, events, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens)
  SELECT user_id, day, source, COALESCE(model, ''), SUM(input_tokens + output_tokens), COUNT(*), SUM(input_tokens),
    SUM(output_tokens), COALESCE(SUM(cache_read_tokens), 0), COALESCE(SUM(cache_write_tokens), 0),
    COALESCE(SUM(reasoning_tokens), 0)
  FROM usage_events_named WHERE user_id IS NOT NULL AND state = 'counted'
  GROUP BY user_id, day, source, COALESCE(model, '');

-- Reviews still waiting for a decision: ingestion reads them once per batch, not once per person.
CREATE INDEX reviews_pending ON reviews (user_id, day, source) WHERE status = 'pending';
