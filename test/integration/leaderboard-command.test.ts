import { describe, expect, it } from 'vitest';
import { SOMETHING_WENT_WRONG } from '../../src/slack/error-reply.js';
import { USAGE_TIMESTAMP, usageEvent } from '../fixtures/usage-events.js';
import type { FakeUser } from '../helpers/fake-slack-server.js';
import { postSignedToSlackEndpoint, slashCommandBody } from '../helpers/sign-slack-request.js';
import { SIGNING_SECRET, type SlackMessage, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage } from '../helpers/start-app.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;

const USERS: FakeUser[] = [
  { id: 'U0ALICE01', name: 'alice', displayName: 'Alice Archer' },
  { id: 'U0BOB0001', name: 'bob', displayName: 'Bob Builder' },
  { id: 'U0CAROL01', name: 'carol', displayName: 'Carol <!channel> & Co' },
  { id: 'U0DAVE001', name: 'dave', displayName: 'Dave' },
  { id: 'U0CALLER1', name: 'caller', displayName: 'Casey Caller' },
];

function usage(id: string, user: string, tokens: number, timestamp = USAGE_TIMESTAMP) {
  return usageEvent(id, user, tokens, { timestamp, model: 'gpt-<!here>' });
}

function rowsOf(message: SlackMessage) {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'context' && (block.elements as unknown[]).length >= 2)
    .map((block) => block.elements as Array<Record<string, unknown>>);
}

function rowTexts(message: SlackMessage): string[] {
  return rowsOf(message).map((elements) => textsOf(elements).join(' | '));
}

