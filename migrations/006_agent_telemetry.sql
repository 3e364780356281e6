-- Coding agents often know their user only by an anonymous id (Claude Code's device hash,
-- Gemini CLI's installation id). Their usage is stored with user_ref 'anon:<attribute>=<id>' and
-- no user_id, listed for the operator, who maps each (source, anonymous id) to a person once:
-- the past events move to that person, and later ones arrive already mapped.
CREATE TABLE anonymous_people (
  source TEXT NOT NULL,
  -- the user_ref the events carried, e.g. 'anon:user.id=4f2a…'
  anonymous_ref TEXT NOT NULL,
  -- a Slack user ID or a lower-cased email
  person TEXT NOT NULL,
  mapped_at INTEGER NOT NULL,
  PRIMARY KEY (source, anonymous_ref)
) WITHOUT ROWID;

-- Per source, coding agent and person: since when per-request token events (log records such as
-- claude_code.api_request) have arrived. From then on, the same agent's aggregate token metrics
-- for that person add nothing, so usage reported through both signals counts once.
CREATE TABLE telemetry_request_scopes (
  source TEXT NOT NULL,
  agent TEXT NOT NULL,
  user_ref TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  PRIMARY KEY (source, agent, user_ref)
) WITHOUT ROWID;

-- The coding agents' aggregate usage that was credited (metric points), so that when a person's
-- per-request events start arriving, aggregates that already counted the same requests (a metric
-- export that got in before the first events) can be taken back.
CREATE TABLE telemetry_aggregate_events (
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  agent TEXT NOT NULL,
  user_ref TEXT NOT NULL,
  PRIMARY KEY (source, event_id)
) WITHOUT ROWID;

CREATE INDEX telemetry_aggregate_events_scope ON telemetry_aggregate_events (source, agent, user_ref);
