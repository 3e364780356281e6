import { describe, expect, it } from 'vitest';
import { PURGE_STEP_EVENTS } from '../../src/core/event-purge.js';
import { daysOfWeek } from '../../src/weeks/day-of.js';
import { parseWeek } from '../../src/weeks/parse-week.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { settableClock } from '../helpers/clocks.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { GATEWAY_AUTH, IDE_AUTH, postUsage } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';

const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const CAROL = 'U0CAROL01';
const USERS = [
  { id: ALICE, name: 'alice', displayName: 'Alice Archer' },
  { id: BOB, name: 'bob', displayName: 'Bob Builder' },
  { id: CAROL, name: 'carol', displayName: 'Carol Coder', email: 'carol@example.com' },
];
// Wednesday of 2026-W19; with EVENT_RETENTION_WEEKS=4, a purge in W25 keeps W21 on.
const WEEK_19 = '2026-05-06T12:00:00Z';
const WEEK_24 = '2026-06-10T12:00:00Z';
const WEEK_25 = new Date('2026-06-17T12:00:00Z');
const CUTOFF_DAY = '2026-05-18';

/** Everything the purge must leave exactly as it was. */
function keptForever(db: import('better-sqlite3').Database) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    weekly: all('SELECT * FROM weekly_tallies ORDER BY week, user_id'),
    daily: all('SELECT * FROM daily_tallies ORDER BY user_id, day, source, model'),
    rankings: all('SELECT * FROM final_rankings ORDER BY week, rank'),
    crowns: all('SELECT * FROM closed_weeks ORDER BY week'),
    reviews: all('SELECT * FROM reviews ORDER BY id'),
    audit: all('SELECT * FROM audit_log ORDER BY id'),
  };
}

describe('the retention purge', () => {
  const start = useSlackHarness();

  it('forgets raw events older than the window in small steps and leaves every number people see', async () => {
    const clock = settableClock(new Date(WEEK_19));
    const harness = await start(USERS, clock, {
      EVENT_RETENTION_WEEKS: '4',
      SOURCE_DAILY_CAP: '5000000',
      WINNERS_CHANNEL: 'C0WINNERS1',
    });
    const { url, core } = harness.running;
    const at = (timestamp: string) => ({ timestamp, model: 'claude-sonnet-4-5' });
    // More old events than one purge step examines, so the walk takes several steps.
    for (let batch = 0; batch < 3; batch += 1) {
      const events = Array.from({ length: 1000 }, (_, n) =>
        usageEvent(`w19-${batch}-${n}`, n % 2 ? ALICE : 'carol@example.com', 1000 + n, {
          ...at(WEEK_19),
          cache_read_tokens: 400,
          reasoning_tokens: 30,
        }),
      );
      expect((await postUsage(url, { events })).status).toBe(202);
    }
    // Held for review (over SOURCE_DAILY_CAP): it waits for a decision, whatever its age.
    expect((await postUsage(url, usageEvent('w19-big', BOB, 6_000_000, at(WEEK_19)), IDE_AUTH)).status).toBe(202);
    await core.emailResolver?.runOnce();
    core.fairPlay.correct(
      'void',
      { kind: 'event', source: 'gateway', eventId: 'w19-0-1' },
      { kind: 'cli' },
      'a test loop',
    );
    expect(tallyMismatches(core.db)).toEqual([]);

    clock.set(new Date('2026-05-11T09:00:00Z'));
    expect((await core.crowner.crown('2026-W19')).status).toBe('crowned');
    clock.set(new Date(WEEK_24));
    const recent = [usageEvent('w24-1', ALICE, 700, at(WEEK_24)), usageEvent('w24-2', BOB, 900, at(WEEK_24))];
    expect((await postUsage(url, { events: recent }, GATEWAY_AUTH)).status).toBe(202);

    const week19 = parseWeek('2026-W19', 'UTC');
    if (!week19) throw new Error('2026-W19 is a week');
    expect(await core.messages.deliverAll(10_000)).toBe(true);
    const before = keptForever(core.db);
    const explained = core.fairPlay.explain(ALICE, week19);
    clock.set(WEEK_25);
    const purged = await core.purge.run();

    expect(purged.events).toBe(3000);
    // The badge DMs and the winners post of W19 were delivered; their rows go with the window.
    expect(purged.messages).toBeGreaterThan(0);
    const oldMessages = core.db.prepare('SELECT COUNT(*) FROM outbox WHERE created_at < ?').pluck();
    expect(oldMessages.get(Date.parse(`${CUTOFF_DAY}T00:00:00Z`))).toBe(0);
    expect(PURGE_STEP_EVENTS).toBeLessThan(3000);
    const left = core.db.prepare('SELECT event_id, state FROM usage_events_named ORDER BY event_id').all();
    expect(left).toEqual([
      { event_id: 'w19-big', state: 'held' },
      { event_id: 'w24-1', state: 'counted' },
      { event_id: 'w24-2', state: 'counted' },
    ]);
    expect(keptForever(core.db)).toEqual(before);
    expect(tallyMismatches(core.db, { fromDay: CUTOFF_DAY })).toEqual([]);
    // What people see of the old week comes from tallies: the same board, the same breakdown.
    const after = core.fairPlay.explain(ALICE, week19);
    expect(after.bySource).toEqual(explained.bySource);
    expect(after.byModel).toEqual(explained.byModel);
    expect(after.byDay).toEqual(explained.byDay);
    expect(textsOf(await harness.leaderboard('2026-W19')).join('\n')).toContain('Alice Archer');
    expect(daysOfWeek('2026-W21').first).toBe(CUTOFF_DAY);

    // A retry of a forgotten event would count twice: it is refused, naming its timestamp.
    const retry = await postUsage(url, { events: [usageEvent('w19-0-1', ALICE, 1001, at(WEEK_19))] });
    expect(retry.status).toBe(400);
    expect(retry.body.details).toMatchObject([{ path: 'events.0.timestamp' }]);
    // A second run finds nothing more to forget.
    expect((await core.purge.run()).events).toBe(0);
  });
});
