import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEASE_MS } from '../../src/core/outbox-sender.js';
import { createLeaderboardReplies } from '../../src/slack/leaderboard-replies.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { settableClock, tickingClockFrom } from '../helpers/clocks.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from '../helpers/fake-slack-server.js';
import { runCli } from '../helpers/run-cli.js';
import { SIGNING_SECRET, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { winnersPosts } from '../helpers/winners-posts.js';

const WINNERS = 'C0WINNERS1';
const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');
const id = (n: number) => `U0P${String(n).padStart(6, '0')}`;
const PEOPLE: FakeUser[] = Array.from({ length: 30 }, (_, i) => ({
  id: id(i + 1),
  name: `p${i + 1}`,
  displayName: i === 1 ? 'Player <!here> 2' : `Player ${i + 1}`,
}));

const event = (key: string, user: string, tokens: number, timestamp: string) =>
  usageEvent(key, user, tokens - 1000, { output_tokens: 1000, timestamp });

/** 2026-W47: Player n has 3.0M − (n−1)·50K. 2026-W46: Player 4 was #20, Player 11 #1. */
function seedEvents() {
  const w47 = PEOPLE.map((person, i) => event(`w47-${i}`, person.id, 3_000_000 - i * 50_000, '2026-11-18T10:00:00Z'));
  const w46Order = [11, 1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 4, 21, 22, 23, 24, 25];
  const w46 = w46Order.map((n, i) => event(`w46-${n}`, id(n), 1_000_000 - i * 10_000, '2026-11-10T10:00:00Z'));
  return [...w47, ...w46];
}

async function seed(url: string) {
  const answer = await postUsage(url, { events: seedEvents() });
  expect(answer.status).toBe(202);
}

function tokenLordDms(slack: FakeSlack) {
  return slack
    .callsTo('chat.postMessage')
    .filter((call) => String(call.args.text).startsWith('👑 You are the Token Lord'));
}

describe('the weekly crown', () => {
  const start = useSlackHarness();

  async function crowned() {
    const harness = await start(PEOPLE, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    await seed(harness.running.url);
    return harness;
  }

  it('posts one winners post that names the winner, the podium, the totals and the movers', async () => {
    const { slack, running } = await crowned();
    const result = await running.core.crowner.crown();
    expect(result).toMatchObject({ status: 'crowned', tokenLord: id(1), week: { key: '2026-W47' } });
    await running.core.messages.deliverDue();
    const [post] = winnersPosts(slack, WINNERS);
    const blocks = post?.args.blocks as Array<Record<string, unknown>>;
    const texts = textsOf(blocks);
    expect(texts[0]).toBe('👑 The Token Lord of 2026-W47 is crowned!');
    expect(texts[1]).toBe(`All hail <@${id(1)}>, who burned *3M* tokens, *50K* ahead of #2. 🎉`);
    const podium = blocks.filter((block) => block.accessory);
    expect(podium.map((block) => textsOf(block)[0])).toEqual([
      `🥇  <@${id(1)}>  👑 _Token Lord_\n*3M* tokens (3,000,000)  ·  🐉 Token Overlord`,
      `🥈  <@${id(2)}>\n*3M* tokens (2,950,000)  ·  🐉 Token Overlord`,
      `🥉  <@${id(3)}>\n*2.9M* tokens (2,900,000)  ·  🐉 Token Overlord`,
    ]);
    expect(podium[0]?.accessory).toEqual({
      type: 'image',
      image_url: `${slack.url}/avatars/${id(1)}_72.png`,
      alt_text: 'Player 1',
    });
    expect(podium[1]?.accessory).toMatchObject({ alt_text: 'Player ‹!here› 2' });
    const numbers = texts.find((text) => text.startsWith('*The week in numbers*'));
    expect(numbers).toBe(
      '*The week in numbers* (Mon 16 Nov – Sun 22 Nov 2026)\n🔥 68.3M tokens (68,250,000)  ·  👥 30 people  ·  📨 30 requests',
    );
    const movers = texts.find((text) => text.startsWith('📈'));
    expect(movers).toBe(
      '📈 Biggest climber: *Player 4*, up 16 places from #20 to #4\n🆕 New in the top 10: *Player 4*',
    );
    expect(texts.find((text) => text.startsWith('🔥 Longest'))).toBe(
      '🔥 Longest streak: *Player 1*, 2 weeks in a row with a badge',
    );
    expect(JSON.stringify(blocks)).not.toMatch(/<!here>|<!channel>/);

    const dms = tokenLordDms(slack);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.args.channel).toBe(id(1));
    expect(textsOf(dms[0]?.args.blocks).join('\n')).toMatch(
      /You burned \*3M\* tokens \(3,000,000\).*\*50K\* ahead of #2/,
    );

    const snapshot = running.core.db
      .prepare("SELECT COUNT(*) FROM final_rankings WHERE week = '2026-W47'")
      .pluck()
      .get();
    expect(snapshot).toBe(30);
  });

  it('posts once when run twice, and once when two runs race', async () => {
    const { slack, running } = await crowned();
    const raced = await Promise.all([running.core.crowner.crown(), running.core.crowner.crown()]);
    expect(raced.map((result) => result.status).sort()).toEqual(['already_closed', 'crowned']);
    expect((await running.core.crowner.crown()).status).toBe('already_closed');
    await running.core.messages.deliverDue();
    expect(winnersPosts(slack, WINNERS)).toHaveLength(1);
    expect(tokenLordDms(slack)).toHaveLength(1);
  });

  it("crowns the Token Lord on the next week's boards", async () => {
    const { running } = await crowned();
    await postUsage(running.url, event('w48', id(5), 10_000, '2026-11-24T10:00:00Z'));
    await running.core.crowner.crown();
    const board = await createLeaderboardReplies(running.core).reply(
      { kind: 'board', week: { kind: 'current' }, top: 10, share: false },
      id(5),
    );
    expect(JSON.stringify(board.blocks)).not.toContain('Token Lord');
    await postUsage(running.url, event('w48-lord', id(1), 10_000, '2026-11-24T11:00:00Z'));
    const after = await createLeaderboardReplies(running.core).reply(
      { kind: 'board', week: { kind: 'current' }, top: 10, share: false },
      id(5),
    );
    expect(textsOf(after.blocks).find((text) => text.includes('Player 1'))).toMatch(/\*Player 1\* 👑 _Token Lord_/);
  });

  it('counts late events for a closed week without re-crowning or badge DMs', async () => {
    const { slack, running } = await crowned();
    await running.core.crowner.crown();
    await running.core.messages.deliverDue();
    const messagesBefore = slack.callsTo('chat.postMessage').length;
    await postUsage(running.url, event('late', id(30), 5_000_000, '2026-11-22T23:00:00Z'));
    expect(running.core.stores.tallies.tallyOf('2026-W47', id(30))?.tokens).toBe(3_000_000 - 29 * 50_000 + 5_000_000);
    expect((await running.core.crowner.crown()).status).toBe('already_closed');
    await running.core.messages.deliverDue();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(messagesBefore);
    const lord = running.core.db.prepare("SELECT token_lord FROM closed_weeks WHERE week = '2026-W47'").pluck().get();
    expect(lord).toBe(id(1));
  });

  it('posts a friendly quiet-week message when nobody used tokens', async () => {
    const { slack, running } = await start(PEOPLE, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    expect(await running.core.crowner.crown('2026-W40')).toMatchObject({ status: 'crowned', tokenLord: undefined });
    await running.core.messages.deliverDue();
    const [post] = winnersPosts(slack, WINNERS);
    expect(post?.args.text).toBe('A quiet week on the throne: nobody used AI tokens in 2026-W40.');
    expect(tokenLordDms(slack)).toHaveLength(0);
  });

  it('refuses to crown a week that is not over', async () => {
    const { running } = await crowned();
    await expect(running.core.crowner.crown('2026-W48')).rejects.toThrow(/2026-W48 is not over yet/);
    await expect(running.core.crowner.crown('soon')).rejects.toThrow(/"soon" is not an ISO week/);
  });

  it('closes the week once when Slack is down at crown time, and posts when it is back', async () => {
    const { slack, running } = await crowned();
    await running.core.messages.deliverAll(10_000); // the badge DMs from seeding
    const sentBefore = running.core.stores.outbox.counts().sent;
    slack.failNext('chat.postMessage', { status: 503 });
    slack.failNext('files.completeUploadExternal', { status: 503 });
    await running.core.crowner.crown();
    expect(await running.core.messages.deliverAll(10_000)).toBe(true);
    expect(running.core.db.prepare('SELECT COUNT(*) FROM closed_weeks').pluck().get()).toBe(1);
    expect(running.core.stores.outbox.counts()).toMatchObject({ sent: sentBefore + 2, pending: 0, failed: 0 });
    // Each message's first attempt met the outage; each was then delivered once.
    expect(winnersPosts(slack, WINNERS)).toHaveLength(2);
    expect(tokenLordDms(slack)).toHaveLength(2);
  });
});

describe('crown across restarts and processes', () => {
  const tempDir = useTempDir();

  async function withSlack<T>(run: (slack: FakeSlack) => Promise<T>): Promise<T> {
    const slack = await startFakeSlack({ users: PEOPLE });
    try {
      return await run(slack);
    } finally {
      await slack.close();
    }
  }

  const env = (slack: FakeSlack) => ({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    WINNERS_CHANNEL: WINNERS,
  });

  it('catches up a missed Monday at start-up, once, and not before the reset time', async () => {
    await withSlack(async (slack) => {
      const clock = settableClock(new Date('2026-11-20T12:00:00Z')); // during 2026-W47
      let running = await startApp(tempDir(), env(slack), clock);
      await seed(running.url);
      await running.stop();

      clock.set(new Date('2026-11-23T08:59:00Z')); // Monday, before the 09:00 reset
      running = await startApp(tempDir(), env(slack), clock);
      expect(running.core.db.prepare('SELECT COUNT(*) FROM closed_weeks').pluck().get()).toBe(0);
      await running.stop();

      clock.set(new Date('2026-11-24T10:00:00Z')); // Tuesday: the reset was missed
      running = await startApp(tempDir(), env(slack), clock);
      await running.core.messages.deliverDue();
      expect(running.core.db.prepare('SELECT week FROM closed_weeks').pluck().all()).toEqual(['2026-W47']);
      expect(winnersPosts(slack, WINNERS)).toHaveLength(1);
      await running.stop();

      running = await startApp(tempDir(), env(slack), clock);
      await running.core.messages.deliverDue();
      expect(winnersPosts(slack, WINNERS)).toHaveLength(1);
      await running.stop();
    });
  });

  it('delivers on the next start what a stopped process queued but never sent', async () => {
    await withSlack(async (slack) => {
      const clock = settableClock(WEDNESDAY_W48);
      const crashed = await startApp(tempDir(), env(slack), clock);
      await crashed.core.messages.stop();
      // Queue a badge DM, then claim it as a sender would just before calling Slack, and die.
      crashed.core.usage.record('gateway', [
        {
          id: 'x',
          userRef: id(1),
          model: null,
          inputTokens: 60_000,
          outputTokens: 0,
          cacheReadTokens: null,
          cacheWriteTokens: null,
          reasoningTokens: null,
          occurredAt: WEDNESDAY_W48.getTime(),
        },
      ]);
      expect(crashed.core.stores.outbox.claimDue(clock().getTime(), LEASE_MS, 10)).toHaveLength(1);
      await crashed.stop();
      expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

      clock.set(new Date(WEDNESDAY_W48.getTime() + LEASE_MS + 1000));
      const restarted = await startApp(tempDir(), env(slack), clock);
      await restarted.core.messages.deliverDue();
      expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(restarted.core.stores.outbox.counts()).toMatchObject({ sent: 1, sending: 0, pending: 0 });
      await restarted.stop();
    });
  });

  it('token-throne crown run twice at once posts one winners post and one DM', async () => {
    await withSlack(async (slack) => {
      const dbPath = join(tempDir(), 'throne.db');
      const seeded = await startApp(tempDir(), env(slack));
      const week = seeded.core.crowner.weekToClose(undefined);
      const lastWeek = new Date(week.start.getTime() + 3 * 86_400_000).toISOString();
      await postUsage(seeded.url, {
        events: PEOPLE.map((person, i) => event(`e${i}`, person.id, 3_000_000 - i * 50_000, lastWeek)),
      });
      await seeded.stop();

      const cliEnv = { ...env(slack), DATABASE_PATH: dbPath };
      const runs = await Promise.all([runCli(['crown'], cliEnv), runCli(['crown'], cliEnv)]);
      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      const outputs = runs.map((run) => run.stdout).join('\n');
      expect(outputs).toContain(`👑 ${week.key} is closed: ${id(1)} is the Token Lord.`);
      expect(outputs).toContain(`${week.key} was already closed and crowned; nothing new was posted.`);
      expect(winnersPosts(slack, WINNERS)).toHaveLength(1);
      expect(tokenLordDms(slack)).toHaveLength(1);
      expect(textsOf(winnersPosts(slack, WINNERS)[0]?.args.blocks)[1]).toMatch(new RegExp(`^All hail <@${id(1)}>`));
    });
  });
});
