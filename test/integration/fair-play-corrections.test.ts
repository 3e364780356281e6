import { describe, expect, it } from 'vitest';
import { tickingClockFrom } from '../helpers/clocks.js';
import type { FakeUser } from '../helpers/fake-slack-server.js';
import { runCli } from '../helpers/run-cli.js';
import { type SlackHarness, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { IDE_AUTH, postUsage } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';

const WINNERS = 'C0WINNERS1';
const ADMIN = 'U0ADMIN01';
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const USERS: FakeUser[] = [
  { id: ADMIN, name: 'admin', displayName: 'Ada Admin' },
  { id: ALICE, name: 'alice', displayName: 'Alice Archer' },
  { id: BOB, name: 'bob', displayName: 'Bob Builder' },
];
const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');

const usage = (id: string, user: string, tokens: number, timestamp: string) => ({
  id,
  user,
  input_tokens: tokens,
  output_tokens: 0,
  timestamp,
});

function expectExact(harness: SlackHarness) {
  // Weekly and daily tallies: the anomaly rule's history must be exact too.
  expect(tallyMismatches(harness.running.core.db)).toEqual([]);
}

describe('corrections', () => {
  const start = useSlackHarness();

  async function seeded() {
    const harness = await start(USERS, tickingClockFrom(WEDNESDAY_W48), {
      ADMIN_USERS: ` ${ADMIN} `,
      WINNERS_CHANNEL: WINNERS,
    });
    const url = harness.running.url;
    expect(
      (
        await postUsage(url, {
          events: [
            usage('g1', ALICE, 900_000, '2026-11-18T10:00:00Z'),
            usage('g2', BOB, 800_000, '2026-11-18T11:00:00Z'),
            usage('g3', ALICE, 100_000, '2026-11-24T10:00:00Z'),
          ],
        })
      ).status,
    ).toBe(202);
    const ide = [
      usage('i1', ALICE, 50_000, '2026-11-24T09:00:00Z'),
      usage('i2', ALICE, 70_000, '2026-11-24T13:00:00Z'),
      usage('i3', BOB, 30_000, '2026-11-24T13:30:00Z'),
    ];
    expect((await postUsage(url, { events: ide }, IDE_AUTH)).status).toBe(202);
    return harness;
  }

  const tokens = (harness: SlackHarness, week: string, userId: string) =>
    harness.running.core.stores.tallies.tallyOf(week, userId)?.tokens;

  it('voids and restores one event, a source in a time range and a person week, keeping tallies exact', async () => {
    const harness = await seeded();
    const { fairPlay } = harness.running.core;
    const admin = { kind: 'slack', userId: ADMIN } as const;
    expect(tokens(harness, '2026-W48', ALICE)).toBe(220_000);

    const one = fairPlay.correct(
      'void',
      { kind: 'event', source: 'ide', eventId: 'i2' },
      admin,
      'a retry loop in the plugin',
    );
    expect(one).toMatchObject({
      events: 1,
      effects: [{ week: '2026-W48', userId: ALICE, before: 220_000, after: 150_000 }],
    });
    expectExact(harness);

    const range = {
      kind: 'source',
      source: 'ide',
      from: Date.parse('2026-11-24T12:00Z'),
      to: Date.parse('2026-11-24T14:00Z'),
    } as const;
    const ranged = fairPlay.correct('void', range, admin, 'the ide plugin double-reported for two hours');
    expect(ranged).toMatchObject({ events: 1, effects: [{ week: '2026-W48', userId: BOB, before: 30_000, after: 0 }] });
    // Bob's only event this week was voided: he is off this week's board, not on it with 0.
    expect(tokens(harness, '2026-W48', BOB)).toBeUndefined();
    expectExact(harness);

    const week = { kind: 'person-week', userId: ALICE, week: '2026-W48' } as const;
    expect(fairPlay.correct('void', week, admin, 'test account')).toMatchObject({
      events: 2,
      effects: [{ week: '2026-W48', userId: ALICE, before: 150_000, after: 0 }],
    });
    expectExact(harness);
    expect(fairPlay.correct('restore', week, admin, 'not a test account after all')).toMatchObject({
      events: 3,
      effects: [{ week: '2026-W48', userId: ALICE, before: 0, after: 220_000 }],
    });
    expect(fairPlay.correct('restore', range, admin, 'the plugin was right')).toMatchObject({ events: 1 });
    expect(tokens(harness, '2026-W48', BOB)).toBe(30_000);
    expectExact(harness);

    expect(() => fairPlay.correct('restore', range, admin, 'again')).toThrow(
      /Nothing to restore: no voided usage matches everything from ide/,
    );
    expect(() => fairPlay.correct('void', week, admin, '   ')).toThrow(/A reason is required/);
    expect(() => fairPlay.correct('void', week, { kind: 'slack', userId: BOB }, 'I want to win')).toThrow(
      /Only admins \(ADMIN_USERS\) can correct usage or decide reviews; U0BOB0001 is not one/,
    );
    expect(tokens(harness, '2026-W48', ALICE)).toBe(220_000);

    const log = harness.running.core.fairPlay.audit.list(undefined, 100);
    expect(log.map((entry) => [entry.actor, entry.action, entry.target, entry.events])).toEqual([
      [ADMIN, 'restore', 'everything from ide between 2026-11-24T12:00:00.000Z and 2026-11-24T14:00:00.000Z', 1],
      [ADMIN, 'restore', `${ALICE}'s 2026-W48`, 3],
      [ADMIN, 'void', `${ALICE}'s 2026-W48`, 2],
      [ADMIN, 'void', 'everything from ide between 2026-11-24T12:00:00.000Z and 2026-11-24T14:00:00.000Z', 1],
      [ADMIN, 'void', 'event i2 from ide', 1],
    ]);
    expect(() => harness.running.core.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => harness.running.core.db.prepare("UPDATE audit_log SET reason = 'nothing'").run()).toThrow(
      /append-only/,
    );
  });

  it('corrects a closed week without re-crowning it, and says so', async () => {
    const harness = await seeded();
    const { core: app } = harness.running;
    expect(await app.crowner.crown()).toMatchObject({ tokenLord: ALICE, week: { key: '2026-W47' } });
    await app.messages.deliverDue();
    const postsBefore = harness.slack.callsTo('chat.postMessage').length;

    const env = { DATABASE_PATH: app.db.name, ADMIN_USERS: ADMIN };
    const voided = await runCli(
      ['void', '--user', ALICE, '--week', '2026-W47', '--reason', 'shared API key, not her usage'],
      env,
    );
    expect(voided.stderr).toBe('');
    expect(voided.stdout).toBe(
      [
        'Voided 1 event(s); audit entry #1.',
        `  ${ALICE} 2026-W47: 900000 → 0 tokens`,
        '  2026-W47 is already closed: its tallies are corrected, its crown and winners post stay as they were.',
        '',
      ].join('\n'),
    );
    expect(await app.crowner.crown('2026-W47')).toMatchObject({ status: 'already_closed' });
    expect(app.db.prepare("SELECT token_lord FROM closed_weeks WHERE week = '2026-W47'").pluck().get()).toBe(ALICE);
    await app.messages.deliverDue();
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(postsBefore);
    expectExact(harness);

    const missingReason = await runCli(['restore', '--user', ALICE, '--week', '2026-W47'], env);
    expect(missingReason.code).toBe(1);
    expect(missingReason.stderr).toMatch(/A reason is required/);
    const restored = await runCli(['restore', '--user', ALICE, '--week', '2026-W47', '--reason', 'it was hers'], env);
    expect(restored.code).toBe(0);

    const audit = await runCli(['audit', '--week', '2026-W47'], env);
    expect(audit.stdout).toMatch(
      new RegExp(
        `#1 {2}\\S+ {2}void by cli: ${ALICE}'s 2026-W47 \\(1 events\\)\\n {4}why: shared API key, not her usage\\n {4}${ALICE} 2026-W47: 900000 → 0 tokens\\n {4}closed week\\(s\\) 2026-W47: tallies corrected, crown and winners post unchanged`,
      ),
    );
    expect(audit.stdout).toMatch(/#2 .* restore by cli: .*\n {4}why: it was hers/);
    expect((await runCli(['audit', '--week', '2026-W48'], env)).stdout).toBe(
      'No corrections or review decisions touch 2026-W48.\n',
    );

    const forAdmin = await harness.leaderboard('audit', ADMIN);
    expect(textsOf(forAdmin.blocks).join('\n')).toMatch(/\*void\* by `cli`.*\n> shared API key, not her usage/);
    const forOthers = await harness.leaderboard('audit', BOB);
    expect(forOthers.text).toMatch(/Only Token Throne admins/);
    expect(JSON.stringify(forOthers)).not.toMatch(/shared API key/);
  });

  it('lets admins void and restore a week in Slack, and refuses everyone else whatever they send', async () => {
    const harness = await seeded();
    const forged = await harness.leaderboard(`void <@${ALICE}|alice> 2026-W48 she beat me`, BOB);
    expect(forged.text).toBe('🔒 Only admins (ADMIN_USERS) can correct usage or decide reviews; U0BOB0001 is not one.');
    expect(tokens(harness, '2026-W48', ALICE)).toBe(220_000);
    const noReason = await harness.leaderboard(`void <@${ALICE}> 2026-W48`, ADMIN);
    expect(noReason.text).toMatch(/A reason is required/);

    const voided = await harness.leaderboard(`void <@${ALICE}> 2026-W48 a test account`, ADMIN);
    expect(voided.response_type).toBe('ephemeral');
    expect(voided.text).toBe(`🚫 Voided 3 events (audit entry #1).\n\`${ALICE}\` 2026-W48: 220K → 0 tokens`);
    expect(tokens(harness, '2026-W48', ALICE)).toBeUndefined();
    const restored = await harness.leaderboard(`restore <@${ALICE}> this not a test account`, ADMIN);
    expect(restored.text).toMatch(/^♻️ Restored 3 events \(audit entry #2\)/);
    expect(tokens(harness, '2026-W48', ALICE)).toBe(220_000);
    expectExact(harness);
    expect(harness.running.core.fairPlay.audit.list(undefined, 10).map((entry) => [entry.actor, entry.reason])).toEqual(
      [
        [ADMIN, 'not a test account'],
        [ADMIN, 'a test account'],
      ],
    );
  });
});
