import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { ThroneError } from '../../src/errors.js';

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ThroneError);
    expect((error as ThroneError).code).toBe('bad_config');
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('parseConfig', () => {
  it('starts in local mode with the spec defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.slack.mode).toBe('local');
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe('./data/throne.db');
    expect(config.weekTimeZone).toBe('UTC');
    expect(config.resetCron).toBe('0 9 * * 1');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.ingestKeys.size).toBe(0);
  });

  it('treats empty values as unset, so a copied .env.example runs', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: '', PORT: '', INGEST_KEYS: '' }).slack.mode).toBe('local');
  });

  it('reads ingestion keys and Slack modes', () => {
    const http = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      INGEST_KEYS: 'gateway:abc, ide:def',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(http.slack.mode).toBe('http');
    expect(http.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect([...http.ingestKeys]).toEqual([
      ['gateway', 'abc'],
      ['ide', 'def'],
    ]);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: expected a whole number from 0 to 65535$/],
    [{ PORT: '70000' }, /^PORT: /],
    [{ WEEK_TIMEZONE: 'Mars/Olympus' }, /^WEEK_TIMEZONE: "Mars\/Olympus" is not an IANA time zone$/],
    [{ INGEST_KEYS: 'gateway' }, /^INGEST_KEYS: pair 1 is not source:secret/],
    [{ INGEST_KEYS: 'a:x,a:y' }, /^INGEST_KEYS: source "a" is listed twice$/],
    [{ INGEST_KEYS: 'a:x,b:x' }, /^INGEST_KEYS: source "b" reuses another source's secret$/],
    [{ RESET_CRON: 'every monday' }, /^RESET_CRON: "every monday" is not a valid cron expression$/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/],
    [{ SLACK_API_URL: 'not a url' }, /^SLACK_API_URL: expected an http\(s\) URL/],
    [{ WINNERS_CHANNEL: '#general' }, /^WINNERS_CHANNEL: expected a channel ID/],
    [{ LEADERBOARD_OPT_IN: 'yes' }, /^LEADERBOARD_OPT_IN: expected true or false$/],
    [{ ADMIN_USERS: 'U0ADMIN01,alice' }, /^ADMIN_USERS: "alice" is not a Slack user ID such as U024BE7LH$/],
    [{ REVIEW_CHANNEL: '#reviews' }, /^REVIEW_CHANNEL: expected a channel ID/],
    [{ SOURCE_DAILY_CAP: '5M' }, /^SOURCE_DAILY_CAP: expected a whole number of tokens per person, source and day/],
    [{ ANOMALY_MULTIPLIER: 'ten' }, /^ANOMALY_MULTIPLIER: expected a number such as 10/],
    [{ ANOMALY_HISTORY_DAYS: '0' }, /^ANOMALY_HISTORY_DAYS: /],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(configError(env)).toMatch(message);
  });

  it('reads the fair-play settings, with the documented defaults', () => {
    const defaults = parseConfig({});
    expect(defaults).toMatchObject({ optIn: false, reviewChannel: undefined });
    expect(defaults.adminUsers.size).toBe(0);
    expect(defaults.anomaly).toEqual({
      sourceDailyCap: 0,
      multiplier: 10,
      floorTokens: 1_000_000,
      historyDays: 28,
      minActiveDays: 5,
      orgMinDays: 20,
    });
    const set = parseConfig({
      LEADERBOARD_OPT_IN: 'true',
      ADMIN_USERS: ' U0ADMIN01, W0ADMIN02 ',
      REVIEW_CHANNEL: 'C0REVIEW1',
      SOURCE_DAILY_CAP: '5000000',
      ANOMALY_MULTIPLIER: '7.5',
    });
    expect(set).toMatchObject({ optIn: true, reviewChannel: 'C0REVIEW1' });
    expect([...set.adminUsers]).toEqual(['U0ADMIN01', 'W0ADMIN02']);
    expect(set.anomaly).toMatchObject({ sourceDailyCap: 5_000_000, multiplier: 7.5 });
  });

  it('keeps 26 weeks of raw events by default; 0 keeps them forever', () => {
    expect(parseConfig({}).eventRetentionWeeks).toBe(26);
    expect(parseConfig({ EVENT_RETENTION_WEEKS: '52' }).eventRetentionWeeks).toBe(52);
    expect(parseConfig({ EVENT_RETENTION_WEEKS: '0' }).eventRetentionWeeks).toBe(0);
  });

  it.each([
    [
      'six months',
      /^EVENT_RETENTION_WEEKS: expected a whole number of weeks, such as 26 \(0 keeps raw events forever\)$/,
    ],
    ['-1', /^EVENT_RETENTION_WEEKS: expected a whole number of weeks/],
    ['2.5', /^EVENT_RETENTION_WEEKS: expected a whole number of weeks/],
    ['100000', /^EVENT_RETENTION_WEEKS: expected at most 5200 weeks \(0 keeps raw events forever\)$/],
  ])('refuses EVENT_RETENTION_WEEKS=%s with one line naming it', (value, message) => {
    expect(configError({ EVENT_RETENTION_WEEKS: value })).toMatch(message);
  });

  it('never echoes a malformed ingestion key, which may be a secret', () => {
    expect(configError({ INGEST_KEYS: 'supersecretvalue' })).not.toContain('supersecretvalue');
  });
});
