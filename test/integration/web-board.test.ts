import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/http/sign-in-routes.js';
import { runCli } from '../helpers/run-cli.js';
import { postUsage, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { useWebBoards } from '../helpers/web-board.js';

/** Reads an event stream until `until` appears in it (or the time runs out), then closes it. */
function readStream(url: string, until: string, timeoutMs = 5000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = '';
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text });
      };
      const timer = setTimeout(done, timeoutMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(until)) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web board over HTTP', () => {
  const tempDir = useTempDir();
  const boards = useWebBoards();

  it('is off without sign-in settings: the pages do not exist', async () => {
    const running = await startApp(tempDir());
    try {
      for (const path of ['/board', '/tv', '/hall-of-fame', '/signin', '/events']) {
        expect((await fetch(`${running.url}${path}`)).status, path).toBe(404);
      }
    } finally {
      await running.stop();
    }
  });

  it('opens for a local demo with WEB_BOARD_OPEN: pages with a strict CSP, versioned assets, no sign-in routes', async () => {
    const running = await startApp(tempDir(), { WEB_BOARD_OPEN: 'true' });
    try {
      const board = await fetch(`${running.url}/board`);
      expect(board.status).toBe(200);
      expect(board.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(board.headers.get('referrer-policy')).toBe('no-referrer');
      const page = await board.text();
      const css = /href="(\/static\/board\.css\?v=[0-9a-f]{12})"/.exec(page)?.[1];
      const asset = await fetch(`${running.url}${css}`);
      expect(asset.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(page).not.toMatch(/<script>|\sstyle="|\son\w+="/);
      expect((await fetch(`${running.url}/signin`)).status).toBe(404);
      expect((await fetch(`${running.url}/auth/slack`)).status).toBe(404);
      expect((await fetch(`${running.url}/people/U0ALICE01`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it('keeps an event stream open past the request timeout and says when the board moves', async () => {
    const running = await startApp(tempDir(), { WEB_BOARD_OPEN: 'true' }, undefined, 300);
    try {
      const stream = readStream(`${running.url}/events`, 'event: board');
      await new Promise((resolve) => setTimeout(resolve, 900));
      await postUsage(running.url, { id: 'e1', user: 'U0ALICE01', input_tokens: 5, output_tokens: 0 });
      const { status, text } = await stream;
      expect(status).toBe(200);
      expect(text).toMatch(/^retry: 2000\nevent: hello\ndata: 0\n\n/);
      expect(text).toContain('event: board\ndata: 1\n\n');
    } finally {
      await running.stop();
    }
  });

  it('answers strangers on data routes with 401 and sends them to sign in from pages', async () => {
    const board = await boards.start([]);
    for (const path of ['/board/live', '/tv/live', '/events', '/avatars/U0ALICE01']) {
      expect((await fetch(`${board.base}${path}`)).status, path).toBe(401);
    }
    const page = await fetch(`${board.base}/people/U0ALICE01?week=2026-W47`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/signin?return_to=%2Fpeople%2FU0ALICE01%3Fweek%3D2026-W47');
  });

  it.each([
    [{ origin: 'https://evil.example' }, 403],
    [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
    [{ origin: 'null' }, 403],
    [{ origin: 'null', 'sec-fetch-site': 'same-site' }, 403],
    [{ origin: 'null', 'sec-fetch-site': 'same-origin' }, 302],
    [{ 'sec-fetch-site': 'same-origin' }, 302],
    [{}, 302],
  ])('checks where a POST comes from: %o → %i', async (headers, status) => {
    const board = await boards.start([]);
    const response = await fetch(`${board.base}/signout`, { method: 'POST', headers, redirect: 'manual' });
    expect(response.status).toBe(status);
    if (status === 403) expect(((await response.json()) as { error: string }).error).toMatch(/^Refused a /);
  });

  it('lets the same origin through by its Origin header and refuses cross-site posts to the webhook too', async () => {
    const board = await boards.start([]);
    const own = await fetch(`${board.base}/signout`, {
      method: 'POST',
      headers: { origin: board.base },
      redirect: 'manual',
    });
    expect(own.status).toBe(302);
    const forged = await postUsage(
      board.running.url,
      { id: 'x', user: 'U0ALICE01', input_tokens: 1, output_tokens: 0 },
      {
        authorization: 'Bearer gateway-secret',
        'sec-fetch-site': 'cross-site',
      },
    );
    expect(forged.status).toBe(403);
    const tool = await postUsage(board.running.url, { id: 'x', user: 'U0ALICE01', input_tokens: 1, output_tokens: 0 });
    expect(tool.status).toBe(202);
  });
});

describe('token-throne tv-link', () => {
  const tempDir = useTempDir();

  it('prints a numbered link once, refuses a taken name, and revokes by name', async () => {
    const env = {
      DATABASE_PATH: join(tempDir(), 'throne.db'),
      WEB_BOARD_OPEN: 'true',
      PUBLIC_URL: 'http://localhost:4000',
    };
    const first = await runCli(['tv-link'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/TV link "Screen 1"[\s\S]*http:\/\/localhost:4000\/tv\/link\?key=[\w-]{43}\n/);
    expect(first.stdout).toContain('tv-link --revoke "Screen 1"');
    expect(first.stdout).toContain('WEB_BOARD_OPEN is on, so /tv needs no link right now');
    const taken = await runCli(['tv-link', '--name', 'Screen 1'], env);
    expect([taken.code, taken.stderr.trim()]).toEqual([
      1,
      'A TV link named "Screen 1" already exists; revoke it first or choose another --name.',
    ]);
    const both = await runCli(['tv-link', '--name', 'A', '--revoke', 'B'], env);
    expect(both.stderr).toContain('not both');
    const unknown = await runCli(['tv-link', '--revoke', 'Lobby'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'No TV link is named "Lobby". Links: "Screen 1".']);
    const revoked = await runCli(['tv-link', '--revoke', 'Screen 1'], env);
    expect([revoked.code, revoked.stdout.trim()]).toEqual([
      0,
      '📺 Revoked the TV link "Screen 1": its screens show the board no more.',
    ]);
  });
});

describe('return path after signing in', () => {
  it.each([
    ['/people/U0ALICE01?week=2026-W47', '/people/U0ALICE01?week=2026-W47'],
    ['//evil.example/board', '/board'],
    ['/\\evil.example', '/board'],
    ['https://evil.example', '/board'],
    ['javascript:alert(1)', '/board'],
    [null, '/board'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
