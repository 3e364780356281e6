import { afterEach, describe, expect, it } from 'vitest';
import { usageEvent } from '../fixtures/usage-events.js';
import { settableClock } from '../helpers/clocks.js';
import type { FakeSlack, FakeUser } from '../helpers/fake-slack-server.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { winnersPosts } from '../helpers/winners-posts.js';

const HOUR = 3_600_000;
const WINNERS = 'C0WINNERS1';

interface BoundaryCase {
  /** what the instant is, in the zone */
  name: string;
  timestamp: string;
  week: string;
}

/**
 * Instants either side of Monday 00:00 on the weekends the clocks change, written with the zone's
 * own offset and, for some, in UTC. 2026 has an ISO week 53, so the year's end is a boundary too.
 */
const ZONES: Array<{
  zone: string;
  cases: BoundaryCase[];
  /** weeks whose length the change makes 167 or 169 hours */
  weeks: Array<{ key: string; start: string; end: string; hours: number }>;
}> = [
  {
    zone: 'Europe/London',
    cases: [
      { name: 'Sun 22 Mar 23:59:59 GMT', timestamp: '2026-03-22T23:59:59Z', week: '2026-W12' },
      { name: 'Mon 23 Mar 00:00 GMT', timestamp: '2026-03-23T00:00:00Z', week: '2026-W13' },
      { name: 'Sun 29 Mar 00:59:59 GMT, before the change', timestamp: '2026-03-29T00:59:59+00:00', week: '2026-W13' },
      { name: 'Sun 29 Mar 02:00 BST, after the change', timestamp: '2026-03-29T02:00:00+01:00', week: '2026-W13' },
      { name: 'Sun 29 Mar 23:59:59 BST', timestamp: '2026-03-29T23:59:59+01:00', week: '2026-W13' },
      { name: 'Sun 29 Mar 23:59:59.999 BST, in UTC', timestamp: '2026-03-29T22:59:59.999Z', week: '2026-W13' },
      { name: 'Mon 30 Mar 00:00 BST (still Sunday in UTC)', timestamp: '2026-03-30T00:00:00+01:00', week: '2026-W14' },
      { name: 'Mon 30 Mar 00:00 BST, in UTC', timestamp: '2026-03-29T23:00:00.000Z', week: '2026-W14' },
      { name: 'Sun 18 Oct 23:59:59 BST', timestamp: '2026-10-18T23:59:59+01:00', week: '2026-W42' },
      { name: 'Mon 19 Oct 00:00 BST', timestamp: '2026-10-19T00:00:00+01:00', week: '2026-W43' },
      { name: 'Sun 25 Oct 01:30 BST, the first of two', timestamp: '2026-10-25T01:30:00+01:00', week: '2026-W43' },
      { name: 'Sun 25 Oct 01:30 GMT, the second of two', timestamp: '2026-10-25T01:30:00+00:00', week: '2026-W43' },
      { name: 'Sun 25 Oct 23:59:59 GMT', timestamp: '2026-10-25T23:59:59+00:00', week: '2026-W43' },
      { name: 'Mon 26 Oct 00:00 GMT', timestamp: '2026-10-26T00:00:00+00:00', week: '2026-W44' },
      { name: 'Sun 3 Jan 2027 23:59:59 GMT', timestamp: '2027-01-03T23:59:59Z', week: '2026-W53' },
      { name: 'Mon 4 Jan 2027 00:00 GMT', timestamp: '2027-01-04T00:00:00Z', week: '2027-W01' },
    ],
    weeks: [
      { key: '2026-W13', start: '2026-03-23T00:00:00.000Z', end: '2026-03-29T23:00:00.000Z', hours: 167 },
      { key: '2026-W43', start: '2026-10-18T23:00:00.000Z', end: '2026-10-26T00:00:00.000Z', hours: 169 },
    ],
  },
  {
    zone: 'America/New_York',
    cases: [
      { name: 'Sun 1 Mar 23:59:59 EST', timestamp: '2026-03-01T23:59:59-05:00', week: '2026-W09' },
      { name: 'Mon 2 Mar 00:00 EST', timestamp: '2026-03-02T00:00:00-05:00', week: '2026-W10' },
      { name: 'Sun 8 Mar 01:59:59 EST, before the change', timestamp: '2026-03-08T01:59:59-05:00', week: '2026-W10' },
      { name: 'Sun 8 Mar 03:00 EDT, after the change', timestamp: '2026-03-08T03:00:00-04:00', week: '2026-W10' },
      { name: 'Sun 8 Mar 23:59:59 EDT', timestamp: '2026-03-08T23:59:59-04:00', week: '2026-W10' },
      { name: 'Sun 8 Mar 23:59:59 EDT, in UTC (Monday there)', timestamp: '2026-03-09T03:59:59Z', week: '2026-W10' },
      { name: 'Mon 9 Mar 00:00 EDT', timestamp: '2026-03-09T00:00:00-04:00', week: '2026-W11' },
      { name: 'Sun 25 Oct 23:59:59 EDT', timestamp: '2026-10-25T23:59:59-04:00', week: '2026-W43' },
      { name: 'Mon 26 Oct 00:00 EDT', timestamp: '2026-10-26T00:00:00-04:00', week: '2026-W44' },
      { name: 'Sun 1 Nov 01:30 EDT, the first of two', timestamp: '2026-11-01T01:30:00-04:00', week: '2026-W44' },
      { name: 'Sun 1 Nov 01:30 EST, the second of two', timestamp: '2026-11-01T01:30:00-05:00', week: '2026-W44' },
      { name: 'Sun 1 Nov 23:59:59 EST', timestamp: '2026-11-01T23:59:59-05:00', week: '2026-W44' },
      { name: 'Sun 1 Nov 23:59:59 EST, in UTC (Monday there)', timestamp: '2026-11-02T04:59:59Z', week: '2026-W44' },
      { name: 'Mon 2 Nov 00:00 EST', timestamp: '2026-11-02T00:00:00-05:00', week: '2026-W45' },
      { name: 'Mon 2 Nov 00:00 EST, in UTC', timestamp: '2026-11-02T05:00:00Z', week: '2026-W45' },
      { name: 'Sun 3 Jan 2027 23:59:59 EST', timestamp: '2027-01-03T23:59:59-05:00', week: '2026-W53' },
      { name: 'Mon 4 Jan 2027 00:00 EST', timestamp: '2027-01-04T00:00:00-05:00', week: '2027-W01' },
    ],
    weeks: [
      { key: '2026-W10', start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', hours: 167 },
      { key: '2026-W44', start: '2026-10-26T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z', hours: 169 },
    ],
  },
  {
    // Summer time in January, and the ISO year turns over while it is still Sunday in UTC.
    zone: 'Pacific/Auckland',
    cases: [
      { name: 'Sun 3 Jan 2027 23:59:59 NZDT', timestamp: '2027-01-03T23:59:59+13:00', week: '2026-W53' },
      { name: 'Mon 4 Jan 2027 00:00 NZDT, in UTC', timestamp: '2027-01-03T11:00:00Z', week: '2027-W01' },
      { name: 'Sun 5 Apr 2026 02:30 NZDT, the first of two', timestamp: '2026-04-05T02:30:00+13:00', week: '2026-W14' },
      {
        name: 'Sun 5 Apr 2026 02:30 NZST, the second of two',
        timestamp: '2026-04-05T02:30:00+12:00',
        week: '2026-W14',
      },
      { name: 'Mon 6 Apr 2026 00:00 NZST', timestamp: '2026-04-06T00:00:00+12:00', week: '2026-W15' },
    ],
    weeks: [{ key: '2026-W14', start: '2026-03-29T11:00:00.000Z', end: '2026-04-05T12:00:00.000Z', hours: 169 }],
  },
];

describe('weeks across daylight-saving changes', () => {
  const tempDir = useTempDir();
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  for (const { zone, cases, weeks } of ZONES) {
    it(`puts Sunday 23:59:59 and Monday 00:00 in ${zone} in different weeks, by each event's own instant`, async () => {
      // The app's clock is weeks past every event, and in another week than all of them; it keeps
      // raw events forever, so March's are still taken in January.
      running = await startApp(
        tempDir(),
        { WEEK_TIMEZONE: zone, EVENT_RETENTION_WEEKS: '0' },
        settableClock(new Date('2027-01-20T12:00:00Z')),
      );
      const events = cases.map((c, i) => ({
        id: `dst-${i}`,
        user: 'U0CLOCK01',
        input_tokens: 10 ** (i % 6),
        output_tokens: i,
        timestamp: c.timestamp,
      }));
      // Sent one by one and as one batch from another source: the week finder's cache must not leak across.
      for (const event of events) expect((await postUsage(running.url, event)).status).toBe(202);
      const reversed = [...events].reverse();
      expect((await postUsage(running.url, { events: reversed }, { authorization: 'Bearer ide-secret' })).body).toEqual(
        {
          accepted: events.length,
          duplicates: 0,
        },
      );

      const stored = running.core.db
        .prepare('SELECT source, event_id AS id, week FROM usage_events_named ORDER BY source, id')
        .all() as Array<{ source: string; id: string; week: string }>;
      for (const source of ['gateway', 'ide']) {
        const weeksById = Object.fromEntries(stored.filter((s) => s.source === source).map((s) => [s.id, s.week]));
        const named = Object.fromEntries(cases.map((c, i) => [c.name, weeksById[`dst-${i}`]]));
        expect(named).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.week])));
      }

      // Each week's tally is exactly its events, from both sources.
      const expected = new Map<string, { tokens: number; events: number }>();
      cases.forEach((c, i) => {
        const sum = expected.get(c.week) ?? { tokens: 0, events: 0 };
        expected.set(c.week, { tokens: sum.tokens + 2 * (10 ** (i % 6) + i), events: sum.events + 2 });
      });
      const tallies = running.core.db
        .prepare("SELECT week, tokens, events FROM weekly_tallies WHERE user_id = 'U0CLOCK01' ORDER BY week")
        .all();
      expect(tallies).toEqual(
        [...expected].sort(([a], [b]) => a.localeCompare(b)).map(([week, t]) => ({ week, ...t })),
      );

      // The weeks the change shortens or lengthens keep their Monday-midnight boundaries.
      for (const week of weeks) {
        const found = running.core.crowner.weekToClose(week.key);
        expect({ key: found.key, start: found.start.toISOString(), end: found.end.toISOString() }).toEqual({
          key: week.key,
          start: week.start,
          end: week.end,
        });
        expect((found.end.getTime() - found.start.getTime()) / HOUR).toBe(week.hours);
      }
    });
  }

  it('crowns the week that just ended in the zone while it is still Sunday in UTC, once, and three days late too', async () => {
    const clock = settableClock(new Date('2026-03-29T22:58:00Z')); // Sunday 23:58 BST, the end of 2026-W13
    running = await startApp(tempDir(), { WEEK_TIMEZONE: 'Europe/London' }, clock);
    const seeded = await postUsage(running.url, {
      events: [
        { id: 'w13-a', user: 'U0LATE001', input_tokens: 500, output_tokens: 0, timestamp: '2026-03-29T22:59:59Z' },
        { id: 'w13-b', user: 'U0LATE002', input_tokens: 400, output_tokens: 0, timestamp: '2026-03-23T00:00:00Z' },
        { id: 'w12-a', user: 'U0LATE002', input_tokens: 900, output_tokens: 0, timestamp: '2026-03-22T23:59:59Z' },
      ],
    });
    expect(seeded.body).toEqual({ accepted: 3, duplicates: 0 });
    const crowner = running.core.crowner;

    // Sunday 23:30 BST: the week is not over.
    clock.set(new Date('2026-03-29T22:30:00Z'));
    expect(crowner.weekToClose(undefined).key).toBe('2026-W12');
    await expect(crowner.crown('2026-W13')).rejects.toThrow(/2026-W13 is not over yet/);

    // Monday 00:30 BST = Sunday 23:30 UTC: 2026-W13 is over in London.
    clock.set(new Date('2026-03-29T23:30:00Z'));
    const first = await crowner.crown();
    expect(first).toMatchObject({ status: 'crowned', week: { key: '2026-W13' }, tokenLord: 'U0LATE001' });

    // The same crown again (a repeated cron fire), twice at once, and three days late: nothing more.
    expect((await crowner.crown()).status).toBe('already_closed');
    clock.set(new Date('2026-04-02T11:00:00Z')); // Thursday of 2026-W14
    const late = await Promise.all([crowner.crown(), crowner.crown(), crowner.crown('2026-W13')]);
    expect(late.map((result) => [result.status, result.week.key])).toEqual([
      ['already_closed', '2026-W13'],
      ['already_closed', '2026-W13'],
      ['already_closed', '2026-W13'],
    ]);
    expect(running.core.db.prepare('SELECT week, token_lord, tokens FROM closed_weeks').all()).toEqual([
      { week: '2026-W13', token_lord: 'U0LATE001', tokens: 900 },
    ]);
    // W12 was never crowned: only the most recent completed week closes by itself.
    expect(running.core.db.prepare("SELECT COUNT(*) FROM closed_weeks WHERE week = '2026-W12'").pluck().get()).toBe(0);
  });

  it.each([
    // 09:00 on the Monday after the change is 08:00 UTC in London (BST) and 14:00 UTC in New York (EST).
    {
      zone: 'Europe/London',
      week: '2026-W13',
      sunday: '2026-03-29T12:00:00Z',
      before: '2026-03-30T07:59:00Z',
      after: '2026-03-30T08:00:30Z',
    },
    {
      zone: 'America/New_York',
      week: '2026-W44',
      sunday: '2026-11-01T12:00:00Z',
      before: '2026-11-02T13:59:00Z',
      after: '2026-11-02T14:00:30Z',
    },
  ])(
    'catches up a missed reset in $zone only once 09:00 local has passed on the Monday after the change',
    async ({ zone, week, sunday, before, after }) => {
      const clock = settableClock(new Date(sunday));
      const env = { WEEK_TIMEZONE: zone };
      running = await startApp(tempDir(), env, clock);
      const answer = await postUsage(running.url, {
        id: 'sunday',
        user: 'U0LATE001',
        input_tokens: 1000,
        output_tokens: 0,
        timestamp: sunday,
      });
      expect(answer.status).toBe(202);
      await running.stop();

      clock.set(new Date(before));
      running = await startApp(tempDir(), env, clock);
      expect(running.core.db.prepare('SELECT week FROM closed_weeks').pluck().all()).toEqual([]);
      await running.stop();

      clock.set(new Date(after));
      running = await startApp(tempDir(), env, clock);
      expect(running.core.db.prepare('SELECT week FROM closed_weeks').pluck().all()).toEqual([week]);
      await running.stop();

      // Started again the same morning: nothing is closed twice.
      running = await startApp(tempDir(), env, clock);
      expect(running.core.db.prepare('SELECT week FROM closed_weeks').pluck().all()).toEqual([week]);
    },
  );
});

