import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type PulledRow } from '../../../src/connectors/connector.js';
import { firstKeptBucket, placementOf, pulledEvents } from '../../../src/connectors/pulled-events.js';
import { retentionCutoff } from '../../../src/weeks/retention-cutoff.js';
import { weekOf } from '../../../src/weeks/week-of.js';

const MONDAY = Date.parse('2026-11-23T00:00:00Z');
const SUNDAY = MONDAY - DAY_MS;

const row = (overrides: Partial<PulledRow> = {}): PulledRow => ({
  start: MONDAY,
  end: MONDAY + DAY_MS,
  person: 'alice@example.com',
  model: 'claude-sonnet-4-5',
  inputTokens: 100,
  outputTokens: 10,
  cacheReadTokens: 40,
  cacheWriteTokens: 5,
  ...overrides,
});

describe('placing a pulled bucket in a week', () => {
  it.each([
    ['UTC', MONDAY, '2026-W48'],
    ['UTC', SUNDAY, '2026-W47'],
    // West of UTC the day's first hours are Sunday locally; the day still counts on its date, Monday.
    ['America/Los_Angeles', MONDAY, '2026-W48'],
    ['Pacific/Honolulu', MONDAY, '2026-W48'],
    // East of UTC the last hours of the UTC Sunday are Monday locally; Sunday stays in its week.
    ['Asia/Tokyo', SUNDAY, '2026-W47'],
    ['Pacific/Auckland', SUNDAY, '2026-W47'],
  ])('a whole UTC day in %s counts in the week of its date', (zone, day, week) => {
    expect(weekOf(new Date(placementOf({ start: day, end: day + DAY_MS }, zone)), zone).key).toBe(week);
  });

  it('an hour counts at its start, so it lands in the week it happened in', () => {
    const lateSundayInNewYork = MONDAY + 3 * HOUR_MS;
    const placed = placementOf({ start: lateSundayInNewYork, end: lateSundayInNewYork + HOUR_MS }, 'America/New_York');
    expect(placed).toBe(lateSundayInNewYork);
    expect(weekOf(new Date(placed), 'America/New_York').key).toBe('2026-W47');
  });
});

describe('pulled rows as events', () => {
  it('sums rows of the same bucket, person and model (one per terminal) into one event', () => {
    const events = pulledEvents(
      [row(), row({ inputTokens: 1, outputTokens: 2, cacheReadTokens: null }), row({ model: 'claude-opus-4-1' })],
      'UTC',
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      id: '2026-11-23T00:00:00.000Z|alice@example.com|claude-sonnet-4-5',
      userRef: 'alice@example.com',
      inputTokens: 101,
      outputTokens: 12,
      cacheReadTokens: 40,
      cacheWriteTokens: 10,
    });
  });

  it('gives every event an id that starts with its bucket, so a window is an id range', () => {
    const [event] = pulledEvents([row({ start: MONDAY + 5 * HOUR_MS, end: MONDAY + 6 * HOUR_MS })], 'UTC');
    const id = event?.id ?? '';
    expect(id >= new Date(MONDAY).toISOString() && id < new Date(MONDAY + DAY_MS).toISOString()).toBe(true);
  });
});

describe('the first bucket kept under a retention cutoff', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Monday 23 November 2026, 00:00 in `zone`: the cutoff of a bot keeping one week, on 1 December. */
  const cutoffIn = (zone: string) => (retentionCutoff(new Date('2026-12-01T12:00:00Z'), 1, zone) as Date).getTime();

  it('is the cutoff itself where it falls on the bucket grid (UTC)', () => {
    expect(firstKeptBucket(cutoffIn('UTC'), DAY_MS, 'UTC')).toBe(MONDAY);
    expect(firstKeptBucket(cutoffIn('UTC'), HOUR_MS, 'UTC')).toBe(MONDAY);
  });

  it('west of UTC: the UTC Monday counts on Monday, so it is kept; hours from local midnight on', () => {
    const cutoff = cutoffIn('America/New_York');
    expect(iso(cutoff)).toBe('2026-11-23T05:00:00.000Z');
    expect(iso(firstKeptBucket(cutoff, DAY_MS, 'America/New_York'))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(firstKeptBucket(cutoff, HOUR_MS, 'America/New_York'))).toBe('2026-11-23T05:00:00.000Z');
  });

  it('east of UTC: the UTC Sunday counts on Sunday, so it is not; hours from local midnight on', () => {
    const cutoff = cutoffIn('Asia/Tokyo');
    expect(iso(cutoff)).toBe('2026-11-22T15:00:00.000Z');
    expect(iso(firstKeptBucket(cutoff, DAY_MS, 'Asia/Tokyo'))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(firstKeptBucket(cutoff, HOUR_MS, 'Asia/Tokyo'))).toBe('2026-11-22T15:00:00.000Z');
  });

  it('a zone off the hour: the hour the cutoff falls in counts before it, so the next one is first', () => {
    // India is UTC+05:30: Monday 00:00 there is Sunday 18:30 UTC.
    const cutoff = cutoffIn('Asia/Kolkata');
    expect(iso(cutoff)).toBe('2026-11-22T18:30:00.000Z');
    expect(iso(firstKeptBucket(cutoff, HOUR_MS, 'Asia/Kolkata'))).toBe('2026-11-22T19:00:00.000Z');
  });

  it.each(['UTC', 'America/New_York', 'Pacific/Honolulu', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Asia/Kolkata'])(
    'in %s, every bucket from it on counts at or after the cutoff, and the one before it counts before',
    (zone) => {
      const cutoff = cutoffIn(zone);
      for (const bucketMs of [HOUR_MS, DAY_MS]) {
        const first = firstKeptBucket(cutoff, bucketMs, zone);
        expect(placementOf({ start: first, end: first + bucketMs }, zone)).toBeGreaterThanOrEqual(cutoff);
        expect(placementOf({ start: first - bucketMs, end: first }, zone)).toBeLessThan(cutoff);
      }
    },
  );
});
