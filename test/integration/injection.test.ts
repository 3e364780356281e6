import { describe, expect, it } from 'vitest';
import { createLeaderboardReplies } from '../../src/slack/leaderboard-replies.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { tickingClockFrom } from '../helpers/clocks.js';
import type { FakeSlack, FakeUser } from '../helpers/fake-slack-server.js';
import { type SlackHarness, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');
const W46 = '2026-11-10T10:00:00Z';
const W47 = '2026-11-18T10:00:00Z';
const W48 = '2026-11-24T10:00:00Z';
const WINNERS = 'C0WINNERS1';
const CALLER = 'U0CALLER1';

/** Display names chosen to become a mention or a link if any of them reached Slack unescaped. */
const HOSTILE: FakeUser[] = [
  { id: 'U0EVIL001', name: 'evil1', displayName: '<!channel> Evil' },
  { id: 'U0EVIL002', name: 'evil2', displayName: '<!here> & <!everyone>' },
  { id: 'U0EVIL003', name: 'evil3', displayName: `<@${CALLER}> <#C0GENERAL1|general>` },
  { id: 'U0EVIL004', name: 'evil4', displayName: '<!subteam^S0123ABC|@team> <http://evil.example|click>' },
  { id: 'U0EVIL005', name: 'evil5', displayName: '@channel @here @everyone evil.example https://evil.example/x' },
  { id: 'U0EVIL006', name: 'evil6', displayName: `${'x'.repeat(75)}<!channel>` },
  // No display name: the real name is used, and is just as hostile.
  { id: 'U0EVIL007', name: 'evil7', displayName: '', realName: '<!everyone> Real <mailto:a@evil.example|mail>' },
  { id: 'U0EVIL008', name: 'evil8', displayName: '&lt;!channel&gt; <<!here>> <!date^1392734382^{date}|x>' },
  { id: 'U0MALLORY', name: 'mallory', displayName: '<!here> Mallory', email: 'mallory@evil.example' },
];
const CALLER_USER: FakeUser = { id: CALLER, name: 'caller', displayName: '<@U0EVIL001> Caller <!channel>' };
const FILLERS: FakeUser[] = Array.from({ length: 22 }, (_, i) => ({
  id: `U0FILL${String(i).padStart(3, '0')}`,
  name: `filler${i}`,
  displayName: `<!channel> filler ${i} <https://evil.example/${i}>`,
}));
const USERS = [...HOSTILE, CALLER_USER, ...FILLERS];

const HOSTILE_MODELS = ['gpt-<!channel>', '<http://evil.example|llama>', '<@U0EVIL001>', 'model <!here> &'];

/** Mentions, broadcasts, channel links, user-group pings, dates and links, as Slack's mrkdwn forms them. */
const FORBIDDEN = /<[!@#]|<(?:https?|mailto):/i;
/** A bare broadcast word some surfaces still expand; the bot breaks it with a word joiner. */
const BARE_BROADCAST = /@(?:channel|here|everyone)\b/i;

interface SentMessage {
  surface: string;
  text?: unknown;
  blocks?: unknown;
  view?: unknown;
}

function event(id: string, user: string, tokens: number, timestamp: string, index: number) {
  return usageEvent(id, user, tokens, { timestamp, model: HOSTILE_MODELS[index % HOSTILE_MODELS.length] ?? null });
}

/** W46: the fillers lead (so W47's hostile top 10 are newcomers, and U0EVIL001 climbs from #11). */
function seedEvents() {
  const w46 = [
    ...FILLERS.slice(0, 10).map((user, i) => event(`w46-${i}`, user.id, 1_000_000 - i * 10_000, W46, i)),
    event('w46-evil1', 'U0EVIL001', 500_000, W46, 1),
  ];
  const w47 = [...HOSTILE.filter((user) => user.id !== 'U0MALLORY'), CALLER_USER].map((user, i) =>
    event(`w47-${i}`, user.id, 3_000_000 - i * 100_000, W47, i),
  );
  w47.push(event('w47-mallory', 'mallory@evil.example', 2_150_000, W47, 3));
  const w48 = USERS.map((user, i) => event(`w48-${i}`, user.email ?? user.id, 2_000_000 - i * 50_000, W48, i));
  return [...w46, ...w47, ...w48];
}

/** Every mrkdwn text object inside Block Kit. */
function mrkdwnObjects(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(mrkdwnObjects);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (record.type === 'mrkdwn') return [record];
  return Object.values(record).flatMap(mrkdwnObjects);
}

/** Every message body the fake Slack received: Web API calls that post or publish, and response_url posts. */
function sentMessages(slack: FakeSlack): SentMessage[] {
  const calls = slack.calls
    .filter((call) => /^(chat\.|views\.|files\.completeUploadExternal)/.test(call.method))
    .map((call) => ({
      surface:
        call.method === 'chat.postMessage' || call.method === 'files.completeUploadExternal'
          ? (call.args.channel ?? call.args.channel_id) === WINNERS
            ? 'winners post'
            : `DM ${String(call.args.channel)}: ${String(call.args.text).slice(0, 30)}`
          : call.method,
      text: call.args.text ?? call.args.initial_comment,
      blocks: call.args.blocks,
      view: call.args.view,
    }));
  const responses = slack.responses.map((response) => ({
    surface: `response ${response.path}`,
    text: response.body.text,
    blocks: response.body.blocks,
  }));
  return [...calls, ...responses];
}

/** Checks one message: no mention or link but the winners post's podium, verbatim mrkdwn, no bare broadcast. */
function expectInert(message: SentMessage, allowedMentions: readonly string[] = []) {
  const { text, blocks, view } = message;
  let body = JSON.stringify({ text, blocks, view });
  for (const id of allowedMentions) body = body.replaceAll(`<@${id}>`, '');
  expect(body, `${message.surface}: ${body.slice(0, 400)}`).not.toMatch(FORBIDDEN);
  const texts = [...(typeof text === 'string' ? [text] : []), ...mrkdwnObjects([blocks, view]).map((o) => o.text)];
  for (const part of texts) expect(String(part), message.surface).not.toMatch(BARE_BROADCAST);
  for (const object of mrkdwnObjects([blocks, view])) {
    expect(object.verbatim, `${message.surface}: ${String(object.text).slice(0, 100)}`).toBe(true);
  }
}

function allText(message: Partial<SentMessage> | undefined): string {
  return [String(message?.text ?? ''), ...textsOf([message?.blocks, message?.view])].join('\n');
}

describe('no outside text can make the bot mention or link', () => {
  const start = useSlackHarness();
  const tempDir = useTempDir();

  async function seeded(): Promise<SlackHarness> {
    const harness = await start(USERS, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    const answer = await postUsage(harness.running.url, { events: seedEvents() });
    expect(answer).toMatchObject({ status: 202, body: { accepted: seedEvents().length } });
    // The email resolves to U0MALLORY through users.lookupByEmail; then its events count.
    await harness.slack.waitFor(() => harness.running.core.stores.tallies.tallyOf('2026-W47', 'U0MALLORY'));
    expect(await harness.running.core.messages.deliverAll(10_000)).toBe(true);
    return harness;
  }

  async function pressNext(harness: SlackHarness, button: Record<string, unknown>): Promise<SentMessage> {
    const response = await harness.pressButton(button);
    return { surface: 'page 2', text: response.text, blocks: response.blocks };
  }

  async function openHome(harness: SlackHarness, user: string): Promise<SentMessage> {
    const { view } = await harness.openHome(user);
    return { surface: `App Home of ${user}`, view };
  }

  it('escapes every name, model and argument on every surface, and mentions only the podium', async () => {
    const harness = await seeded();
    const { slack, running } = harness;

    // The crown: winners post and Token Lord DM.
    const crowned = await running.core.crowner.crown();
    expect(crowned).toMatchObject({ status: 'crowned', tokenLord: 'U0EVIL001', week: { key: '2026-W47' } });
    expect(await running.core.messages.deliverAll(10_000)).toBe(true);

    // Every /leaderboard surface.
    const board = await harness.leaderboard('');
    const top = await harness.leaderboard('top 100');
    const nav = top.blocks?.find((block) => block.type === 'actions')?.elements as Array<Record<string, unknown>>;
    expect(nav).toHaveLength(1);
    const page2 = await pressNext(harness, nav[0] ?? {});
    const last = await harness.leaderboard('last');
    const me = await harness.leaderboard('me');
    const someone = await harness.leaderboard('<@U0EVIL001|evil1>');
    const someoneElse = await harness.leaderboard('<@U0EVIL004> last');
    const share = await harness.leaderboard('share');
    const shareCard = await harness.leaderboard('share <@U0EVIL002>');
    const help = await harness.leaderboard('<!channel> <http://evil.example|click>');
    const helps = await Promise.all(
      [
        'top <!here>',
        '<#C0GENERAL1|general>',
        '<!subteam^S0123ABC|@team>',
        '<@U0EVIL001|<!channel>>',
        '@channel',
        '<mailto:a@evil.example|mail>',
        '&lt;!channel&gt;',
        '2026-W99',
      ].map((text) => harness.leaderboard(text)),
    );
    const homes = [await openHome(harness, CALLER), await openHome(harness, 'U0EVIL001')];

    // Every message body Slack received, from every path.
    const messages = sentMessages(slack);
    const winners = messages.filter((message) => message.surface === 'winners post');
    expect(winners).toHaveLength(1);
    const badgeDms = slack.callsTo('chat.postMessage').filter((call) => /new badge/.test(String(call.args.text)));
    expect(badgeDms.length).toBeGreaterThanOrEqual(USERS.length);
    const lordDms = slack
      .callsTo('chat.postMessage')
      .filter((call) => String(call.args.text).startsWith('👑 You are the Token Lord'));
    expect(lordDms).toHaveLength(1);
    expect(slack.callsTo('views.publish')).toHaveLength(2);
    expect(slack.responses).toHaveLength(18);

    const podium = ['U0EVIL001', 'U0EVIL002', 'U0EVIL003'];
    for (const message of messages) expectInert(message, message.surface === 'winners post' ? podium : []);

    // The winners post mentions exactly the podium, by their real Slack IDs, and nobody else.
    const winnersPost = winners[0];
    const mentioned = new Set(JSON.stringify(winnersPost?.blocks).match(/<@[^>]*>/g));
    expect([...mentioned].sort()).toEqual(podium.map((id) => `<@${id}>`));
    // With its podium card the post is shared by files.completeUploadExternal: blocks only, no text.
    expect(winnersPost?.text).toBeUndefined();
    // Chat messages never unfurl a link either.
    for (const call of slack.callsTo('chat.postMessage')) {
      expect(String(call.args.unfurl_links)).toBe('false');
      expect(String(call.args.unfurl_media)).toBe('false');
    }

    // The hostile text is still there, shown as text.
    expect(allText(board)).toContain('*&lt;!channel&gt; Evil* 👑 _Token Lord_');
    expect(allText(board)).toContain('&lt;!here&gt; &amp; &lt;!everyone&gt;');
    expect(allText(board)).toContain(`&lt;@${CALLER}&gt; &lt;#C0GENERAL1|general&gt;`);
    expect(allText(board)).toContain('&lt;!subteam^S0123ABC|@team&gt; &lt;http://evil.example|click&gt;');
    expect(allText(board)).toContain('@\u2060channel @\u2060here @\u2060everyone evil.example https://evil.example/x');
    expect(allText(board)).toContain('&lt;!everyone&gt; Real &lt;mailto:a@evil.example|mail&gt;');
    expect(allText(board)).toContain('&amp;lt;!channel&amp;gt; &lt;&lt;!here&gt;&gt;');
    // Shortened to 80 characters after escaping, between whole characters, never inside an entity.
    expect(allText(board)).toContain(`${'x'.repeat(75)}&lt;…`);
    expect(allText(board)).toContain('&lt;@U0EVIL001&gt; Caller &lt;!channel&gt;');
    expect(allText(top)).toContain('&lt;!channel&gt; filler');
    expect(allText(page2)).toContain('&lt;!channel&gt; filler');
    expect(allText(last)).toContain('&lt;!here&gt; Mallory');
    expect(allText(me)).toContain('&lt;@U0EVIL001&gt; Caller &lt;!channel&gt;');
    expect(allText(someone)).toContain('&lt;!channel&gt; Evil');
    expect(allText(someoneElse)).toContain('&lt;http://evil.example|click&gt;');
    expect(allText(share)).toContain('Shared by &lt;@U0EVIL001&gt; Caller &lt;!channel&gt;');
    expect(allText(shareCard)).toContain('&lt;!here&gt; &amp; &lt;!everyone&gt;');
    expect(allText(help)).toContain('I didn\'t understand "&lt;!channel&gt;"');
    expect(allText(helps[0])).toContain('"top &lt;!here&gt;"');
    expect(allText(helps[1])).toContain('&lt;#C0GENERAL1|general&gt;');
    expect(allText(helps[3])).toContain('&lt;@U0EVIL001|&lt;!channel&gt;&gt;');
    expect(allText(helps[4])).toContain('"@\u2060channel"');
    for (const home of homes) expect(allText(home)).toContain('&lt;!channel&gt; Evil');
    expect(allText(homes[0])).toContain('&lt;@U0EVIL001&gt; Caller &lt;!channel&gt;');
    const winnersText = allText(winnersPost);
    expect(winnersText).toContain('🔥 Longest streak: *&lt;!channel&gt; Evil*, 2 weeks in a row with a badge');
    expect(winnersText).toContain('📈 Biggest climber: *&lt;!channel&gt; Evil*, up 10 places from #11 to #1');
    expect(winnersText).toContain('*&lt;!subteam^S0123ABC|@team&gt; &lt;http://evil.example|click&gt;*');
    // Image alt texts are plain text, with the angle brackets swapped for look-alikes.
    expect(JSON.stringify(winnersPost?.blocks)).toContain('"alt_text":"‹!channel› Evil"');
  });

  it('escapes hostile names and models in the messages local mode prints, where emails stand for people', async () => {
    // Local mode sends nothing to Slack: its messages are the outbox rows and what the log prints.
    const running = await startApp(tempDir(), { WINNERS_CHANNEL: WINNERS }, tickingClockFrom(WEDNESDAY_W48));
    try {
      const people = [
        'lord@evil.example',
        'here@channel.example',
        'everyone+tag@evil.example',
        'x.y@sub.evil.example',
        'U0EVIL001',
      ];
      const events = [
        ...people.map((user, i) => event(`w46-${i}`, user, 100_000 * (5 - i), W46, i)),
        ...people.map((user, i) => event(`w47-${i}`, user, 3_000_000 - i * 100_000, W47, i)),
        event('w47-late-riser', 'riser@evil.example', 2_950_000, W47, 1),
      ];
      expect((await postUsage(running.url, { events })).status).toBe(202);
      await running.core.crowner.crown();
      expect(await running.core.messages.deliverAll(10_000)).toBe(true);

      const rows = running.core.db.prepare('SELECT kind, text, blocks FROM outbox').all() as Array<{
        kind: string;
        text: string;
        blocks: string | null;
      }>;
      const winners = rows.find((row) => row.kind === 'winners_post');
      expect(winners).toBeDefined();
      for (const row of rows) {
        const message: SentMessage = {
          surface: `local ${row.kind}`,
          text: row.text,
          blocks: row.blocks ? (JSON.parse(row.blocks) as unknown) : undefined,
        };
        // The one Slack user ID on the podium may be mentioned; the emails are named as text.
        expectInert(message, row.kind === 'winners_post' ? ['U0EVIL001'] : []);
      }
      const winnersText = allText({
        surface: 'winners',
        text: winners?.text,
        blocks: JSON.parse(winners?.blocks ?? '[]'),
      });
      expect(winnersText).toContain('🥇  *lord@evil.example*');
      expect(winnersText).toContain('*here@\u2060channel.example*');
      expect(winnersText).not.toMatch(/<@[^U]/);
      const printed = running.logs.filter((line) => line.includes('local mode: winners_post'));
      expect(printed).toHaveLength(1);
      expect(printed[0]).not.toMatch(/<[!#]|<(?:https?|mailto):|<@(?!U0EVIL001>)/i);

      const board = await createLeaderboardReplies(running.core).reply(
        { kind: 'board', week: { kind: 'last' }, top: 10, share: true },
        'here@channel.example',
      );
      expectInert({ surface: 'local board', text: board.text, blocks: board.blocks });
      expect(allText({ surface: 'local board', text: board.text, blocks: board.blocks })).toContain(
        'Shared by here@\u2060channel.example',
      );
    } finally {
      await running.stop();
    }
  });
});
