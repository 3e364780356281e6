import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, PODIUM_LAYOUT } from '../../src/card/podium-card.js';
import { tickingClockFrom } from '../helpers/clocks.js';
import { avatarColour } from '../helpers/fake-slack/avatars.js';
import type { FakeSlack, FakeUser } from '../helpers/fake-slack-server.js';
import { textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WINNERS = 'C0WINNERS1';
const WEDNESDAY_W48 = new Date('2026-11-25T12:00:00Z');
/** Where the tests leave the cards they check, for a person to open. */
const CARD_DIR = join(import.meta.dirname, '..', '..', 'data', 'test-cards');

const PEOPLE: FakeUser[] = [
  { id: 'U0ADA0001', name: 'ada', displayName: 'Ada Lovelace' },
  { id: 'U0GRACE01', name: 'grace', displayName: 'Grace Hopper' },
  // Slack gives a picture the fake cannot serve: the card draws one for her.
  { id: 'U0LINUS01', name: 'linus', displayName: 'Linus T', image192: 'http://127.0.0.1:9/nowhere.png' },
  { id: 'U0DAVE001', name: 'dave', displayName: 'Dave' },
];

const usage = (key: string, user: string, tokens: number, model = 'gpt-4o') => ({
  id: key,
  user,
  model,
  input_tokens: tokens - 100_000,
  output_tokens: 100_000,
  timestamp: '2026-11-18T10:00:00Z',
});

async function seed(url: string) {
  const answer = await postUsage(url, {
    events: [
      usage('1', 'U0ADA0001', 2_400_000),
      usage('2', 'U0GRACE01', 2_050_000),
      usage('3', 'U0LINUS01', 1_800_000, 'house-llama'),
      usage('4', 'U0DAVE001', 300_000),
    ],
  });
  expect(answer.status).toBe(202);
}

async function pixelsOf(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    at(place: 1 | 2 | 3) {
      const slot = PODIUM_LAYOUT[place];
      const x = Math.round(slot.x - slot.radius * 0.6);
      const y = Math.round(slot.avatarY - slot.radius * 0.2);
      return Array.from(data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
    },
  };
}

function near(pixel: number[], colour: readonly number[]): boolean {
  return colour.every((value, i) => Math.abs((pixel[i] ?? -99) - value) <= 3);
}

function completed(slack: FakeSlack, channel: string) {
  return slack.callsTo('files.completeUploadExternal').filter((call) => call.args.channel_id === channel);
}

function uploadedPng(slack: FakeSlack, call: { args: Record<string, unknown> }): Buffer {
  const [file] = JSON.parse(String(call.args.files)) as Array<{ id: string; title: string }>;
  const bytes = slack.uploads.get(file?.id ?? '')?.bytes;
  if (!bytes) throw new Error('the card was not uploaded');
  return bytes;
}

describe('the podium card', () => {
  const start = useSlackHarness();

  it('goes with the winners post exactly once: uploaded, shared with the post, a PNG of the podium', async () => {
    const harness = await start(PEOPLE, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    const { slack, running } = harness;
    await seed(running.url);
    await running.core.crowner.crown();
    await running.core.crowner.crown();
    expect(await running.core.messages.deliverAll(10_000)).toBe(true);

    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    const [share, ...more] = completed(slack, WINNERS);
    expect(more).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage').filter((call) => call.args.channel === WINNERS)).toHaveLength(0);
    const texts = textsOf(share?.args.blocks);
    expect(texts[0]).toBe('👑 The Token Lord of 2026-W47 is crowned!');
    expect(texts.join('\n')).toContain('💸 Estimated AI bill: *$');
    expect(texts.join('\n')).toContain('(plus 1.8M tokens of models with no known price)');
    expect(JSON.parse(String(share?.args.files))).toEqual([{ id: 'F0CARD0001', title: 'The podium of 2026-W47' }]);

    const png = uploadedPng(slack, share ?? { args: {} });
    mkdirSync(CARD_DIR, { recursive: true });
    writeFileSync(join(CARD_DIR, 'winners-post.png'), png);
    const card = await pixelsOf(png);
    expect([card.width, card.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    // Ada and Grace have their Slack pictures (the 192 px ones); Linus's could not be fetched.
    expect(near(card.at(1), avatarColour('U0ADA0001'))).toBe(true);
    expect(near(card.at(2), avatarColour('U0GRACE01'))).toBe(true);
    expect(card.at(3)[3]).toBe(255);
    expect(near(card.at(3), avatarColour('U0LINUS01'))).toBe(false);
    expect(slack.avatarFetches).toEqual(
      expect.arrayContaining(['/avatars/U0ADA0001_192.png', '/avatars/U0GRACE01_192.png']),
    );
  });

  it('is shared once even when Slack fails the first completion, and avatars come from the cache after', async () => {
    const harness = await start(PEOPLE, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    const { slack, running } = harness;
    await seed(running.url);
    slack.failNext('files.completeUploadExternal', { status: 503 });
    await running.core.crowner.crown();
    expect(await running.core.messages.deliverAll(10_000)).toBe(true);
    expect(completed(slack, WINNERS)).toHaveLength(2);
    expect(running.core.db.prepare("SELECT status, slack_ts FROM outbox WHERE kind = 'winners_post'").get()).toEqual({
      status: 'sent',
      slack_ts: 'file:F0CARD0002',
    });

    const fetched = slack.avatarFetches.length;
    const shared = await harness.leaderboard('last share');
    expect(shared.response_type).toBe('in_channel');
    await slack.waitFor(() => completed(slack, 'C0GENERAL1').length === 1);
    const [card] = completed(slack, 'C0GENERAL1');
    expect(card?.args.initial_comment).toBe('🏆 The podium of 2026-W47');
    expect(slack.avatarFetches).toHaveLength(fetched);
  });

  it('posts the winners post without its picture when the workspace has not granted files:write', async () => {
    const harness = await start(PEOPLE, tickingClockFrom(WEDNESDAY_W48), { WINNERS_CHANNEL: WINNERS });
    const { slack, running } = harness;
    await seed(running.url);
    slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    await running.core.crowner.crown();
    expect(await running.core.messages.deliverAll(10_000)).toBe(true);
    expect(completed(slack, WINNERS)).toHaveLength(0);
    const posts = slack.callsTo('chat.postMessage').filter((call) => call.args.channel === WINNERS);
    expect(posts).toHaveLength(1);
    expect(textsOf(posts[0]?.args.blocks)[0]).toBe('👑 The Token Lord of 2026-W47 is crowned!');
    expect(running.logs.join('\n')).toContain('Slack refused its picture (missing_scope); posting it without.');
  });

  it('says "so far" on a card shared while the week runs', async () => {
    const harness = await start(PEOPLE, tickingClockFrom(new Date('2026-11-20T12:00:00Z')));
    await seed(harness.running.url);
    await harness.leaderboard('share');
    await harness.slack.waitFor(() => completed(harness.slack, 'C0GENERAL1').length === 1);
    const [card] = completed(harness.slack, 'C0GENERAL1');
    expect(card?.args.initial_comment).toBe('🏆 The top 3 of 2026-W47 so far');
  });
});

describe('the podium card in local mode', () => {
  const tempDir = useTempDir();

  it('is written to a file whose path is printed with the winners post', async () => {
    const dir = tempDir();
    const running = await startApp(dir, { WINNERS_CHANNEL: WINNERS }, tickingClockFrom(WEDNESDAY_W48));
    try {
      await seed(running.url);
      await running.core.crowner.crown();
      await running.core.messages.deliverAll(10_000);
      const path = join(dir, 'cards', 'podium-2026-W47.png');
      expect(running.logs.join('\n')).toContain(`🖼️ The podium of 2026-W47: ${path}`);
      expect(existsSync(path)).toBe(true);
      const card = await pixelsOf(await import('node:fs').then((fs) => fs.readFileSync(path)));
      expect(card.width).toBe(CARD_WIDTH);
    } finally {
      await running.stop();
    }
  });
});
