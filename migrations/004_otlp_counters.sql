-- The last reading of each cumulative OpenTelemetry counter, per source, so that a counter
-- re-exported every minute is credited only by its increase. Times are nanoseconds since the
-- epoch as decimal text (they overflow JavaScript numbers).
CREATE TABLE otlp_counters (
  source TEXT NOT NULL,
  -- hash of the metric name, resource attributes and data-point attributes
  series TEXT NOT NULL,
  -- the counter's start time: a different one means the exporting process restarted
  start_ns TEXT NOT NULL,
  last_ns TEXT NOT NULL,
  last_value REAL NOT NULL,
  PRIMARY KEY (source, series)
) WITHOUT ROWID;
