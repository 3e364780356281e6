import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { TEAM_ID } from '../fixtures/slack-workspace.js';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeSignIn } from './fake-slack/oidc.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from './fake-slack-server.js';
import { freePort } from './free-port.js';
import { type RunningApp, startApp } from './start-app.js';
import { useTempDir } from './temp-dir.js';

export interface WebBoard {
  fake: FakeSlack;
  running: RunningApp;
  /** the public URL: http://localhost:PORT, while Slack's fake sits on 127.0.0.1, another site */
  base: string;
  /** the bot's environment, for running the CLI against the same database */
  env: Record<string, string>;
  /** Stops the bot and starts a new one on the same port and database, as a restart does; `whileDown` runs in between. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Makes the next sign-in at the fake Slack this member (or someone of another workspace, or broken). */
  nextSignIn(userId: string, extra?: Partial<FakeSignIn>): void;
  stop(): Promise<void>;
}

/** Members with names and avatars served by the fake Slack itself (loopback). */
export function boardUsers(fakeUrl: string, users: Array<{ id: string; name: string }>): FakeUser[] {
  return users.map((user) => ({ ...user, image72: `${fakeUrl}/avatars/${user.id}_72.png` }));
}

/**
 * The real bot in HTTP mode with Sign in with Slack on, pointed at a fake Slack on loopback that
 * serves the Web API, the OpenID endpoints and avatars.
 */
export async function startWebBoard(
  dir: string,
  users: Array<{ id: string; name: string }>,
  extraEnv: Record<string, string> = {},
): Promise<WebBoard> {
  const fake = await startFakeSlack();
  for (const user of boardUsers(fake.url, users)) fake.addUser(user);
  const port = await freePort();
  const base = `http://localhost:${port}`;
  fake.oidc.allowRedirect(`${base}/auth/slack/callback`);
  const env = {
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-web-board-test',
    SLACK_SIGNING_SECRET: 'web-board-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    SLACK_OIDC_URL: fake.url,
    SLACK_CLIENT_ID: FAKE_CLIENT_ID,
    SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    PUBLIC_URL: base,
    DATABASE_PATH: join(dir, 'throne.db'),
    ...extraEnv,
  };
  const board: WebBoard = {
    fake,
    running: await startApp(dir, env),
    base,
    env,
    async restart(whileDown) {
      await board.running.stop();
      await whileDown?.();
      board.running = await startApp(dir, env);
    },
    nextSignIn(userId, extra = {}) {
      const name = users.find((user) => user.id === userId)?.name ?? userId;
      fake.oidc.state.nextSignIn = { userId, teamId: TEAM_ID, name, ...extra };
    },
    async stop() {
      await board.running.stop();
      await fake.close();
    },
  };
  return board;
}

/** The whole sign-in as a person does it: open a page, press "Sign in with Slack", come back signed in. */
export async function signIn(page: Page, board: WebBoard, userId: string, path = '/board'): Promise<void> {
  board.nextSignIn(userId);
  await page.goto(`${board.base}${path}`);
  await page.getByRole('link', { name: 'Sign in with Slack' }).click();
  await page.waitForURL(`${board.base}${path}`);
}

/** Starts web boards in a fresh folder per test and stops them after it. */
export function useWebBoards(): {
  start(users: Array<{ id: string; name: string }>, extraEnv?: Record<string, string>): Promise<WebBoard>;
} {
  const tempDir = useTempDir();
  const started: WebBoard[] = [];
  afterEach(async () => {
    for (const board of started.splice(0)) await board.stop();
  });
  return {
    async start(users, extraEnv) {
      const board = await startWebBoard(tempDir(), users, extraEnv);
      started.push(board);
      return board;
    },
  };
}
