import type { CounterReading, CounterState } from '../ingest/counter-increase.js';
import type { Db } from './open-database.js';

/** The last reading of each cumulative OpenTelemetry counter. */
export function createOtlpCountersStore(db: Db) {
  const get = db.prepare<{ source: string; series: string }, CounterState>(
    'SELECT start_ns AS startNs, last_ns AS lastNs, last_value AS lastValue FROM otlp_counters WHERE source = @source AND series = @series',
  );
  const save = db.prepare<{ source: string; series: string; startNs: string; timeNs: string; value: number }>(`
    INSERT INTO otlp_counters (source, series, start_ns, last_ns, last_value)
    VALUES (@source, @series, @startNs, @timeNs, @value)
    ON CONFLICT (source, series) DO UPDATE SET
      start_ns = excluded.start_ns, last_ns = excluded.last_ns, last_value = excluded.last_value`);
  return {
    stateOf: (source: string, series: string): CounterState | undefined => get.get({ source, series }),
    /** Records a reading as the series' latest. Call in the transaction that credits it. */
    save: (source: string, reading: CounterReading): void => {
      save.run({ source, ...reading });
    },
  };
}

export type OtlpCountersStore = ReturnType<typeof createOtlpCountersStore>;
