import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useSealedBrowser } from '../helpers/browser.js';
import { runCli } from '../helpers/run-cli.js';
import { postUsage } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';
import type { WebBoard } from '../helpers/web-board.js';
import { useWebBoards } from '../helpers/web-board.js';

const PEOPLE = ['Alice Liddell', 'Bob Builder', 'Carol Danvers', 'Dan Brown'].map((name, index) => ({
  id: `U0TV00${index}`,
  name,
}));
const [ALICE, BOB, CAROL] = PEOPLE as [(typeof PEOPLE)[0], (typeof PEOPLE)[0], (typeof PEOPLE)[0]];

const cli = (board: WebBoard, args: string[]) => runCli(args, board.env);

/** Names on the TV, top first. */
const tvNames = (page: Page) => page.locator('ol.tv-board li .who').allTextContents();

describe('TV mode in a real browser', { timeout: 120_000 }, () => {
  const browser = useSealedBrowser();
  const boards = useWebBoards();
  const files = useTempDir();

  it('opens with a view-only link, updates live without a reload, survives a restart, and stops when revoked', async () => {
    const board = await boards.start(PEOPLE);
    await postUsage(board.running.url, {
      events: PEOPLE.map((person, index) => ({
        id: `first-${index}`,
        user: person.id,
        input_tokens: 400_000 - index * 50_000,
        output_tokens: 0,
      })),
    });

    const created = await cli(board, ['tv-link', '--name', 'Lobby screen']);
    expect(created.code, created.stderr).toBe(0);
    const link = /http:\/\/localhost:\d+\/tv\/link\?key=[\w-]+/.exec(created.stdout)?.[0] ?? '';
    expect(link).not.toBe('');

    const sealed = await browser.context();
    const page = await sealed.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(link);
    expect(page.url()).toBe(`${board.base}/tv`);
    expect(await tvNames(page)).toEqual(PEOPLE.map((person) => person.name));
    expect(await page.evaluate('[...document.images].every((image) => image.complete && image.naturalWidth > 0)')).toBe(
      true,
    );
    // A screen sees the TV and nothing else.
    const elsewhere = await page.request.get(`${board.base}/board`, { maxRedirects: 0 });
    expect(elsewhere.status()).toBe(403);
    await page.waitForSelector('.live-dot.on');
    await screenshot(page, 'tv', false);

    // Usage arrives: the screen moves Bob to the top without reloading.
    await page.evaluate('window.sameDocument = true');
    await postUsage(board.running.url, { id: 'bob-burst', user: BOB.id, input_tokens: 900_000, output_tokens: 0 });
    await expect
      .poll(() => tvNames(page), { timeout: 10_000 })
      .toEqual([BOB.name, ALICE.name, CAROL.name, PEOPLE[3]?.name]);
    expect(await page.evaluate('window.sameDocument')).toBe(true);

    // The bot restarts; usage imported while it was down shows once the screen reconnects.
    const file = join(files(), 'while-down.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'carol-import', user: CAROL.id, input_tokens: 2_000_000, output_tokens: 0 })}\n`,
    );
    await board.restart(async () => {
      await expect.poll(() => page.locator('.live-dot.on').count()).toBe(0);
      const imported = await cli(board, ['ingest', file, '--source', 'gateway']);
      expect(imported.code, imported.stderr).toBe(0);
    });
    await expect
      .poll(() => tvNames(page), { timeout: 15_000 })
      .toEqual([CAROL.name, BOB.name, ALICE.name, PEOPLE[3]?.name]);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await page.waitForSelector('.live-dot.on');

    // Revoked: the next update sends the screen away, and the link no longer opens.
    const revoked = await cli(board, ['tv-link', '--revoke', 'Lobby screen']);
    expect(revoked.code, revoked.stderr).toBe(0);
    await postUsage(board.running.url, { id: 'after-revoke', user: ALICE.id, input_tokens: 1, output_tokens: 0 });
    await page.waitForURL(/\/signin/, { timeout: 10_000 });
    const again = await page.goto(link);
    expect(again?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('This TV link does not work');
  });

  it('lets a signed-in member watch the TV too', async () => {
    const board = await boards.start(PEOPLE);
    const sealed = await browser.context();
    const page = await sealed.newPage();
    board.nextSignIn(ALICE.id);
    await page.goto(`${board.base}/tv`);
    await page.getByRole('link', { name: 'Sign in with Slack' }).click();
    await page.waitForURL(`${board.base}/tv`);
    expect(await page.locator('.empty').textContent()).toContain('The throne is empty');
    await postUsage(board.running.url, { id: 'a', user: ALICE.id, input_tokens: 10, output_tokens: 0 });
    await expect.poll(() => tvNames(page), { timeout: 10_000 }).toEqual([ALICE.name]);
  });
});
