import { TZDate } from '@date-fns/tz';
import type { UsageEvent } from '../ingest/usage-event.js';
import { DAY_MS, type PulledRow } from './connector.js';

/**
 * The instant a bucket counts at. An hour counts at its start. A whole UTC day counts at noon of
 * the same calendar date in the week's zone, so a UTC day always lands in the week holding that
 * date there (its start, 00:00 UTC, would fall on the previous local day west of UTC).
 */
export function placementOf(row: Pick<PulledRow, 'start' | 'end'>, zone: string): number {
  if (row.end - row.start < DAY_MS) return row.start;
  const day = new Date(row.start);
  return new TZDate(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12, zone).getTime();
}

/**
 * Where the buckets kept under a retention cutoff start: the first bucket (of `bucketMs`, on the
 * UTC grid) that counts at or after `cutoff`. Buckets before it are neither read nor replaced, so
 * what is stored of older weeks stays as it is.
 */
export function firstKeptBucket(cutoff: number, bucketMs: number, zone: string): number {
  // A day counts within a day of its start, so two buckets back always counts before the cutoff.
  let start = cutoff - (cutoff % bucketMs) - 2 * bucketMs;
  while (placementOf({ start, end: start + bucketMs }, zone) < cutoff) start += bucketMs;
  return start;
}

const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * A window's rows as events: one per (bucket, person, model), summed when the vendor sent several
 * (say, one per terminal), with an id that starts with the bucket's start so the window is an id range.
 */
export function pulledEvents(rows: PulledRow[], zone: string): UsageEvent[] {
  const events = new Map<string, UsageEvent>();
  for (const row of rows) {
    const id = `${new Date(row.start).toISOString()}|${row.person}|${row.model ?? ''}`;
    const seen = events.get(id);
    if (seen) {
      seen.inputTokens += row.inputTokens;
      seen.outputTokens += row.outputTokens;
      seen.cacheReadTokens = add(seen.cacheReadTokens, row.cacheReadTokens);
      seen.cacheWriteTokens = add(seen.cacheWriteTokens, row.cacheWriteTokens);
      continue;
    }
    events.set(id, {
      id,
      userRef: row.person,
      model: row.model,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWriteTokens,
      reasoningTokens: null,
      occurredAt: placementOf(row, zone),
    });
  }
  return [...events.values()];
}