describe('the app clock jumping back and forth between crowns', () => {
  const start = useSlackHarness();
  const PEOPLE: FakeUser[] = ['U0JUMP001', 'U0JUMP002', 'U0JUMP003'].map((id, i) => ({
    id,
    name: `jumper${i + 1}`,
    displayName: `Jumper ${i + 1}`,
  }));

  /** Without a timestamp the event happens at the app's clock. */
  const usage = (id: string, user: string, tokens: number, timestamp?: string) =>
    usageEvent(id, user, tokens, { timestamp });

  /** The week each winners post announces, from its header (or the quiet week's text). */
  function winnersPostWeeks(slack: FakeSlack): string[] {
    // With a podium card the post is the message of files.completeUploadExternal, which has blocks but no text.
    return winnersPosts(slack, WINNERS).map((call) => {
      const text = String(call.args.text ?? textsOf(call.args.blocks)[0]);
      return /(\d{4}-W\d{2})/.exec(text)?.[1] ?? `? ${text}`;
    });
  }

  function tokenLordDmWeeks(slack: FakeSlack): string[] {
    return slack
      .callsTo('chat.postMessage')
      .map((call) => /^👑 You are the Token Lord of (\d{4}-W\d{2})/.exec(String(call.args.text))?.[1])
      .filter((week): week is string => week !== undefined);
  }

  it('never crowns a week twice, and files each event by its own timestamp, or by the clock without one', async () => {
    const clock = settableClock(new Date('2026-11-25T12:00:00Z')); // Wednesday of 2026-W48
    // The rate limiter has its own trouble with a clock that jumps back (see below); it is off here.
    const { slack, running } = await start(PEOPLE, clock, { WINNERS_CHANNEL: WINNERS, INGEST_RATE_LIMIT: '0' });
    const { core } = running;
    const weekOfEvent = (id: string) =>
      core.db.prepare('SELECT week FROM usage_events_named WHERE event_id = ?').pluck().get(id) as string | undefined;
    const occurredAt = (id: string) =>
      core.db.prepare('SELECT occurred_at FROM usage_events_named WHERE event_id = ?').pluck().get(id) as
        | number
        | undefined;
    const crownAndDeliver = async (week?: string) => {
      const result = await core.crowner.crown(week);
      expect(await core.messages.deliverAll(5000)).toBe(true);
      return [result.status, result.week.key];
    };

    const seeded = await postUsage(running.url, {
      events: [
        usage('w46', 'U0JUMP003', 700_000, '2026-11-11T10:00:00Z'),
        usage('w47-1', 'U0JUMP001', 900_000, '2026-11-18T10:00:00Z'),
        usage('w47-2', 'U0JUMP002', 800_000, '2026-11-19T10:00:00Z'),
        usage('now', 'U0JUMP002', 1000),
      ],
    });
    expect(seeded.status).toBe(202);
    expect(weekOfEvent('now')).toBe('2026-W48');
    expect(occurredAt('now')).toBe(clock().getTime());
    expect(await crownAndDeliver()).toEqual(['crowned', '2026-W47']);

    // Back by a week, into 2026-W47 (which is closed): the last completed week is now 2026-W46.
    clock.set(new Date('2026-11-18T12:00:00Z'));
    expect(await crownAndDeliver()).toEqual(['crowned', '2026-W46']);
    expect(await crownAndDeliver()).toEqual(['already_closed', '2026-W46']);
    await expect(core.crowner.crown('2026-W47')).rejects.toThrow(/not over yet/);
    // An event without a timestamp takes the clock's week, even a closed one: it counts, crowns no one.
    expect((await postUsage(running.url, usage('back-now', 'U0JUMP003', 5_000_000))).status).toBe(202);
    expect(weekOfEvent('back-now')).toBe('2026-W47');
    // An event stamped in what is now the future is refused, and lands in no week.
    const ahead = await postUsage(running.url, usage('back-ahead', 'U0JUMP003', 10, '2026-11-24T10:00:00Z'));
    expect(ahead.status).toBe(400);
    expect(weekOfEvent('back-ahead')).toBeUndefined();

    // Forward by two weeks from the start, into 2026-W50: the last completed week is 2026-W49 (quiet).
    clock.set(new Date('2026-12-09T12:00:00Z'));
    expect(await crownAndDeliver()).toEqual(['crowned', '2026-W49']);
    expect(await crownAndDeliver()).toEqual(['already_closed', '2026-W49']);
    // 2026-W48 was skipped by the jump; it can still be closed by name, once.
    expect(await crownAndDeliver('2026-W48')).toEqual(['crowned', '2026-W48']);
    expect(await crownAndDeliver('2026-W48')).toEqual(['already_closed', '2026-W48']);
    expect(await crownAndDeliver('2026-W47')).toEqual(['already_closed', '2026-W47']);
    // Stamped events keep their own week, whatever the clock says.
    expect((await postUsage(running.url, usage('fwd-w47', 'U0JUMP003', 10, '2026-11-20T10:00:00Z'))).status).toBe(202);
    expect((await postUsage(running.url, usage('fwd-now', 'U0JUMP003', 10))).status).toBe(202);
    expect(weekOfEvent('fwd-w47')).toBe('2026-W47');
    expect(weekOfEvent('fwd-now')).toBe('2026-W50');

    // And back again, into 2026-W48: every week it could close is closed already.
    clock.set(new Date('2026-11-26T12:00:00Z'));
    expect(await crownAndDeliver()).toEqual(['already_closed', '2026-W47']);

    const closed = core.db.prepare('SELECT week, token_lord FROM closed_weeks ORDER BY week').all();
    expect(closed).toEqual([
      { week: '2026-W46', token_lord: 'U0JUMP003' },
      { week: '2026-W47', token_lord: 'U0JUMP001' },
      { week: '2026-W48', token_lord: 'U0JUMP002' },
      { week: '2026-W49', token_lord: null },
    ]);
    // The late 5M tokens count in 2026-W47's tallies, but its final ranking and Token Lord stand.
    expect(core.stores.tallies.tallyOf('2026-W47', 'U0JUMP003')?.tokens).toBe(5_000_010);
    const final = core.db.prepare("SELECT user_id FROM final_rankings WHERE week = '2026-W47' ORDER BY rank").pluck();
    expect(final.all()).toEqual(['U0JUMP001', 'U0JUMP002']);

    // One winners post and one Token Lord DM per closed week, never a second.
    expect(winnersPostWeeks(slack).sort()).toEqual(['2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(tokenLordDmWeeks(slack).sort()).toEqual(['2026-W46', '2026-W47', '2026-W48']);
    expect(core.db.prepare("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").pluck().get()).toBe(0);
  });

  it.each([
    { jump: 'a week', backMs: 7 * 24 * HOUR },
    { jump: 'ten seconds (an NTP step)', backMs: 10_000 },
  ])('keeps taking events from a source after the clock jumps back $jump', async ({ backMs }) => {
    const clock = settableClock(new Date('2026-11-25T12:00:00Z'));
    // The default rate limit (1000 requests a second per source) applies.
    const { running } = await start(PEOPLE, clock);
    expect((await postUsage(running.url, usage('before-jump', 'U0JUMP001', 10))).status).toBe(202);
    clock.set(new Date(clock().getTime() - backMs));
    const after = await postUsage(running.url, usage('after-jump', 'U0JUMP001', 10));
    expect(after.body).toEqual({ accepted: 1, duplicates: 0 });
    expect(after.status).toBe(202);
  });
});
