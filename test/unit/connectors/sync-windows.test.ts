import { describe, expect, it } from 'vitest';
import { claudeCodeConnector } from '../../../src/connectors/claude-code.js';
import { DAY_MS } from '../../../src/connectors/connector.js';
import { syncStart, windowsToSync } from '../../../src/core/sync-connector.js';

const NOW = Date.parse('2026-11-26T10:30:00Z');

describe('what a sync reads', () => {
  it('whole UTC days from the start up to the one holding now', () => {
    const windows = windowsToSync(Date.parse('2026-11-24T17:00:00Z'), NOW);
    expect(windows.map((window) => window.start.toISOString())).toEqual([
      '2026-11-24T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ]);
    expect(windows.at(-1)?.end.toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });

  it('windows of several days for vendors with a tight request budget', () => {
    const windows = windowsToSync(NOW - 10 * DAY_MS, NOW, 7);
    expect(windows.map((window) => [window.start.toISOString(), window.end.toISOString()])).toEqual([
      ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
      ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ]);
  });

  it('starts at --since, else the watermark less the trailing window, else last week', () => {
    const connector = claudeCodeConnector('unused');
    const now = new Date(NOW);
    expect(syncStart(connector, NOW - DAY_MS, now, 'UTC', new Date('2026-11-01T00:00:00Z'))).toBe(
      Date.parse('2026-11-01T00:00:00Z'),
    );
    expect(syncStart(connector, NOW - DAY_MS, now, 'UTC')).toBe(NOW - DAY_MS - connector.trailingMs);
    expect(new Date(syncStart(connector, null, now, 'UTC')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });
});
