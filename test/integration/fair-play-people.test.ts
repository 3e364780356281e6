import { describe, expect, it } from 'vitest';
import { tickingClockFrom } from '../helpers/clocks.js';
import type { FakeSlack, FakeUser } from '../helpers/fake-slack-server.js';
import { runCli } from '../helpers/run-cli.js';
import { type SlackHarness, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage } from '../helpers/start-app.js';
import { winnersPosts } from '../helpers/winners-posts.js';

const WINNERS = 'C0WINNERS1';
const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const CAROL = 'U0CAROL01';
const CALLER = 'U0CALLER1';
const USERS: FakeUser[] = [
  { id: ALICE, name: 'alice', displayName: 'Alice Archer' },
  { id: BOB, name: 'bob', displayName: 'Bob Builder' },
  { id: CAROL, name: 'carol', displayName: 'Carol Cook' },
  { id: CALLER, name: 'caller', displayName: 'Casey Caller' },
];

const usage = (id: string, user: string, tokens: number, timestamp: string, model = 'gpt-4o') => ({
  id,
  user,
  model,
  input_tokens: tokens - 1000,
  output_tokens: 1000,
  cache_read_tokens: 500,
  timestamp,
});

/** 2026-W47 (last week): Alice 3M, Bob 2M, Carol 1M, Casey 500K; this week the same order, smaller. */
async function seed(harness: SlackHarness) {
  const answer = await postUsage(harness.running.url, {
    events: [
      usage('a1', ALICE, 3_000_000, '2026-11-18T10:00:00Z'),
      usage('b1', BOB, 1_500_000, '2026-11-18T10:00:00Z', 'claude-sonnet'),
      usage('b2', BOB, 500_000, '2026-11-19T10:00:00Z'),
      usage('c1', CAROL, 1_000_000, '2026-11-18T10:00:00Z'),
      usage('k1', CALLER, 500_000, '2026-11-18T10:00:00Z'),
      usage('a2', ALICE, 300_000, '2026-11-24T10:00:00Z'),
      usage('b3', BOB, 200_000, '2026-11-24T10:00:00Z'),
    ],
  });
  expect(answer.status).toBe(202);
}

const everything = (value: unknown) => JSON.stringify(value);

function winnersPost(slack: FakeSlack) {
  return winnersPosts(slack, WINNERS)[0];
}

