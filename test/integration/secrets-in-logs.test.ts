import { join } from 'node:path';
import { afterEach, describe, expect, it, type MockInstance, onTestFinished, vi } from 'vitest';
import { signBody } from '../../src/ingest/request-signature.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { tickingClockFrom } from '../helpers/clocks.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from '../helpers/fake-slack-server.js';
import { runCli } from '../helpers/run-cli.js';
import { eventCallbackBody, postSignedToSlackEndpoint, slashCommandBody } from '../helpers/sign-slack-request.js';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const BOT_TOKEN = 'xoxb-1111-2222-BoTtOkEnSeCrEt7q';
const SIGNING_SECRET = 'sIgNiNgSeCrEt-5f4e3d2c1b';
const GATEWAY_SECRET = 'gw-InGeStSeCrEt-77aa';
const SIGNED_SECRET = 'sg-InGeStSeCrEt-88bb';
/** What a caller presents that is wrong: it must not be echoed either. */
const WRONG_BEARER = 'wrong-BeArErSeCrEt-99cc';
const NEAR_MISS_BEARER = `${GATEWAY_SECRET}x`;
const FORGED_SIGNING_SECRET = 'forged-SiGnInGsEcReT-00dd';
/** The legacy verification token every signed Slack request carries (see sign-slack-request.ts). */
const VERIFICATION_TOKEN = 'legacy-verification-token';
const SECRETS = [
  BOT_TOKEN,
  SIGNING_SECRET,
  GATEWAY_SECRET,
  SIGNED_SECRET,
  WRONG_BEARER,
  NEAR_MISS_BEARER,
  FORGED_SIGNING_SECRET,
  VERIFICATION_TOKEN,
];

const PEOPLE: FakeUser[] = ['U0SECRET1', 'U0SECRET2', 'U0SECRET3', 'U0SECRET4'].map((id, i) => ({
  id,
  name: `person${i}`,
  displayName: `Person ${i}`,
}));

/** The secret itself, and its distinctive tail (a secret printed half-masked still leaks). */
function leakPatterns(secret: string): string[] {
  return [secret, secret.slice(-12)];
}

function expectNoSecrets(where: string, text: string) {
  for (const secret of SECRETS) {
    for (const pattern of leakPatterns(secret)) {
      const at = text.indexOf(pattern);
      const context = at < 0 ? '' : text.slice(Math.max(0, at - 200), at + pattern.length + 100);
      expect(at, `${where} contains ${JSON.stringify(pattern)}: …${context}…`).toBe(-1);
    }
  }
}

/** The bot's log, once every pattern shows in it. */
function logOnceItShows(bot: RunningApp, patterns: RegExp[]): Promise<string> {
  const log = () => bot.logs.join('\n');
  return waitFor(() => patterns.every((pattern) => pattern.test(log())) && log(), {
    describe: () => `missing: ${patterns.filter((pattern) => !pattern.test(log())).join(', ')}`,
  });
}