describe('/leaderboard over signed Slack requests', () => {
  const start = useSlackHarness();

  async function seeded() {
    const harness = await start(USERS, clock);
    const answer = await postUsage(harness.running.url, {
      events: [
        usage('1', 'U0ALICE01', 2_400_000),
        usage('2', 'U0BOB0001', 950_000),
        usage('3', 'U0CAROL01', 950_000),
        usage('4', 'U0CALLER1', 600_000),
        usage('5', 'U0DAVE001', 10_000),
        usage('6', 'U0DAVE001', 1_800_000, '2026-11-17T10:00:00Z'),
      ],
    });
    expect(answer.status).toBe(202);
    return harness;
  }

  it("answers with this week's ranked board, avatars, badges and the caller's footer", async () => {
    const harness = await seeded();
    const message = await harness.leaderboard('');
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toMatch(/^Token Throne 2026-W48: 1\. Alice Archer 2\.4M, 2\. Bob Builder 950K/);
    expect(textsOf(message.blocks?.[0])).toEqual(['👑 Token Throne · Leaderboard · 2026-W48']);
    expect(textsOf(message.blocks?.[1])[0]).toMatch(
      /^Mon 23 Nov – Sun 29 Nov 2026 \(UTC\) {2}· {2}resets in \*4d 12h\* {2}· {2}4\.9M tokens from 5 people$/,
    );
    expect(rowTexts(message)).toEqual([
      '🥇 | *Alice Archer*  ·  *2.4M* tokens  ·  🐉 Token Overlord',
      '🥈 | *Bob Builder*  ·  *950K* tokens  ·  ⚔️ Token Knight',
      '🥈 | *Carol &lt;!channel&gt; &amp; Co*  ·  *950K* tokens  ·  ⚔️ Token Knight',
      '*#4* | *Casey Caller*  ·  *600K* tokens  ·  ⚔️ Token Knight',
      '*#5* | *Dave*  ·  *10K* tokens',
    ]);
    const avatar = rowsOf(message)[0]?.[1];
    expect(avatar).toEqual({
      type: 'image',
      image_url: `${harness.slack.url}/avatars/U0ALICE01_72.png`,
      alt_text: 'Alice Archer: 2,400,000 tokens',
    });
    const footer = textsOf(message.blocks?.at(-1));
    expect(footer).toEqual(["You're *#4* with *600K* tokens (600,000)  ·  *350K* more to pass #3"]);
  });

  it('fetches each avatar once and serves later boards from the cache', async () => {
    const harness = await seeded();
    await harness.leaderboard('');
    const first = harness.slack.callsTo('users.info').length;
    expect(first).toBe(5);
    await harness.leaderboard('');
    await harness.leaderboard('me');
    expect(harness.slack.callsTo('users.info')).toHaveLength(first);
  });

  it('stops asking users.info after a 429 and says so once, showing the rest by their cached names', async () => {
    const harness = await seeded();
    harness.slack.failNext('users.info', { status: 429, retryAfter: 60 });
    const board = await harness.leaderboard('');
    expect(rowsOf(board)).toHaveLength(5);
    // Four lookups run at once; after the 429 pauses users.info, the fifth person is not asked for.
    expect(harness.slack.callsTo('users.info')).toHaveLength(4);
    const logs = harness.running.logs.join('\n');
    expect(logs.match(/users\.info is rate limited: 1 person shown with cached names/g)).toHaveLength(1);
    expect(logs).not.toMatch(/users\.info for U\w+ failed/);
  });

  it('never lets a name or model produce a mention', async () => {
    const harness = await seeded();
    const message = await harness.leaderboard('');
    const everything = JSON.stringify(message);
    expect(everything).not.toMatch(/<!channel>|<!here>|<@U/);
    expect(everything).toContain('&lt;!channel&gt;');
  });

  it('orders ties deterministically and gives them the same rank', async () => {
    const harness = await seeded();
    const first = rowTexts(await harness.leaderboard(''));
    const second = rowTexts(await harness.leaderboard(''));
    expect(second).toEqual(first);
    expect(first[1]).toMatch(/^🥈 \| \*Bob/);
    expect(first[2]).toMatch(/^🥈 \| \*Carol/);
  });

  it('shows last week and a named week', async () => {
    const harness = await seeded();
    const last = await harness.leaderboard('last');
    expect(textsOf(last.blocks?.[0])).toEqual(['👑 Token Throne · Leaderboard · 2026-W47']);
    expect(textsOf(last.blocks?.[1])[0]).toMatch(/final standings/);
    expect(rowTexts(last)).toEqual(['🥇 | *Dave*  ·  *1.8M* tokens  ·  🧠 AI Grandmaster']);
    const named = await harness.leaderboard('2026-W47');
    expect(rowTexts(named)).toEqual(rowTexts(last));
    expect(textsOf(named.blocks?.at(-1))[0]).toMatch(/You haven't burned any tokens in 2026-W47 yet/);
  });

  it('answers me and @someone with a person card', async () => {
    const harness = await seeded();
    const me = await harness.leaderboard('me');
    const meText = textsOf(me.blocks).join('\n');
    expect(meText).toMatch(/\*You\* \(Casey Caller\) are \*#4\* of 5 in 2026-W48/);
    expect(meText).toMatch(/\*600,000\* tokens \(600K\)/);
    expect(meText).toMatch(/Badges: 🌱 Prompt Apprentice {2}· {2}🧵 Context Weaver {2}· {2}⚔️ Token Knight/);
    expect(meText).toMatch(/Next badge: 🧠 AI Grandmaster in \*400K\* tokens/);
    const someone = await harness.leaderboard('<@U0ALICE01|alice>');
    const someoneText = textsOf(someone.blocks).join('\n');
    expect(someoneText).toMatch(/^🥇 \*Alice Archer\* is \*#1\* of 5/);
    expect(someoneText).toMatch(/Nobody is ahead/);
    expect(someone.blocks?.[0]?.accessory).toMatchObject({
      image_url: `${harness.slack.url}/avatars/U0ALICE01_72.png`,
    });
  });

  it('pages the top 100 with Previous/Next buttons within Block Kit limits', async () => {
    const users = Array.from({ length: 100 }, (_, i) => ({
      id: `U0P${String(i).padStart(6, '0')}`,
      name: `player${i}`,
      displayName: `${'Player With A Rather Long Display Name '.repeat(3)}${i}`,
    }));
    const harness = await start([...users, ...USERS], clock);
    await postUsage(harness.running.url, {
      events: users.map((user, i) => usage(`p${i}`, user.id, 1_000_000 - i * 1000)),
    });
    const page1 = await harness.leaderboard('top 100');
    expect(textsOf(page1.blocks?.[0])).toEqual(['👑 Token Throne · Top 100 · 2026-W48']);
    expect(rowsOf(page1)).toHaveLength(20);
    expect(textsOf(page1.blocks).join('\n')).toContain('Page 1 of 5');
    const actions = page1.blocks?.find((block) => block.type === 'actions');
    const buttons = actions?.elements as Array<{ action_id: string; value: string; text: { text: string } }>;
    expect(buttons.map((button) => button.text.text)).toEqual(['Next ▶']);

    // Press Next as Slack would: a signed block_actions payload with a response_url.
    const page2 = await harness.pressButton(buttons[0] ?? {});
    expect(page2.replace_original).toBe(true);
    const rows = rowTexts(page2);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatch(/^\*#21\* \| /);
    const nav = page2.blocks?.find((block) => block.type === 'actions')?.elements as Array<{ text: { text: string } }>;
    expect(nav.map((button) => button.text.text)).toEqual(['◀ Previous', 'Next ▶']);

    // Block Kit limits on the largest board.
    for (const message of [page1, page2]) {
      expect(message.blocks?.length).toBeLessThanOrEqual(50);
      for (const block of message.blocks ?? []) {
        if (block.type === 'context') expect((block.elements as unknown[]).length).toBeLessThanOrEqual(10);
      }
      for (const text of textsOf(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
      expect(message.text?.length ?? 0).toBeLessThanOrEqual(40_000);
    }
  });

  it('posts a shared board in the channel and names nobody as a mention', async () => {
    const harness = await seeded();
    const shared = await harness.leaderboard('share');
    expect(shared.response_type).toBe('in_channel');
    expect(textsOf(shared.blocks?.at(-1))[0]).toMatch(/^Shared by Casey Caller/);
    expect(JSON.stringify(shared)).not.toMatch(/<@U/);
  });

  it('pages a board shared in the channel privately for whoever presses, leaving the channel message alone', async () => {
    const harness = await seeded();
    await postUsage(harness.running.url, {
      events: Array.from({ length: 30 }, (_, i) => usage(`s${i}`, `U0S${String(i).padStart(6, '0')}`, 5000 + i)),
    });
    const shared = await harness.leaderboard('top 30 share');
    expect(shared.response_type).toBe('in_channel');
    const lastButton = (message: SlackMessage) =>
      (
        message.blocks?.find((block) => block.type === 'actions')?.elements as
          | Array<Record<string, unknown>>
          | undefined
      )?.at(-1) ?? {};

    const alicePage = await harness.pressButton(lastButton(shared), 'U0ALICE01', { inChannel: true });
    const bobPage = await harness.pressButton(lastButton(shared), 'U0BOB0001', { inChannel: true });
    for (const page of [alicePage, bobPage]) {
      expect(page.replace_original).toBe(false);
      expect(page.response_type).toBe('ephemeral');
      expect(rowTexts(page)[0]).toMatch(/^\*#21\* \| /);
    }
    expect(textsOf(alicePage.blocks).join('\n')).toMatch(/👑 You're \*#1\* with \*2\.4M\* tokens/);
    expect(textsOf(bobPage.blocks).join('\n')).toMatch(/You're \*#2\* with \*950K\* tokens/);
    expect(harness.slack.responses.some((response) => response.body.replace_original === true)).toBe(false);

    // Paging on from the private copy replaces that copy, for its owner only.
    const aliceBack = await harness.pressButton(lastButton(alicePage), 'U0ALICE01');
    expect(aliceBack.replace_original).toBe(true);
    expect(textsOf(aliceBack.blocks).join('\n')).toContain('Page 1 of 2');
  });

  it.each(['help', 'dance party', 'top lots'])('answers "%s" with the help', async (text) => {
    const harness = await seeded();
    const message = await harness.leaderboard(text);
    const help = textsOf(message.blocks).join('\n');
    expect(help).toContain('`/leaderboard top 100`');
    expect(help).toContain('`/leaderboard @someone`');
    if (text !== 'help') expect(help).toMatch(/I didn't understand/);
  });

  it('shows an empty throne when nobody has used tokens yet', async () => {
    const harness = await start(USERS, clock);
    const message = await harness.leaderboard('');
    expect(textsOf(message.blocks).join('\n')).toMatch(/The throne is empty/);
  });

  it('acks and apologises in plain words when the board cannot be loaded', async () => {
    const harness = await seeded();
    harness.running.core.db.close();
    const message = await harness.leaderboard('');
    expect(message).toEqual({ response_type: 'ephemeral', text: SOMETHING_WENT_WRONG });
    expect(harness.running.logs.join('\n')).toMatch(/\/leaderboard "" failed/);
  });

  it('answers a page button naming a week its year does not have by saying so', async () => {
    const harness = await seeded();
    const value = JSON.stringify({ week: '2025-W53', page: 1, top: 30 });
    const message = await harness.pressButton({ action_id: 'leaderboard_page_1', value });
    expect(message).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: '⚠️ That button points at 2025-W53, a week its year does not have.',
    });
  });

  it('answers a page button that cannot be loaded with an apology, leaving the board in place', async () => {
    const harness = await seeded();
    const board = await harness.leaderboard('top 30');
    const actions = board.blocks?.find((block) => block.type === 'actions')?.elements as
      | Array<{ value: string }>
      | undefined;
    const next = actions?.[0];
    expect(next?.value).toBeDefined();
    harness.running.core.db.close();
    const message = await harness.pressButton(next ?? {});
    expect(message).toEqual({ response_type: 'ephemeral', replace_original: false, text: SOMETHING_WENT_WRONG });
    expect(harness.running.logs.join('\n')).toMatch(/Page 2 of 2026-W48 failed/);
  });

  describe('refuses requests that Slack did not sign', () => {
    async function send(options: { timestampSeconds?: number; signature?: string | null }) {
      const harness = await seeded();
      const body = slashCommandBody({ text: '', userId: 'U0CALLER1', responseUrl: harness.slack.responseUrl('x') });
      const answer = await postSignedToSlackEndpoint(
        `${harness.running.url}/slack/events`,
        body,
        'application/x-www-form-urlencoded',
        SIGNING_SECRET,
        options,
      );
      return { answer, harness };
    }

    it('without a signature', async () => {
      const { answer, harness } = await send({ signature: null });
      expect(answer.status).toBe(401);
      expect(harness.slack.responses).toHaveLength(0);
    });

    it('with a bad signature', async () => {
      const { answer } = await send({ signature: `v0=${'0'.repeat(64)}` });
      expect(answer.status).toBe(401);
    });

    it('older than 5 minutes', async () => {
      const { answer } = await send({ timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
      expect(answer.status).toBe(401);
    });
  });
});
