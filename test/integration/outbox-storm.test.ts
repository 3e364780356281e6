import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { tickingClockFrom } from '../helpers/clocks.js';
import { type FakeSlack, type FakeUser, type RecordedCall, startFakeSlack } from '../helpers/fake-slack-server.js';
import { SIGNING_SECRET, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const START = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const PEOPLE: FakeUser[] = Array.from({ length: 10 }, (_, i) => ({
  id: `U0STORM${String(i).padStart(2, '0')}`,
  name: `storm${i}`,
  displayName: `Storm ${i}`,
}));
// Each 429 pauses chat.postMessage for its Retry-After (1 s here), so the storm is three in a row.
const RATE_LIMITED_POSTS = 3;

/** One event per person, each crossing the 50K badge: ten badge DMs queued in one transaction. */
const crossing = (tag: string) => ({
  events: PEOPLE.map((person, i) => usageEvent(`${tag}-${i}`, person.id, 55_000 + i, { output_tokens: 5_000 })),
});

interface OutboxRow {
  user_id: string;
  kind: string;
  status: string;
  slack_ts: string | null;
  attempts: number;
}

function outboxRows(running: RunningApp): OutboxRow[] {
  return running.core.db
    .prepare('SELECT user_id, kind, status, slack_ts, attempts FROM outbox ORDER BY user_id')
    .all() as OutboxRow[];
}

/** The fake answers failures first, in order: every postMessage after the rate-limited ones succeeded. */
function successfulPosts(slack: FakeSlack): RecordedCall[] {
  return slack.callsTo('chat.postMessage').slice(RATE_LIMITED_POSTS);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Exactly one delivered DM per person, one sent outbox row each, with Slack's ts, and nothing waiting. */
function expectEachPersonDmedOnce(slack: FakeSlack, running: RunningApp) {
  const perChannel = countBy(successfulPosts(slack), (call) => String(call.args.channel));
  expect(perChannel).toEqual(Object.fromEntries(PEOPLE.map((person) => [person.id, 1])));
  for (const call of successfulPosts(slack)) expect(String(call.args.text)).toMatch(/Prompt Apprentice/);
  expect(running.core.stores.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: PEOPLE.length, failed: 0 });
  const rows = outboxRows(running);
  expect(rows.map((row) => [row.user_id, row.kind, row.status])).toEqual(
    PEOPLE.map((person) => [person.id, 'badge_dm', 'sent']),
  );
  const timestamps = rows.map((row) => row.slack_ts);
  expect(timestamps.every((ts) => typeof ts === 'string' && /^\d+\.\d{6}$/.test(ts))).toBe(true);
  expect(new Set(timestamps).size).toBe(PEOPLE.length);
}

/** Every message confirmed by Slack and none claimed or due: no later poll of the sender can post again. */
function expectNothingLeftToSend(running: RunningApp) {
  expect(running.core.stores.outbox.counts()).toMatchObject({ pending: 0, sending: 0, failed: 0, sent: PEOPLE.length });
  expect(running.core.stores.outbox.nextPendingAt()).toBeUndefined();
}

/** Every retry of a DM waited out the Retry-After: attempts at one channel are at least ~1 s apart. */
function expectRetryAfterHonoured(slack: FakeSlack) {
  const attemptsByChannel = new Map<string, number[]>();
  for (const call of slack.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    attemptsByChannel.set(channel, [...(attemptsByChannel.get(channel) ?? []), call.at]);
  }
  for (const [channel, times] of attemptsByChannel) {
    for (let i = 1; i < times.length; i += 1) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      expect(gap, `retry of ${channel} after ${gap} ms`).toBeGreaterThanOrEqual(900);
    }
  }
}

