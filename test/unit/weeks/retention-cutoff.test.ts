import { describe, expect, it } from 'vitest';
import { retentionCutoff } from '../../../src/weeks/retention-cutoff.js';
import { weekOf } from '../../../src/weeks/week-of.js';

const iso = (date: Date | undefined) => date?.toISOString();

describe('retentionCutoff', () => {
  it('keeps this week and the N whole weeks before it', () => {
    // Thursday of 2026-W48; W48 starts Monday 23 November.
    const now = new Date('2026-11-26T12:00:00Z');
    expect(iso(retentionCutoff(now, 1, 'UTC'))).toBe('2026-11-16T00:00:00.000Z');
    expect(iso(retentionCutoff(now, 26, 'UTC'))).toBe('2026-05-25T00:00:00.000Z');
    expect(weekOf(retentionCutoff(now, 26, 'UTC') as Date, 'UTC').key).toBe('2026-W22');
  });

  it('is the same all week long: it moves only when a new week starts', () => {
    const monday = retentionCutoff(new Date('2026-11-23T00:00:00Z'), 4, 'UTC');
    const sunday = retentionCutoff(new Date('2026-11-29T23:59:59.999Z'), 4, 'UTC');
    const nextMonday = retentionCutoff(new Date('2026-11-30T00:00:00Z'), 4, 'UTC');
    expect(iso(monday)).toBe('2026-10-26T00:00:00.000Z');
    expect(iso(sunday)).toBe(iso(monday));
    expect(iso(nextMonday)).toBe('2026-11-02T00:00:00.000Z');
  });

  it('is undefined for 0: raw events are kept forever', () => {
    expect(retentionCutoff(new Date('2026-11-26T12:00:00Z'), 0, 'UTC')).toBeUndefined();
  });

  it('is Monday 00:00 in the zone, across a daylight-saving change in between', () => {
    // Europe/Berlin: now in winter time (UTC+1), the cutoff in summer time (UTC+2). Counting
    // 7 × 24 hours back would land at Monday 01:00 local instead.
    const now = new Date('2026-11-26T12:00:00Z');
    expect(iso(retentionCutoff(now, 6, 'Europe/Berlin'))).toBe('2026-10-11T22:00:00.000Z');
    expect(iso(retentionCutoff(now, 5, 'Europe/Berlin'))).toBe('2026-10-18T22:00:00.000Z');
    // The week holding the autumn change (25 October) starts in summer time and ends in winter time.
    expect(iso(retentionCutoff(now, 4, 'Europe/Berlin'))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('America/New_York: a cutoff before the spring change, seen from after it', () => {
    // DST starts Sunday 8 March 2026. Now: Wednesday 18 March (EDT, UTC-4).
    const now = new Date('2026-03-18T16:00:00Z');
    expect(iso(retentionCutoff(now, 1, 'America/New_York'))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(retentionCutoff(now, 2, 'America/New_York'))).toBe('2026-03-02T05:00:00.000Z');
  });

  it('uses the zone to find the current week: Monday 00:30 in Tokyo is still Sunday in UTC', () => {
    const now = new Date('2026-11-29T15:30:00Z');
    expect(iso(retentionCutoff(now, 1, 'Asia/Tokyo'))).toBe('2026-11-22T15:00:00.000Z');
    expect(iso(retentionCutoff(now, 1, 'UTC'))).toBe('2026-11-16T00:00:00.000Z');
  });

  it('crosses the turn of the year and ISO week 53', () => {
    // 2026 has 53 ISO weeks; 2027-W01 starts Monday 4 January 2027.
    const now = new Date('2027-01-06T12:00:00Z');
    expect(weekOf(retentionCutoff(now, 1, 'UTC') as Date, 'UTC').key).toBe('2026-W53');
    expect(weekOf(retentionCutoff(now, 53, 'UTC') as Date, 'UTC').key).toBe('2026-W01');
  });
});
