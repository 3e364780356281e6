import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { previousWeek, weekOf } from '../../src/weeks/week-of.js';
import { screenshot, useSealedBrowser } from '../helpers/browser.js';
import { postUsage } from '../helpers/start-app.js';
import { signIn, useWebBoards, type WebBoard } from '../helpers/web-board.js';

const ALICE = { id: 'U0ALICE01', name: 'Alice Liddell' };
const MALLORY = { id: 'U0MALLORY', name: '<img src=x onerror=alert(1)> <!channel> <@U0ALICE01> & co' };
const PEOPLE = [
  ALICE,
  MALLORY,
  ...[
    'Bob Builder',
    'Carol Danvers',
    'Dan Brown',
    'Erin Hunter',
    'Frank Ocean',
    'Grace Hopper',
    'Heidi Klum',
    'Ivan Drago',
    'Judy Hopps',
    'Ken Thompson',
  ].map((name, index) => ({ id: `U0PEOPLE${index}`, name })),
];

/** Every picture on the page arrived and decoded. */
const imagesLoaded = (page: Page) =>
  page.evaluate('[...document.images].map((image) => image.complete && image.naturalWidth > 0)') as Promise<boolean[]>;

/** A board with two weeks of usage: last week crowned (Alice won), this week under way. */
async function seed(board: WebBoard) {
  const now = new Date();
  const thisWeek = weekOf(now, 'UTC');
  const lastWeek = previousWeek(thisWeek, 'UTC');
  const lastWeekTime = new Date(lastWeek.start.getTime() + 86_400_000).toISOString();
  const models = ['gpt-4o', 'claude-sonnet-4', 'llama-3.1-405b'];
  const events = PEOPLE.flatMap((person, index) => [
    {
      id: `now-${person.id}`,
      user: person.id,
      model: models[index % 3],
      input_tokens: 2_600_000 - index * 210_000,
      output_tokens: 1000,
      timestamp: now.toISOString(),
    },
    {
      id: `last-${person.id}`,
      user: person.id,
      model: 'gpt-4o',
      input_tokens: 900_000 - index * 50_000,
      output_tokens: 0,
      timestamp: lastWeekTime,
    },
  ]);
  events.push({
    id: 'alice-claude',
    user: ALICE.id,
    model: 'claude-sonnet-4',
    input_tokens: 400_000,
    output_tokens: 0,
    timestamp: now.toISOString(),
  });
  expect((await postUsage(board.running.url, { events })).status).toBe(202);
  await board.running.core.crowner.crown(lastWeek.key);
  return { thisWeek, lastWeek };
}

describe('the board, a person and the Hall of Fame in a real browser', { timeout: 90_000 }, () => {
  const browser = useSealedBrowser();
  const boards = useWebBoards();

  it('shows the week top with avatars, badges, the Token Lord, totals and the time to the reset; names stay text', async () => {
    const board = await boards.start(PEOPLE);
    const { lastWeek } = await seed(board);
    const sealed = await browser.context();
    const page = await sealed.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, board, ALICE.id);

    const rows = page.locator('table.board tbody tr');
    expect(await rows.count()).toBe(PEOPLE.length);
    expect(await rows.first().locator('.who').textContent()).toContain(ALICE.name);
    expect(await page.locator('tr.you').getAttribute('data-user')).toBe(ALICE.id);
    expect(await page.locator('.lord .name').textContent()).toBe(ALICE.name);
    expect(await page.locator('tr.you .crown').count()).toBe(1);
    expect(await page.locator('tr.you .badge').textContent()).toContain('Token Overlord');
    const stats = await page.locator('.stats').textContent();
    expect(stats).toContain(`${PEOPLE.length}people`);
    expect(stats).toMatch(/\d+d \d+huntil the reset|\d+h \d+muntil the reset/);
    const loaded = await imagesLoaded(page);
    expect(loaded.length).toBe(PEOPLE.length + 1);
    expect(loaded.every(Boolean)).toBe(true);
    // The hostile name is shown as the text it is: no element, no script, no mention.
    expect(await page.locator(`tr[data-user="${MALLORY.id}"] .who`).textContent()).toBe(MALLORY.name);
    expect(await page.locator('img:not(.avatar)').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'board');

    await page.getByTitle('Previous week').click();
    await page.waitForURL(`${board.base}/board?week=${lastWeek.key}`);
    expect(await page.locator('h1').textContent()).toBe(lastWeek.key);
    expect(await page.locator('.live-dot').count()).toBe(0);

    const missing = await page.goto(`${board.base}/board?week=2026-W99`);
    expect(missing?.status()).toBe(404);
  });

  it('draws a person’s weeks as an SVG chart with a crown, their models, badges and crowns', async () => {
    const board = await boards.start(PEOPLE);
    const { lastWeek, thisWeek } = await seed(board);
    const sealed = await browser.context();
    const page = await sealed.newPage();
    await signIn(page, board, ALICE.id, `/people/${ALICE.id}`);

    expect(await page.locator('h1').textContent()).toContain(ALICE.name);
    expect(await page.locator('h1 .crowns').textContent()).toBe('👑');
    const bars = page.locator('svg.chart').first().locator('rect.bar');
    expect(await bars.count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('svg.chart rect.bar.crowned title').textContent()).toContain(
      `${lastWeek.key}: 900,000 tokens 👑`,
    );
    expect(await bars.last().locator('title').textContent()).toBe(`${thisWeek.key}: 3,001,000 tokens`);
    const models = await page.locator('svg.chart').nth(1).locator('text.label').allTextContents();
    expect(models).toEqual(['gpt-4o', 'claude-sonnet-4']);
    expect(await page.locator('ul.ladder li.earned').count()).toBe(5);
    expect(await page.locator('.weeks a').allTextContents()).toEqual([lastWeek.key]);
    expect((await imagesLoaded(page)).every(Boolean)).toBe(true);
    await screenshot(page, 'person');

    await page.goto(`${board.base}/people/${MALLORY.id}`);
    expect(await page.locator('h1').textContent()).toBe(MALLORY.name);
    expect(await page.locator('img:not(.avatar)').count()).toBe(0);
    const nobody = await page.goto(`${board.base}/people/not-a-user`);
    expect(nobody?.status()).toBe(404);
  });

  it('lists the Token Lords and the weeks in the Hall of Fame', async () => {
    const board = await boards.start(PEOPLE);
    const { lastWeek } = await seed(board);
    const sealed = await browser.context();
    const page = await sealed.newPage();
    await signIn(page, board, ALICE.id, '/hall-of-fame');

    expect(await page.locator('.lord .name').textContent()).toBe(ALICE.name);
    const tables = page.locator('table.board');
    expect(await tables.first().locator('tbody tr .who').allTextContents()).toEqual([ALICE.name]);
    // The same Hall of Fame as `/leaderboard hall`: crowns, the longest run, the longest reign.
    expect(await tables.first().locator('tbody tr td.num').allTextContents()).toEqual(['👑', '1 week']);
    expect(await page.locator('.records').textContent()).toContain(`Longest reign: ${ALICE.name}, 1 week`);
    expect(await tables.nth(1).locator('tbody tr td:first-child').allTextContents()).toEqual([lastWeek.key]);
    expect((await imagesLoaded(page)).every(Boolean)).toBe(true);
    await screenshot(page, 'hall-of-fame');
  });
});