describe('a storm of 429s from Slack', () => {
  const start = useSlackHarness();

  it('delays the badge DMs but delivers each exactly once, however often delivery is triggered', async () => {
    const { slack, running } = await start(PEOPLE, tickingClockFrom(START));
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, RATE_LIMITED_POSTS);
    const startedAt = Date.now();
    expect((await postUsage(running.url, crossing('storm'))).body).toEqual({ accepted: 10, duplicates: 0 });
    expect(running.core.stores.outbox.counts().sent).toBe(0);

    // Hammer the sender from outside as well: concurrent triggers must share one run, never double a message.
    const hammer = setInterval(() => void running.core.messages.deliverDue(), 15);
    try {
      await slack.waitFor(() => running.core.stores.outbox.counts().sent === PEOPLE.length, 12_000);
    } finally {
      clearInterval(hammer);
    }
    const deliveredAfterMs = Date.now() - startedAt;
    // Extra runs share or follow the one in progress; once they end, nothing is left that could go out again.
    await Promise.all(Array.from({ length: 5 }, () => running.core.messages.deliverDue()));
    expectNothingLeftToSend(running);

    expect(slack.callsTo('chat.postMessage')).toHaveLength(RATE_LIMITED_POSTS + PEOPLE.length);
    expectEachPersonDmedOnce(slack, running);
    expectRetryAfterHonoured(slack);
    // Three 429s in a row: sending waited out each Retry-After before the next call.
    expect(deliveredAfterMs).toBeGreaterThanOrEqual(RATE_LIMITED_POSTS * 1000);
    const posts = slack.callsTo('chat.postMessage');
    for (let i = 1; i <= RATE_LIMITED_POSTS; i += 1) {
      expect((posts[i]?.at ?? 0) - (posts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    }
    const rows = outboxRows(running);
    expect(rows.reduce((sum, row) => sum + row.attempts, 0)).toBeGreaterThanOrEqual(PEOPLE.length);
    expect(running.logs.filter((line) => /rate limited \(Retry-After 1s\)/.test(line)).length).toBe(RATE_LIMITED_POSTS);
    expect(running.logs.join('\n')).not.toMatch(/cannot be delivered/);

    // A resend of the same events changes no tally, so it queues nothing new.
    expect((await postUsage(running.url, crossing('storm'))).body).toEqual({ accepted: 0, duplicates: 10 });
    await running.core.messages.deliverDue();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(RATE_LIMITED_POSTS + PEOPLE.length);
  });
});

describe('a storm of 429s across a restart', () => {
  const tempDir = useTempDir();

  it('loses and doubles nothing when the bot is stopped mid-storm and started again', async () => {
    const slack = await startFakeSlack({ users: PEOPLE });
    // One clock for both processes: the restarted bot must not see time run backwards.
    const clock: Clock = tickingClockFrom(START);
    const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
    let running: RunningApp | undefined;
    try {
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, RATE_LIMITED_POSTS);
      running = await startApp(tempDir(), env, clock);
      expect((await postUsage(running.url, crossing('restart'))).body).toEqual({ accepted: 10, duplicates: 0 });
      // Stop in the middle of the storm: a message has met a 429 and waits a second before its retry.
      await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= 1, 8000);
      await running.stop();
      running = undefined;
      expect(slack.callsTo('chat.postMessage').length).toBeLessThanOrEqual(RATE_LIMITED_POSTS);

      running = await startApp(tempDir(), env, clock);
      // Nothing is lost between the two processes: ten messages waiting, none sent, none failed.
      expect(running.core.stores.outbox.counts()).toMatchObject({ sent: 0, failed: 0 });
      expect(outboxRows(running)).toHaveLength(PEOPLE.length);
      const restarted = running;
      await slack.waitFor(() => restarted.core.stores.outbox.counts().sent === PEOPLE.length, 12_000);
      await restarted.core.messages.deliverDue();
      expectNothingLeftToSend(restarted);

      expect(slack.callsTo('chat.postMessage')).toHaveLength(RATE_LIMITED_POSTS + PEOPLE.length);
      expectEachPersonDmedOnce(slack, restarted);
      expectRetryAfterHonoured(slack);
    } finally {
      await running?.stop();
      await slack.close();
    }
  });
});
