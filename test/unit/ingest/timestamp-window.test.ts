import { describe, expect, it } from 'vitest';
import { createTimestampWindows, timestampProblem } from '../../../src/ingest/timestamp-window.js';

const at = (iso: string) => new Date(iso);

describe('the times an event may have happened at', () => {
  it('takes the window from this week less N weeks to 5 minutes ahead, and refuses either side', () => {
    const window = createTimestampWindows(26, 'UTC')(at('2026-11-25T12:00:00Z'));
    expect(window.earliest?.toISOString()).toBe('2026-05-25T00:00:00.000Z');
    expect(timestampProblem(Date.parse('2026-05-25T00:00:00Z'), window)).toBeUndefined();
    expect(timestampProblem(Date.parse('2026-11-25T12:05:00Z'), window)).toBeUndefined();
    expect(timestampProblem(Date.parse('2026-11-25T12:05:00.001Z'), window)).toMatch(
      /^is more than 5 minutes in the future/,
    );
    expect(timestampProblem(Date.parse('2026-05-24T23:59:59.999Z'), window)).toMatch(
      /^is before 2026-05-25T00:00:00\.000Z: .*EVENT_RETENTION_WEEKS=26.*count twice.*raise EVENT_RETENTION_WEEKS first\.$/,
    );
  });

  it('refuses nothing for its age when raw events are kept forever', () => {
    const window = createTimestampWindows(0, 'UTC')(at('2026-11-25T12:00:00Z'));
    expect(window.earliest).toBeUndefined();
    expect(timestampProblem(0, window)).toBeUndefined();
  });

  it('moves the cutoff when a new week starts in the zone, for a bot running across it', () => {
    const windows = createTimestampWindows(1, 'America/New_York');
    const earliest = (iso: string) => windows(at(iso)).earliest?.toISOString();
    // Sunday 29 November 23:59:59 and Monday 30 November 00:00 in New York (EST, UTC-5).
    expect(earliest('2026-11-30T04:59:59Z')).toBe('2026-11-16T05:00:00.000Z');
    expect(earliest('2026-11-30T05:00:00Z')).toBe('2026-11-23T05:00:00.000Z');
    // A clock stepped back a week takes the earlier cutoff again.
    expect(earliest('2026-11-24T12:00:00Z')).toBe('2026-11-16T05:00:00.000Z');
    expect(windows(at('2026-11-24T12:00:00Z')).now.toISOString()).toBe('2026-11-24T12:00:00.000Z');
  });
});
