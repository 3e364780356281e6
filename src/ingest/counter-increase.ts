/** A reading of a cumulative counter. Times are nanoseconds since the epoch, as decimal text. */
export interface CounterReading {
  series: string;
  startNs: string;
  timeNs: string;
  value: number;
}

export interface CounterState {
  startNs: string;
  lastNs: string;
  lastValue: number;
}

/**
 * What a cumulative reading adds: the increase since the last reading of the same series.
 * A first reading, or one with a new start time (the exporter restarted), counts in full; so
 * does a value below the last one (a reset without a new start). A reading not newer than the
 * last is a retry or arrived out of order: it adds nothing (`undefined`).
 * A first reading of a series that started before `keptSinceNs` (the retention cutoff) adds
 * nothing and becomes the baseline: its state may have been purged after its total so far was
 * counted, and usage from before the window is not taken anyway.
 * @example increaseSince({ startNs: '1', lastNs: '60', lastValue: 100 }, { series: 's', startNs: '1', timeNs: '120', value: 130 }) //=> 30
 */
export function increaseSince(
  state: CounterState | undefined,
  reading: CounterReading,
  keptSinceNs?: bigint,
): number | undefined {
  if (!state && keptSinceNs !== undefined && BigInt(reading.startNs) < keptSinceNs) return 0;
  if (!state || state.startNs !== reading.startNs) return reading.value;
  if (BigInt(reading.timeNs) <= BigInt(state.lastNs)) return undefined;
  return reading.value >= state.lastValue ? reading.value - state.lastValue : reading.value;
}
