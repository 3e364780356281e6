import { describe, expect, it } from 'vitest';
import { REVIEW_APPROVE_ACTION_ID, REVIEW_REJECT_ACTION_ID } from '../../src/slack/blocks/review-post.js';
import type { FakeSlack, FakeUser } from '../helpers/fake-slack-server.js';
import { type SlackHarness, textsOf, useSlackHarness } from '../helpers/slack-harness.js';
import { IDE_AUTH, postUsage } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';
import { winnersPosts } from '../helpers/winners-posts.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const REVIEWS = 'C0REVIEW1';
const WINNERS = 'C0WINNERS1';
const ADMIN = 'U0ADMIN01';
const PAT = 'U0PAT0001'; // four weeks of steady history
const NIA = 'U0NIA0001'; // a newcomer with a huge first day
const NED = 'U0NED0001'; // a newcomer with a big but believable first day
const MALLORY = 'U0MALLORY';
const USERS: FakeUser[] = [ADMIN, PAT, NIA, NED, MALLORY].map((id) => ({
  id,
  name: id.toLowerCase(),
  displayName: id,
}));

const usage = (id: string, user: string, tokens: number, timestamp: string, model = 'gpt-4o') => ({
  id,
  user,
  model,
  input_tokens: tokens,
  output_tokens: 0,
  timestamp,
});

/** Pat: 200K a day on the 20 days from 28 Oct to 16 Nov. */
const HISTORY = Array.from({ length: 20 }, (_, index) => {
  const day = new Date(Date.UTC(2026, 9, 28 + index, 10));
  return usage(`history-${index}`, PAT, 200_000, day.toISOString());
});

const reviewPosts = (slack: FakeSlack) =>
  slack.callsTo('chat.postMessage').filter((call) => call.args.channel === REVIEWS);