describe('hide, show and join', () => {
  const start = useSlackHarness();

  async function started(env: Record<string, string> = {}) {
    const harness = await start(USERS, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS, ...env });
    await seed(harness);
    return harness;
  }

  it('takes a hidden person off boards, shares, @someone and App Home, but keeps them in the totals', async () => {
    const harness = await started();
    const hidden = await harness.leaderboard('hide', ALICE);
    expect(hidden.text).toMatch(/You're off the board/);

    const board = await harness.leaderboard('last', CALLER);
    expect(everything(board)).not.toMatch(/Alice/);
    expect(textsOf(board.blocks?.[1])[0]).toMatch(/6\.5M tokens from 4 people$/);
    const rows = (board.blocks ?? []).filter(
      (block) => block.type === 'context' && (block.elements as unknown[]).length >= 2,
    );
    expect(rows.map((row) => textsOf(row)[1])).toEqual([
      '*Bob Builder*  ·  *2M* tokens  ·  🐉 Token Overlord',
      '*Carol Cook*  ·  *1M* tokens  ·  🧠 AI Grandmaster',
      '*Casey Caller*  ·  *500K* tokens  ·  ⚔️ Token Knight',
    ]);
    expect(textsOf(board.blocks?.at(-1))[0]).toMatch(/^You're \*#3\*/);

    const shared = await harness.leaderboard('last share', ALICE);
    expect(shared.response_type).toBe('in_channel');
    expect(everything(shared)).not.toMatch(/Alice/);
    expect(textsOf(shared.blocks?.at(-1))[0]).toMatch(/^Shared by a colleague\./);

    const someone = await harness.leaderboard(`<@${ALICE}|alice> last`, CALLER);
    expect(someone.response_type).toBe('ephemeral');
    expect(everything(someone)).not.toMatch(/3M|3,000,000|Alice/);
    expect(someone.text).toMatch(/isn't on the shared board/);

    const ownCard = await harness.leaderboard('me last', ALICE);
    const own = textsOf(ownCard.blocks).join('\n');
    expect(own).toMatch(/\*You\* \(Alice Archer\) are \*#1\* of 4 in 2026-W47/);
    expect(own).toMatch(/You're hidden: only you see your rank/);
    const ownShare = await harness.leaderboard('me share', ALICE);
    expect(ownShare.response_type).toBe('ephemeral');
    expect(ownShare.text).toMatch(/won't post your numbers/);

    const { view: othersHome } = await harness.openHome(CALLER);
    expect(everything(othersHome)).not.toMatch(/Alice/);
    expect(textsOf(othersHome.blocks).join('\n')).toMatch(/\*Bob Builder\*/);
    const { view: ownHome } = await harness.openHome(ALICE);
    expect(textsOf(ownHome.blocks).join('\n')).toMatch(/You're hidden/);

    await harness.leaderboard('show', ALICE);
    const back = await harness.leaderboard('last', CALLER);
    expect(textsOf(back.blocks).join('\n')).toMatch(/\*Alice Archer\* {2}· {2}\*3M\* tokens/);
  });

  it('crowns the top person on the board, never a hidden one, and says people were left unnamed', async () => {
    const harness = await started();
    await harness.leaderboard('hide', ALICE);
    const result = await harness.running.core.crowner.crown();
    expect(result).toMatchObject({ status: 'crowned', tokenLord: BOB, week: { key: '2026-W47' } });
    await harness.running.core.messages.deliverDue();
    const post = winnersPost(harness.slack);
    expect(everything(post?.args)).not.toMatch(new RegExp(`${ALICE}|Alice`));
    const texts = textsOf(post?.args.blocks as unknown[]);
    expect(texts[1]).toBe(`All hail <@${BOB}>, who burned *2M* tokens, *1M* ahead of #2. 🎉`);
    expect(texts.join('\n')).toMatch(/6\.5M tokens .*4 people/);
    expect(texts.join('\n')).toMatch(
      /🙈 1 person keeps their numbers private: counted in the totals, not ranked or crowned\./,
    );
    const lordDms = harness.slack
      .callsTo('chat.postMessage')
      .filter((call) => String(call.args.text).startsWith('👑 You are the Token Lord'));
    expect(lordDms.map((call) => call.args.channel)).toEqual([BOB]);
    const last = await harness.leaderboard('me', BOB);
    expect(textsOf(last.blocks).join('\n')).toMatch(/👑 _Token Lord_/);
  });

  it('crowns nobody when nobody may be named, and says so instead of naming anyone', async () => {
    const harness = await started({ LEADERBOARD_OPT_IN: 'true' });
    const result = await harness.running.core.crowner.crown();
    expect(result).toMatchObject({ status: 'crowned', tokenLord: undefined });
    await harness.running.core.messages.deliverDue();
    const post = winnersPost(harness.slack);
    expect(post?.args.text).toBe('No Token Lord for 2026-W47: 4 people burned 6.5M tokens, but nobody on the board.');
    expect(everything(post?.args)).not.toMatch(/U0[A-Z0-9]+|Alice|Bob|Carol|Casey/);
  });

  it('names nobody in opt-in mode until they join', async () => {
    const harness = await started({ LEADERBOARD_OPT_IN: 'true' });
    const before = await harness.leaderboard('last', CALLER);
    expect(everything(before)).not.toMatch(/Alice|Bob|Carol/);
    expect(textsOf(before.blocks).join('\n')).toMatch(/from 4 people/);
    const own = await harness.leaderboard('me last', CALLER);
    expect(textsOf(own.blocks).join('\n')).toMatch(/`\/leaderboard join` to appear/);

    await harness.leaderboard('join', BOB);
    await harness.leaderboard('join', CAROL);
    const after = await harness.leaderboard('last', CALLER);
    const names = textsOf(after.blocks).join('\n');
    expect(names).toMatch(/🥇\n\*Bob Builder\*.*\n🥈\n\*Carol Cook\*/s);
    expect(names).not.toMatch(/Alice|Casey/);
    const result = await harness.running.core.crowner.crown();
    expect(result).toMatchObject({ tokenLord: BOB });
  });

  it('exports hidden people by alias unless --include-hidden, with the totals of the board', async () => {
    const harness = await started();
    await harness.leaderboard('hide', ALICE);
    const board = await harness.leaderboard('last', CALLER);
    const env = { DATABASE_PATH: harness.running.core.db.name };
    const csv = await runCli(['export', '--week', '2026-W47'], env);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'person,name,hidden,tokens,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,requests,models,sources',
    );
    expect(lines[1]).toBe('hidden-1,,true,3000000,2999000,1000,500,0,1,gpt-4o=3000000,gateway=3000000');
    expect(lines[2]).toBe(
      `${BOB},Bob Builder,false,2000000,1998000,2000,1000,0,2,claude-sonnet=1500000; gpt-4o=500000,gateway=2000000`,
    );
    expect(csv.stdout).not.toMatch(/U0ALICE01|Alice/);
    const boardTotal = textsOf(board.blocks?.[1])[0];
    expect(boardTotal).toMatch(/6\.5M tokens from 4 people$/);
    expect(lines.at(-1)).toBe('TOTAL,4 people,,6500000,,,,,5,,');
    const totals = harness.running.core.stores.tallies.totals('2026-W47');
    expect(totals).toEqual({ tokens: 6_500_000, people: 4, events: 5 });

    const json = await runCli(['export', '--week', '2026-W47', '--format', 'json', '--include-hidden'], env);
    const data = JSON.parse(json.stdout) as {
      people: Array<{ person: string; hidden: boolean; tokens: number }>;
      totals: { tokens: number };
    };
    expect(data.people[0]).toMatchObject({ person: ALICE, hidden: true, tokens: 3_000_000 });
    expect(data.totals.tokens).toBe(totals.tokens);
  });
});
