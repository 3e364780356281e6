import { describe, expect, it } from 'vitest';
import { previousWeek, weekOf } from '../../src/weeks/week-of.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { useSealedBrowser } from '../helpers/browser.js';
import { postUsage } from '../helpers/start-app.js';
import { signIn, useWebBoards } from '../helpers/web-board.js';

const ALICE = { id: 'U0ALICE01', name: 'Alice Liddell' };
const BOB = { id: 'U0BOB0001', name: 'Bob Hiddenson' };
const CAROL = { id: 'U0CAROL01', name: 'Carol Danvers' };

describe('fair play on the web board', { timeout: 90_000 }, () => {
  const browser = useSealedBrowser();
  const boards = useWebBoards();

  it('never names someone who left the shared board, and never shows usage held for review', async () => {
    const board = await boards.start([ALICE, BOB, CAROL], { SOURCE_DAILY_CAP: '1000000' });
    const now = new Date();
    const lastWeek = previousWeek(weekOf(now, 'UTC'), 'UTC');
    const lastWeekTime = new Date(lastWeek.start.getTime() + 86_400_000).toISOString();
    const event = (id: string, user: string, tokens: number, model: string, timestamp = now.toISOString()) =>
      usageEvent(id, user, tokens, { model, timestamp });
    await postUsage(board.running.url, {
      events: [
        event('bob-last', BOB.id, 900_000, 'gpt-4o', lastWeekTime),
        event('alice-last', ALICE.id, 100_000, 'gpt-4o', lastWeekTime),
        event('bob-now', BOB.id, 500_000, 'gpt-4o'),
        event('carol-now', CAROL.id, 200_000, 'gpt-4o'),
        event('alice-counted', ALICE.id, 300_000, 'gpt-4o'),
      ],
    });
    // Over the source's daily cap: held for review, not Alice's to show yet.
    await postUsage(board.running.url, { events: [event('alice-held', ALICE.id, 900_000, 'held-model')] });
    const stateOf = board.running.core.db.prepare('SELECT state FROM usage_events_named WHERE event_id = ?').pluck();
    expect(stateOf.get('alice-held')).toBe('held');
    await board.running.core.crowner.crown(lastWeek.key);
    board.running.core.stores.people.setVisible(BOB.id, false, now.getTime());

    const sealed = await browser.context();
    const page = await sealed.newPage();
    await signIn(page, board, CAROL.id);
    const everyPage = async (path: string) => {
      await page.goto(`${board.base}${path}`);
      return (await page.locator('body').textContent()) ?? '';
    };

    const boardText = await everyPage('/board');
    expect(boardText).not.toContain(BOB.name);
    expect(
      await page
        .locator('table.board tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-user'))),
    ).toEqual([ALICE.id, CAROL.id]);
    expect(await page.locator(`tr[data-user="${ALICE.id}"] .tokens`).textContent()).toBe('300K');
    expect(await page.locator('.lord').count()).toBe(0);
    expect(await everyPage('/tv')).not.toContain(BOB.name);
    const hall = await everyPage('/hall-of-fame');
    expect(hall).not.toContain(BOB.name);
    expect(hall).toContain('someone off the shared board');
    expect(hall).not.toContain('900K');

    const refused = await page.goto(`${board.base}/people/${BOB.id}`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('body').textContent()).not.toContain(BOB.name);

    await page.goto(`${board.base}/people/${ALICE.id}`);
    expect(await page.locator('svg.chart').nth(1).locator('text.label').allTextContents()).toEqual(['gpt-4o']);
    expect(await page.locator('svg.chart rect.bar title').last().textContent()).toContain('300,000 tokens');

    // Bob still sees his own page.
    const own = await (await browser.context()).newPage();
    await signIn(own, board, BOB.id, `/people/${BOB.id}`);
    expect(await own.locator('h1').textContent()).toContain(BOB.name);
  });
});
