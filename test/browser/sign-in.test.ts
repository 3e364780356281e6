import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { screenshot, useSealedBrowser } from '../helpers/browser.js';
import { FAKE_CLIENT_ID } from '../helpers/fake-slack/oidc.js';
import { postUsage } from '../helpers/start-app.js';
import { signIn, useWebBoards, type WebBoard } from '../helpers/web-board.js';

const ALICE = { id: 'U0ALICE01', name: 'Alice Liddell' };
const BOB = { id: 'U0BOB0001', name: 'Bob Builder' };

describe('Sign in with Slack, in a real browser against a fake Slack on loopback', { timeout: 60_000 }, () => {
  const browser = useSealedBrowser();
  const boards = useWebBoards();

  const start = async () => {
    const board = await boards.start([ALICE, BOB]);
    const sealed = await browser.context();
    return { board, sealed, page: await sealed.newPage() };
  };
  const sessionRows = (b: WebBoard) =>
    b.running.core.db
      .prepare('SELECT token_hash AS tokenHash, kind, user_id AS userId FROM web_sessions')
      .all() as Array<{
      tokenHash: string;
      kind: string;
      userId: string;
    }>;

  it('sends a stranger to sign in, signs a member in through Slack and back to the page they asked for, then out', async () => {
    const { board, sealed, page } = await start();
    await postUsage(board.running.url, { id: 'a1', user: ALICE.id, input_tokens: 700_000, output_tokens: 0 });

    board.nextSignIn(ALICE.id);
    await page.goto(`${board.base}/hall-of-fame`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await screenshot(page, 'signin');
    await page.getByRole('link', { name: 'Sign in with Slack' }).click();
    await page.waitForURL(`${board.base}/hall-of-fame`);
    // Another page needs no new sign-in: the session cookie carries it.
    board.fake.oidc.state.nextSignIn = undefined;
    await page.goto(`${board.base}/board`);
    expect(await page.locator('tr.you .who').textContent()).toBe(ALICE.name);

    const authorize = board.fake.oidc.state.authorizeRequests[0];
    expect(authorize?.get('client_id')).toBe(FAKE_CLIENT_ID);
    expect(authorize?.get('scope')?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(authorize?.get('nonce')?.length).toBeGreaterThanOrEqual(43);
    expect(authorize?.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(authorize?.get('team')).toBe('T0THRONE1');
    expect(board.fake.callsTo('openid.connect.token')).toHaveLength(1);

    const cookies = await sealed.context.cookies(board.base);
    const session = cookies.find((cookie) => cookie.name === '__Host-throne_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(cookies.find((cookie) => cookie.name === '__Host-throne_login')).toBeUndefined();
    const rows = sessionRows(board);
    expect(rows).toEqual([
      {
        tokenHash: createHash('sha256')
          .update(session?.value ?? '')
          .digest('hex'),
        kind: 'user',
        userId: ALICE.id,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(session?.value);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${board.base}/signin`);
    expect(sessionRows(board)).toEqual([]);
    await page.goto(`${board.base}/board`);
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('refuses a member of another workspace, even with a valid token', async () => {
    const { board, page } = await start();
    board.nextSignIn(BOB.id, { teamId: 'T0ELSEWHERE' });
    await page.goto(`${board.base}/board`);
    await page.getByRole('link', { name: 'Sign in with Slack' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('belongs to another workspace');
    await screenshot(page, 'refused-other-workspace');
    expect(sessionRows(board)).toEqual([]);
    expect(board.running.logs.join('\n')).toContain('team T0ELSEWHERE is not T0THRONE1');
  });

  for (const [tamper, expected, logged] of [
    ['nonce', 'could not be verified', 'nonce'],
    ['signature', 'could not be verified', 'signature'],
    ['ok_false', 'Slack refused the sign-in (invalid_grant_type)', 'openid.connect.token: invalid_grant_type'],
  ] as const) {
    it(`refuses a sign-in whose answer from Slack is broken: ${tamper}`, async () => {
      const { board, page } = await start();
      board.nextSignIn(ALICE.id, { tamper });
      await page.goto(`${board.base}/board`);
      const response = page.waitForResponse((r) => r.url().includes('/auth/slack/callback'));
      await page.getByRole('link', { name: 'Sign in with Slack' }).click();
      expect((await response).status()).toBe(403);
      await expect.poll(() => page.locator('main').textContent()).toContain(expected);
      expect(sessionRows(board)).toEqual([]);
      expect(board.running.logs.join('\n').toLowerCase()).toContain(logged.toLowerCase());
    });
  }

  it('refuses a callback whose state is not the one this browser started with (login CSRF)', async () => {
    const { board, sealed, page } = await start();
    // The attacker starts a sign-in outside the browser and stops before using the answer.
    const begin = async () => {
      const toSlack = await fetch(`${board.base}/auth/slack`, { redirect: 'manual' });
      const state = /__Host-throne_login=([^;]+)/.exec(toSlack.headers.get('set-cookie') ?? '')?.[1] ?? '';
      board.nextSignIn(ALICE.id);
      const back = await fetch(toSlack.headers.get('location') ?? '', { redirect: 'manual' });
      return { state, callback: back.headers.get('location') ?? '' };
    };
    const attacker = await begin();
    expect(attacker.callback).toContain('/auth/slack/callback?code=');

    // A browser that never started a sign-in is handed the attacker's callback link.
    let response = await page.goto(attacker.callback);
    expect(response?.status()).toBe(400);
    expect(await page.locator('main').textContent()).toContain('not started in this browser');

    // A browser that started its own sign-in (stopped on its way to Slack) is handed the attacker's callback.
    let victimAuthorize = '';
    await page.route(
      (url) => url.pathname === '/auth/slack',
      async (route) => {
        const toSlack = await route.fetch({ maxRedirects: 0 });
        victimAuthorize = toSlack.headers().location ?? '';
        await route.fulfill({
          status: 200,
          headers: { 'set-cookie': toSlack.headers()['set-cookie'] ?? '' },
          body: 'on the way to Slack',
        });
      },
    );
    await page.goto(`${board.base}/auth/slack`);
    expect((await sealed.context.cookies(board.base)).map((cookie) => cookie.name)).toContain('__Host-throne_login');
    response = await page.goto(attacker.callback);
    expect(response?.status()).toBe(400);
    expect(board.fake.callsTo('openid.connect.token')).toHaveLength(0);
    expect(sessionRows(board)).toEqual([]);

    board.nextSignIn(ALICE.id);
    const victim = {
      callback: (await fetch(victimAuthorize, { redirect: 'manual' })).headers.get('location') ?? '',
    };
    // The victim's own answer still works: nothing above consumed it.
    await page.goto(victim.callback);
    expect(new URL(page.url()).pathname).toBe('/board');
    expect(sessionRows(board)).toHaveLength(1);
  });

  it('refuses a sign-in answer replayed after it was used', async () => {
    const { board, page } = await start();
    await signIn(page, board, ALICE.id);
    const callback = board.fake.oidc.state.authorizeRequests[0];
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${board.base}/auth/slack/callback?code=used&state=${callback?.get('state')}`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Please sign in again');
    expect(sessionRows(board)).toEqual([]);
  });
});