function reviewButton(slack: FakeSlack, index: number, actionId: string) {
  const blocks = reviewPosts(slack)[index]?.args.blocks as Array<{
    type: string;
    elements?: Array<Record<string, unknown>>;
  }>;
  const button = blocks
    .find((block) => block.type === 'actions')
    ?.elements?.find((element) => element.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on review post ${index}`);
  return button;
}

function badgeDmsTo(slack: FakeSlack, userId: string, badge: string) {
  return slack
    .callsTo('chat.postMessage')
    .filter((call) => call.args.channel === userId && String(call.args.text).includes(badge));
}

describe('usage held for review', () => {
  const start = useSlackHarness();

  async function seeded(): Promise<SlackHarness> {
    const harness = await start(USERS, () => NOW, {
      ADMIN_USERS: ADMIN,
      REVIEW_CHANNEL: REVIEWS,
      WINNERS_CHANNEL: WINNERS,
      SOURCE_DAILY_CAP: '2600000',
    });
    const url = harness.running.url;
    expect((await postUsage(url, { events: HISTORY })).status).toBe(202);
    const answer = await postUsage(url, {
      events: [
        usage('nia-1', NIA, 2_500_000, '2026-11-20T10:00:00Z', 'llama-3.1-405b'),
        usage('ned-1', NED, 1_500_000, '2026-11-20T10:00:00Z'),
        usage('pat-spike', PAT, 2_500_000, '2026-11-24T10:00:00Z', 'o3'),
      ],
    });
    expect(answer).toEqual({ status: 202, body: { accepted: 3, duplicates: 0 } });
    return harness;
  }

  it('holds a jump against the person’s own history and a newcomer against the organisation, with evidence', async () => {
    const harness = await seeded();
    const { core: app } = harness.running;
    expect(app.fairPlay.reviews.pending().map((review) => [review.userId, review.day, review.rule])).toEqual([
      [NIA, '2026-11-20', 'newcomer'],
      [PAT, '2026-11-24', 'spike'],
    ]);
    // Nothing held is in a tally; Ned's first day is under 10× the organisation's usual 200K.
    expect(app.stores.tallies.tallyOf('2026-W47', NIA)).toBeUndefined();
    expect(app.stores.tallies.tallyOf('2026-W47', NED)?.tokens).toBe(1_500_000);
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)).toBeUndefined();
    expect(tallyMismatches(app.db)).toEqual([]);

    await app.messages.deliverDue();
    const posts = reviewPosts(harness.slack);
    expect(posts).toHaveLength(2);
    const patPost = textsOf(posts[1]?.args.blocks as unknown[]).join('\n');
    expect(patPost).toMatch(/⏳ Usage held for review · #2/);
    expect(patPost).toMatch(
      /2\.5M tokens on 2026-11-24, against a usual day of \*200K\* \(the median of their 20 active days before it\): above the limit of \*2M\*/,
    );
    expect(patPost).toMatch(/Their weeks before: W44 1M {2}· {2}W45 1\.4M {2}· {2}W46 1\.4M {2}· {2}W47 200K/);
    expect(patPost).toMatch(/Held: \*2\.5M\* tokens \(2,500,000\) in 1 request {2}· {2}o3 2\.5M/);
    expect(patPost).not.toMatch(new RegExp(`<@${PAT}>`));
    const niaPost = textsOf(posts[0]?.args.blocks as unknown[]).join('\n');
    expect(niaPost).toMatch(/against the organisation's usual day of \*200K\* \(median of 20 person-days\)/);

    const me = await harness.leaderboard('me', PAT);
    expect(textsOf(me.blocks).join('\n')).toMatch(
      /⏳ Pending review: \*2\.5M\* tokens in 1 request, not counted until an admin approves it/,
    );
    const board = await harness.leaderboard('last', ADMIN);
    expect(JSON.stringify(board)).not.toMatch(/U0NIA0001/);
    expect(badgeDmsTo(harness.slack, PAT, '2026-W48')).toEqual([]);
  });

  it('holds a source over SOURCE_DAILY_CAP for the rest of that day', async () => {
    const harness = await seeded();
    const { core: app, url } = harness.running;
    const first = [usage('ide-1', PAT, 1_500_000, '2026-11-25T09:00:00Z')];
    expect((await postUsage(url, { events: first }, IDE_AUTH)).status).toBe(202);
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)?.tokens).toBe(1_500_000);
    const second = [usage('ide-2', PAT, 1_200_000, '2026-11-25T10:00:00Z')];
    expect((await postUsage(url, { events: second }, IDE_AUTH)).status).toBe(202);
    const third = [usage('ide-3', PAT, 1_000, '2026-11-25T11:00:00Z')];
    expect((await postUsage(url, { events: third }, IDE_AUTH)).status).toBe(202);
    const cap = app.fairPlay.reviews.pending().find((review) => review.rule === 'cap');
    expect(cap).toMatchObject({ userId: PAT, day: '2026-11-25', source: 'ide' });
    expect(app.fairPlay.reviews.held(cap?.id ?? 0)).toMatchObject({ tokens: 1_201_000, events: 2 });
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)?.tokens).toBe(1_500_000);
    await app.messages.deliverDue();
    const capPost = textsOf(reviewPosts(harness.slack).at(-1)?.args.blocks as unknown[]).join('\n');
    expect(capPost).toMatch(
      /2\.7M tokens from \*ide\* on 2026-11-25, above the daily cap of \*2\.6M\* per person and source/,
    );
  });

  it('lets only admins decide: approving counts it and sends its badge DM once, rejecting voids it', async () => {
    const harness = await seeded();
    const { core: app } = harness.running;
    await app.messages.deliverDue();
    const approve = reviewButton(harness.slack, 1, REVIEW_APPROVE_ACTION_ID);
    const reject = reviewButton(harness.slack, 0, REVIEW_REJECT_ACTION_ID);

    const forged = await harness.pressButton(approve, MALLORY);
    expect(forged).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(forged.text).toMatch(/Only admins \(ADMIN_USERS\)/);
    expect(await harness.pressButton(reject, MALLORY)).toMatchObject({ response_type: 'ephemeral' });
    expect(app.fairPlay.reviews.pending()).toHaveLength(2);
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)).toBeUndefined();

    const approved = await harness.pressButton(approve, ADMIN);
    expect(approved.replace_original).toBe(true);
    expect(approved.text).toMatch(
      /^✅ Approved review #2 \(2026-11-24, gateway\) by `U0ADMIN01`: 2\.5M tokens now count/,
    );
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)?.tokens).toBe(2_500_000);
    const again = await harness.pressButton(approve, ADMIN);
    expect(again.text).toMatch(/Review #2 was already approved by U0ADMIN01; nothing changed/);
    await app.messages.deliverDue();
    expect(badgeDmsTo(harness.slack, PAT, 'Token Overlord')).toHaveLength(1);

    const rejected = await harness.pressButton(reject, ADMIN);
    expect(rejected.text).toMatch(/^🚫 Rejected review #1/);
    expect(app.stores.tallies.tallyOf('2026-W47', NIA)).toBeUndefined();
    expect(app.db.prepare("SELECT state FROM usage_events_named WHERE event_id = 'nia-1'").pluck().get()).toBe(
      'voided',
    );
    expect(tallyMismatches(app.db)).toEqual([]);

    // More usage on an approved day from the same source counts without a new review.
    await postUsage(harness.running.url, { events: [usage('pat-more', PAT, 100_000, '2026-11-24T15:00:00Z')] });
    expect(app.stores.tallies.tallyOf('2026-W48', PAT)?.tokens).toBe(2_600_000);
    await app.messages.deliverDue();
    expect(badgeDmsTo(harness.slack, PAT, 'Token Overlord')).toHaveLength(1);

    const log = app.fairPlay.audit.list(undefined, 10);
    expect(log.map((entry) => [entry.actor, entry.action, entry.events, entry.effects])).toEqual([
      [ADMIN, 'reject', 1, []],
      [ADMIN, 'approve', 1, [{ week: '2026-W48', userId: PAT, before: 0, after: 2_500_000 }]],
    ]);
    const auditReply = await harness.leaderboard('audit', ADMIN);
    expect(textsOf(auditReply.blocks).join('\n')).toMatch(/\*reject\* by `U0ADMIN01`/);
  });

  it('crowns without held usage and says something was held that week', async () => {
    const harness = await seeded();
    const { core: app } = harness.running;
    expect(await app.crowner.crown()).toMatchObject({ tokenLord: NED, week: { key: '2026-W47' } });
    await app.messages.deliverDue();
    const [post] = winnersPosts(harness.slack, WINNERS);
    const texts = textsOf(post?.args.blocks as unknown[]).join('\n');
    expect(texts).toMatch(/⏳ 1 batch of usage is held for review and not in these numbers\./);
    expect(texts).not.toMatch(/U0NIA0001/);
  });
});
