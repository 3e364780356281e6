import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settableClock } from '../helpers/clocks.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from '../helpers/fake-slack-server.js';
import { SIGNING_SECRET, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WINNERS = 'C0WINNERS1';
const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');
const ANN = 'U0ANN0001';
const BOB = 'U0BOB0001';
const CAT = 'U0CAT0001';
const DAVE = 'U0DAVE001';
const PEOPLE: FakeUser[] = [
  { id: ANN, name: 'ann', displayName: 'Ann' },
  { id: BOB, name: 'bob', displayName: 'Bob' },
  { id: CAT, name: 'cat', displayName: 'Cat' },
  { id: DAVE, name: 'dave', displayName: 'Dave', email: 'dave@example.com' },
];

/** Mondays of 2026-W44 to W47, noon UTC. */
const MONDAY = { W44: '2026-10-26', W45: '2026-11-02', W46: '2026-11-09', W47: '2026-11-16' } as const;
let sequence = 0;
const usage = (user: string, tokens: number, week: keyof typeof MONDAY, model = 'claude-sonnet-4-5') => ({
  id: `e${++sequence}`,
  user,
  model,
  input_tokens: Math.round(tokens * 0.8),
  output_tokens: tokens - Math.round(tokens * 0.8),
  cache_read_tokens: Math.round(tokens * 0.4),
  timestamp: `${MONDAY[week]}T12:00:00Z`,
});

/** Ann wins W44 to W46, Bob ends her reign with the biggest week yet in W47. */
const HISTORY = [
  usage(ANN, 1_000_000, 'W44'),
  usage(BOB, 500_000, 'W44'),
  usage(ANN, 1_200_000, 'W45'),
  usage(BOB, 600_000, 'W45'),
  usage(ANN, 900_000, 'W46'),
  usage(CAT, 800_000, 'W46'),
  usage(BOB, 2_500_000, 'W47'),
  usage(ANN, 2_000_000, 'W47'),
];

function winnersPostOf(slack: FakeSlack, week: string): string {
  const post = slack.calls.find(
    (call) =>
      call.method === 'files.completeUploadExternal' &&
      call.args.channel_id === WINNERS &&
      textsOf(call.args.blocks)[0]?.includes(week),
  );
  return textsOf(post?.args.blocks).join('\n');
}

describe('the game in Slack', () => {
  const start = useSlackHarness();
  const teamsDir = useTempDir();

  async function withHistory(env: Record<string, string> = {}) {
    const harness = await start(PEOPLE, settableClock(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS, ...env });
    expect((await postUsage(harness.running.url, { events: HISTORY })).status).toBe(202);
    for (const week of ['2026-W44', '2026-W45', '2026-W46', '2026-W47']) {
      expect(await harness.running.core.crowner.crown(week)).toMatchObject({ status: 'crowned' });
    }
    expect(await harness.running.core.messages.deliverAll(10_000)).toBe(true);
    return harness;
  }

  it('keeps a Hall of Fame over a fixed history of crowns, and the winners post names the records', async () => {
    const harness = await withHistory();
    const hall = await harness.leaderboard('hall');
    expect(hall.response_type).toBe('ephemeral');
    const text = textsOf(hall.blocks).join('\n');
    expect(text).toContain('🥇 *Ann*  👑👑👑 *3* crowns · longest run *3 weeks* in a row · last 2026-W46');
    expect(text).toContain('🥈 *Bob*  👑 *1* crown · last 2026-W47');
    expect(text).toContain('🔥 *Biggest week ever:* *Bob*, 2.5M tokens in 2026-W47');
    expect(text).toContain('🏅 *Most badges in a week:* 10 earned in 2026-W47');
    expect(text).toContain('⏳ *Longest reign:* *Ann*, 3 weeks (2026-W44 to 2026-W46), dethroned by *Bob*');

    const { slack } = harness;
    expect(winnersPostOf(slack, '2026-W45')).toContain('👑 *Ann* takes a *2nd crown in a row*!');
    const w46 = winnersPostOf(slack, '2026-W46');
    expect(w46).toContain('👑 *Ann* takes a *3rd crown in a row*!');
    expect(w46).toContain('🏛️ *Ann* now holds the most crowns ever: *3*');
    const w47 = winnersPostOf(slack, '2026-W47');
    expect(w47).toContain(
      '🏆 A new all-time record: *Bob* burned *2.5M* tokens, the biggest week ever (the old record was 1.2M)',
    );
    expect(w47).toContain('🏅 A record *10 badges* earned this week (the old record was 7)');
    expect(w47).toContain("⚔️ *Bob* ended *Ann*'s 3-week reign");
    expect(w47).toContain('🔥 Longest streak: *Ann*, 4 weeks in a row with a badge');
    expect(w47).toMatch(/💸 Estimated AI bill: \*\$\d+\.\d\d\*/);
  });

  it('never names someone who left the board, in the Hall of Fame or in the records of a winners post', async () => {
    const harness = await start(PEOPLE, settableClock(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    expect((await postUsage(harness.running.url, { events: HISTORY })).status).toBe(202);
    for (const week of ['2026-W44', '2026-W45', '2026-W46']) await harness.running.core.crowner.crown(week);
    await harness.leaderboard('hide', ANN);
    await harness.running.core.crowner.crown('2026-W47');
    expect(await harness.running.core.messages.deliverAll(10_000)).toBe(true);

    const w47 = winnersPostOf(harness.slack, '2026-W47');
    expect(w47).toContain("⚔️ *Bob* ended *a colleague*'s 3-week reign");
    expect(w47).not.toContain('Ann');
    const hall = textsOf((await harness.leaderboard('hall', BOB)).blocks).join('\n');
    expect(hall).toContain('🥇 *a colleague*  👑👑👑 *3* crowns');
    expect(hall).toContain('dethroned by *Bob*');
    expect(hall).not.toContain('Ann');
  });

  it('shows the last eight weeks, the streak and the estimated cost on /leaderboard me', async () => {
    const harness = await withHistory();
    const me = textsOf((await harness.leaderboard('me last', ANN)).blocks).join('\n');
    expect(me).toContain('Last 8 weeks: `▁▁▁▁▅▅▄█`  ·  🔥 4 weeks in a row with a badge');
    expect(me).toMatch(/💸 Estimated cost \*\$\d+\.\d\d\*: input \$\d+\.\d\d, cache \$\d+\.\d\d, output \$\d+\.\d\d/);
    expect(me).toContain('`claude-sonnet-4-5` $');
  });

  it('keeps money off shared surfaces with SHOW_COST=false, but shows people their own', async () => {
    const harness = await withHistory({ SHOW_COST: 'false' });
    expect(winnersPostOf(harness.slack, '2026-W47')).not.toContain('$');
    expect(textsOf((await harness.leaderboard('me last', ANN)).blocks).join('\n')).toContain('💸 Estimated cost');
    const shared = await harness.leaderboard('me last share', ANN);
    expect(shared.response_type).toBe('in_channel');
    expect(textsOf(shared.blocks).join('\n')).not.toContain('$');
    expect(textsOf((await harness.leaderboard(`<@${ANN}> last`, BOB)).blocks).join('\n')).not.toContain('$');
  });

  it('ranks Slack user groups by tokens per member, reading the groups once an hour', async () => {
    const idle = Array.from({ length: 8 }, (_, i) => `U0IDLE00${i}`);
    const harness = await start(PEOPLE, settableClock(WEDNESDAY_W48), {}, undefined, [
      { id: 'S0PLATFORM', name: 'Platform', handle: 'platform', users: [ANN, BOB, ...idle] },
      { id: 'S0DATA0001', name: 'Data', handle: 'data', users: [CAT, DAVE] },
    ]);
    const events = [usage(ANN, 1_000_000, 'W47'), usage(BOB, 1_000_000, 'W47'), usage(CAT, 500_000, 'W47')];
    expect((await postUsage(harness.running.url, { events })).status).toBe(202);
    const league = await harness.leaderboard('teams last');
    const text = textsOf(league.blocks).join('\n');
    expect(textsOf(league.blocks)[0]).toBe('🛡️ Team league · 2026-W47');
    expect(text).toContain('🥇 *Data*  ·  *250K* per member  ·  500K total, 1 of 2 playing');
    expect(text).toContain('🥈 *Platform*  ·  *200K* per member  ·  2M total, 2 of 10 playing');
    expect(text).not.toMatch(/Ann|Bob|Cat/);
    await harness.leaderboard('teams last');
    expect(harness.slack.callsTo('usergroups.list')).toHaveLength(1);
    expect(harness.slack.callsTo('usergroups.users.list').map((call) => call.args.usergroup)).toEqual([
      'S0PLATFORM',
      'S0DATA0001',
    ]);
  });

  it('ranks the teams of TEAMS_FILE (uneven sizes, a hidden member counted), members named by user ID or email', async () => {
    const file = join(teamsDir(), 'teams.json');
    writeFileSync(file, JSON.stringify({ Solo: ['Dave@Example.com'], Crowd: [ANN, BOB, CAT] }));
    const harness = await start(PEOPLE, settableClock(WEDNESDAY_W48), { TEAMS_FILE: file });
    const events = [
      { ...usage('dave@example.com', 900_000, 'W47'), user: 'dave@example.com' },
      usage(ANN, 1_200_000, 'W47'),
    ];
    expect((await postUsage(harness.running.url, { events })).status).toBe(202);
    await harness.slack.waitFor(() => harness.slack.callsTo('users.lookupByEmail').length > 0);
    await harness.slack.waitFor(() => harness.running.core.stores.identities.resolvedUserFor('dave@example.com'));
    // Ann keeps her numbers private: they still count for her team, and nobody is named.
    await harness.leaderboard('hide', ANN);
    const text = textsOf((await harness.leaderboard('teams last')).blocks).join('\n');
    expect(text).toContain('🥇 *Solo*  ·  *900K* per member  ·  900K total, 1 of 1 playing');
    expect(text).toContain('🥈 *Crowd*  ·  *400K* per member  ·  1.2M total, 1 of 3 playing');
    expect(text).not.toMatch(/Ann|Dave|U0ANN0001/);
    expect(harness.slack.callsTo('usergroups.list')).toHaveLength(0);
  });

  it('turns the recap on and off', async () => {
    const harness = await start(PEOPLE, settableClock(WEDNESDAY_W48));
    expect((await harness.leaderboard('recap')).text).toContain('Your weekly recap is *off*');
    expect((await harness.leaderboard('recap on')).text).toContain('Your weekly recap is *on*');
    expect(harness.running.core.recaps.isOn('U0CALLER1')).toBe(true);
    expect((await harness.leaderboard('recap off')).text).toContain('Your weekly recap is *off*');
    expect(harness.running.core.recaps.isOn('U0CALLER1')).toBe(false);
  });
});

describe('the weekly recap DM', () => {
  const tempDir = useTempDir();

  it('is sent after the crown once per subscriber and week, across restarts', async () => {
    const slack = await startFakeSlack({ users: PEOPLE });
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    const clock = settableClock(WEDNESDAY_W48);
    const recaps = () =>
      slack.callsTo('chat.postMessage').filter((call) => String(call.args.text).startsWith('Your recap for'));
    try {
      let running = await startApp(tempDir(), env, clock);
      expect((await postUsage(running.url, { events: HISTORY })).status).toBe(202);
      running.core.recaps.set(ANN, true, clock().getTime());
      running.core.recaps.set(CAT, true, clock().getTime());
      await running.core.crowner.crown('2026-W46');
      await running.stop();

      running = await startApp(tempDir(), env, clock);
      await running.core.crowner.crown('2026-W46');
      expect(await running.core.messages.deliverAll(10_000)).toBe(true);
      await running.stop();
      running = await startApp(tempDir(), env, clock);
      expect(await running.core.messages.deliverAll(10_000)).toBe(true);

      expect(recaps().map((call) => [call.args.channel, call.args.text])).toEqual([
        [ANN, 'Your recap for 2026-W46: #1 with 900,000 tokens.'],
        [CAT, 'Your recap for 2026-W46: #2 with 800,000 tokens.'],
        // The second start caught up 2026-W47 (its Monday reset had passed): one recap each for it too.
        [ANN, 'Your recap for 2026-W47: #2 with 2,000,000 tokens.'],
        [CAT, 'Your recap for 2026-W47: no tokens this week.'],
      ]);
      const annRecap = textsOf(recaps()[0]?.args.blocks).join('\n');
      expect(annRecap).toContain('🥇 *#1* of 2  👑 *Token Lord!*');
      expect(annRecap).toContain('Models: `claude-sonnet-4-5` 900K');
      expect(annRecap).toContain('🔥 3 weeks in a row with a badge');
      expect(annRecap).toMatch(/Estimated cost: \*\$\d+\.\d\d\*/);
      await running.stop();
    } finally {
      await slack.close();
    }
  });
});