describe('secrets never reach the log', () => {
  const tempDir = useTempDir();
  let running: RunningApp | undefined;
  let slack: FakeSlack | undefined;
  const consoleSpies: Array<MockInstance<(...args: unknown[]) => void>> = [];
  afterEach(async () => {
    for (const spy of consoleSpies.splice(0)) spy.mockRestore();
    const [bot, fake] = [running, slack];
    running = undefined;
    slack = undefined;
    await bot?.stop();
    await fake?.close();
  });

  /** Whatever anything wrote through console.* while the test ran (libraries that bypass the logger). */
  function captureConsole(): () => string {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      consoleSpies.push(vi.spyOn(console, method));
    }
    return () =>
      consoleSpies
        .flatMap((spy) => spy.mock.calls)
        .map((args) => args.map((arg) => (arg instanceof Error ? `${arg.stack}` : String(arg))).join(' '))
        .join('\n');
  }

  async function startBot(users: FakeUser[], beforeStart?: (fake: FakeSlack) => void) {
    slack = await startFakeSlack({ users });
    beforeStart?.(slack);
    running = await startApp(
      tempDir(),
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        INGEST_KEYS: `gateway:${GATEWAY_SECRET},signed:${SIGNED_SECRET}`,
        INGEST_SIGNED_SOURCES: 'signed',
        WINNERS_CHANNEL: 'C0WINNERS1',
        LOG_LEVEL: 'debug',
      },
      tickingClockFrom(NOW),
    );
    return { slack, running };
  }

  async function slashCommand(
    bot: RunningApp,
    fake: FakeSlack,
    text: string,
    signingSecret: string,
    options: { timestampSeconds?: number; signature?: string | null } = {},
  ) {
    const body = slashCommandBody({ text, userId: 'U0SECRET1', responseUrl: fake.responseUrl() });
    return postSignedToSlackEndpoint(
      `${bot.url}/slack/events`,
      body,
      'application/x-www-form-urlencoded',
      signingSecret,
      options,
    );
  }

  it('logs no token, signing secret, ingestion secret or presented bearer through a realistic day', async () => {
    const consoleOutput = captureConsole();
    const { slack: fake, running: bot } = await startBot(PEOPLE);

    // Ingestion: good, wrong and near-miss bearers, a signed source with good, missing and forged signatures.
    const gateway = { authorization: `Bearer ${GATEWAY_SECRET}` };
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    fake.failNext('chat.postMessage', { status: 500 });
    fake.failNext('chat.postMessage', { error: 'invalid_auth' });
    const crossing = { events: PEOPLE.map((person, i) => usageEvent(`day-${i}`, person.id, 60_000 + i)) };
    expect((await postUsage(bot.url, crossing, gateway)).status).toBe(202);
    expect(
      (await postUsage(bot.url, usageEvent('x', 'U0SECRET1', 1), { authorization: `Bearer ${WRONG_BEARER}` })).status,
    ).toBe(401);
    expect(
      (await postUsage(bot.url, usageEvent('x', 'U0SECRET1', 1), { authorization: `Bearer ${NEAR_MISS_BEARER}` }))
        .status,
    ).toBe(401);
    expect((await postUsage(bot.url, usageEvent('x', 'U0SECRET1', 1), { authorization: WRONG_BEARER })).status).toBe(
      401,
    );
    const signedBody = JSON.stringify(usageEvent('signed-1', 'U0SECRET2', 5));
    const nowSeconds = Math.floor(NOW.getTime() / 1000);
    const signedPost = (signature: string | undefined, bearer = SIGNED_SECRET) =>
      fetch(`${bot.url}/api/usage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bearer}`,
          ...(signature ? { 'x-throne-signature': signature } : {}),
        },
        body: signedBody,
      });
    expect((await signedPost(undefined)).status).toBe(401);
    expect((await signedPost(signBody(FORGED_SIGNING_SECRET, nowSeconds, signedBody))).status).toBe(401);
    expect((await signedPost(signBody(SIGNED_SECRET, nowSeconds - 3600, signedBody))).status).toBe(401);
    expect((await signedPost(signBody(SIGNED_SECRET, nowSeconds, signedBody))).status).toBe(202);

    // Slash commands: signed (with every users.info refused), forged with another secret, unsigned, stale.
    fake.failNext('users.info', { error: 'invalid_auth' }, 10);
    expect((await slashCommand(bot, fake, '', SIGNING_SECRET)).status).toBe(200);
    expect((await slashCommand(bot, fake, 'me', FORGED_SIGNING_SECRET)).status).toBe(401);
    expect((await slashCommand(bot, fake, 'me', SIGNING_SECRET, { signature: null })).status).toBe(401);
    expect((await slashCommand(bot, fake, 'me', SIGNING_SECRET, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(
      401,
    );
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect((await slashCommand(bot, fake, 'me', SIGNING_SECRET, { timestampSeconds: stale })).status).toBe(401);
    expect((await slashCommand(bot, fake, '<@U0SECRET4>', SIGNING_SECRET)).status).toBe(200);
    const home = eventCallbackBody({ type: 'app_home_opened', user: 'U0SECRET3', channel: 'D0SECRET3', tab: 'home' });
    fake.failNext('views.publish', { error: 'invalid_auth' });
    expect(
      (await postSignedToSlackEndpoint(`${bot.url}/slack/events`, home, 'application/json', SIGNING_SECRET)).status,
    ).toBe(200);
    await fake.waitFor(() => fake.responses.length >= 2);
    await fake.waitFor(() => fake.callsTo('views.publish').length >= 1);

    // The DMs: a 429, a 500 and an invalid_auth on postMessage, then delivered.
    await fake.waitFor(
      () => bot.core.stores.outbox.counts().pending === 0 && bot.core.stores.outbox.counts().sending === 0,
      8000,
    );
    // invalid_auth is retried like an outage (the token may be fixed), so every DM arrives.
    expect(bot.core.stores.outbox.counts()).toMatchObject({ sent: PEOPLE.length, failed: 0 });
    // The crown with a winners post, and its DMs.
    await bot.core.crowner.crown('2026-W47');
    await bot.core.messages.deliverAll(5000);

    // The paths did run, at debug level, and were logged (the listener's failure is logged after its answer).
    const paths = [
      /apiCall\('chat\.postMessage'\) start/,
      /rate limited \(Retry-After 1s\)/,
      /Slack error internal_error|An HTTP protocol error occurred: statusCode = 500/,
      /Slack error invalid_auth; retrying in/,
      /users\.info for U0SECRET4 failed/,
      /Slack listener failed|invalid_auth/,
    ];
    const log = await logOnceItShows(bot, paths);
    for (const path of paths) expect(log).toMatch(path);
    expect(fake.calls.every((call) => call.headers.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);

    expectNoSecrets('the log', log);
    expectNoSecrets('console output', consoleOutput());
  });

  it('keeps running and logs no token when Slack refuses the token with invalid_auth from the start', async () => {
    const consoleOutput = captureConsole();
    // In production an unhandled rejection ends the process (Node's default), taking ingestion down with it.
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    onTestFinished(() => {
      process.off('unhandledRejection', onRejection);
    });
    // Slack rejects the token (revoked): Bolt's own auth.test at start-up, and every call after it.
    const { slack: fake, running: bot } = await startBot(PEOPLE, (fake) => {
      fake.failNext('auth.test', { error: 'invalid_auth' }, 5);
      fake.failNext('users.info', { error: 'invalid_auth' }, 20);
      fake.failNext('chat.postMessage', { error: 'invalid_auth' }, 20);
    });
    expect(
      (
        await postUsage(bot.url, usageEvent('revoked', 'U0SECRET1', 60_000), {
          authorization: `Bearer ${GATEWAY_SECRET}`,
        })
      ).status,
    ).toBe(202);
    await slashCommand(bot, fake, '', SIGNING_SECRET);
    // The badge DM is kept and retried, not dropped, while the token is refused.
    const pendingWithError = bot.core.db
      .prepare("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND last_error LIKE '%invalid_auth%'")
      .pluck();
    await fake.waitFor(() => pendingWithError.get() === 1, 5000);

    const log = await logOnceItShows(bot, [/Slack error invalid_auth; retrying in/]);
    expect(log).toMatch(/invalid_auth/);
    // Node reports a rejection nobody handled once the current turn of the event loop ends.
    await new Promise((resolve) => setImmediate(resolve));
    expectNoSecrets('the log', log);
    expectNoSecrets('console output', consoleOutput());
    expect(
      rejections.map((reason) => String(reason)),
      'a rejection nobody handled: the bot process would exit here',
    ).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['a pair without a colon', { INGEST_KEYS: 'malformedsecretvalue' }, 'malformedsecretvalue', /INGEST_KEYS: pair 1/],
    [
      'a bad second pair',
      { INGEST_KEYS: `gateway:${GATEWAY_SECRET},malformedsecret2` },
      'malformedsecret2',
      /INGEST_KEYS: pair 2/,
    ],
    ['"=" for ":"', { INGEST_KEYS: 'gateway=equalsSecretValue' }, 'equalsSecretValue', /INGEST_KEYS: pair 1/],
    ['a secret with a space', { INGEST_KEYS: 'gateway:spaced SecretValue' }, 'SecretValue', /white space/],
    [
      'a reused secret',
      { INGEST_KEYS: 'gateway:reusedSecretValue,ide:reusedSecretValue' },
      'reusedSecretValue',
      /reuses another source's secret/,
    ],
    ['a bot token without xoxb-', { SLACK_BOT_TOKEN: 'plainBotSecretValue' }, 'plainBotSecretValue', /SLACK_BOT_TOKEN/],
    [
      'the bot and app tokens swapped',
      { SLACK_BOT_TOKEN: 'xapp-1-swappedAppSecret', SLACK_APP_TOKEN: 'xoxb-swappedBotSecret' },
      'swapped',
      /SLACK_APP_TOKEN/,
    ],
  ])('token-throne does not echo a secret from a bad config: %s', async (_name, badEnv, secret, message) => {
    const result = await runCli(['migrate'], { DATABASE_PATH: join(tempDir(), 'throne.db'), ...badEnv });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr, 'needs `npm run build`: the CLI runs dist/').toMatch(/^Token Throne cannot start: /m);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  });
});
