import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { ThroneError } from '../../../src/errors.js';

function configError(env: Record<string, string>): string {
  expect(() => parseConfig(env)).toThrow(ThroneError);
  try {
    parseConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('pull connector settings', () => {
  it('are off by default, with the vendors public API hosts and an hourly sync', () => {
    const { sync } = parseConfig({});
    expect(Object.values(sync.keys).every((key) => key === undefined)).toBe(true);
    expect(sync.urls).toEqual({
      anthropic: 'https://api.anthropic.com',
      cursor: 'https://api.cursor.com',
      openai: 'https://api.openai.com',
    });
    expect(sync.intervalMinutes).toBe(60);
    expect(sync.defersTo.size).toBe(0);
  });

  it('each key turns its connector on; PULL_DEFERS_TO pairs connectors with pushed sources', () => {
    const { sync } = parseConfig({
      ANTHROPIC_ADMIN_KEY: 'sk-ant-admin01-x',
      CURSOR_ADMIN_KEY: 'key_y',
      SYNC_INTERVAL_MINUTES: '90',
      PULL_DEFERS_TO: 'claude-code:claude-otel, claude-code:gateway,openai:gateway',
    });
    expect(sync.keys).toMatchObject({ 'claude-code': 'sk-ant-admin01-x', cursor: 'key_y', openai: undefined });
    expect(sync.intervalMinutes).toBe(90);
    expect(Object.fromEntries(sync.defersTo)).toEqual({
      'claude-code': ['claude-otel', 'gateway'],
      openai: ['gateway'],
    });
  });

  it('refuses bad values with one line naming the setting', () => {
    expect(configError({ SYNC_INTERVAL_MINUTES: '0' })).toBe('SYNC_INTERVAL_MINUTES: expected at least 1 minute');
    expect(configError({ CURSOR_API_URL: 'ftp://x' })).toMatch(/^CURSOR_API_URL: expected an http\(s\) URL/);
    expect(configError({ PULL_DEFERS_TO: 'copilot:gateway' })).toBe(
      'PULL_DEFERS_TO: "copilot:gateway" is not connector:source (connectors: claude-code, claude-enterprise, cursor, openai)',
    );
  });
});
