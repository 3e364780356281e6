import { afterEach, describe, expect, it } from 'vitest';
import { usageEvent } from '../fixtures/usage-events.js';
import { GATEWAY_AUTH, IDE_AUTH, postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;

function event(id: string, overrides: Record<string, unknown> = {}) {
  return {
    ...usageEvent(id, 'U024BE7LH', 1200, {
      model: 'llama-3.1-405b',
      output_tokens: 350,
      timestamp: '2026-11-23T14:05:00Z',
    }),
    ...overrides,
  };
}

describe('POST /api/usage', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  async function start(env: Record<string, string> = {}) {
    running = await startApp(tempDir(), env, clock);
    return running;
  }

  function countEvents(): number {
    return running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get() as number;
  }

  function board(week = '2026-W48') {
    return running.core.stores.tallies.top(week, 100).map(({ userId, tokens, events }) => ({ userId, tokens, events }));
  }

  it('accepts a single event and the board counts input plus output tokens', async () => {
    const { url } = await start();
    const answer = await postUsage(url, event('req_1'));
    expect(answer).toEqual({ status: 202, body: { accepted: 1, duplicates: 0 } });
    expect(board()).toEqual([{ userId: 'U024BE7LH', tokens: 1550, events: 1 }]);
  });

  it('accepts a batch and tallies each person per week', async () => {
    const { url } = await start();
    const answer = await postUsage(url, {
      events: [
        event('b1'),
        event('b2', { user: 'U0ALICE01', input_tokens: 5000, output_tokens: 0 }),
        event('b3', { user: 'U0ALICE01', input_tokens: 1, output_tokens: 2 }),
        event('b4', { timestamp: '2026-11-16T10:00:00Z' }),
      ],
    });
    expect(answer).toEqual({ status: 202, body: { accepted: 4, duplicates: 0 } });
    expect(board()).toEqual([
      { userId: 'U0ALICE01', tokens: 5003, events: 2 },
      { userId: 'U024BE7LH', tokens: 1550, events: 1 },
    ]);
    expect(board('2026-W47')).toEqual([{ userId: 'U024BE7LH', tokens: 1550, events: 1 }]);
  });

  it('counts the same id sent twice once and reports the duplicate', async () => {
    const { url } = await start();
    await postUsage(url, event('same'));
    const again = await postUsage(url, event('same'));
    expect(again).toEqual({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect(board()).toEqual([{ userId: 'U024BE7LH', tokens: 1550, events: 1 }]);
  });

  it('counts the same id sent by 20 concurrent clients once', async () => {
    const { url } = await start();
    const answers = await Promise.all(Array.from({ length: 20 }, () => postUsage(url, event('storm'))));
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(answers.reduce((sum, answer) => sum + Number(answer.body.accepted), 0)).toBe(1);
    expect(answers.reduce((sum, answer) => sum + Number(answer.body.duplicates), 0)).toBe(19);
    expect(countEvents()).toBe(1);
    expect(board()).toEqual([{ userId: 'U024BE7LH', tokens: 1550, events: 1 }]);
  });

  it('keeps the same id from two sources as two events', async () => {
    const { url } = await start();
    expect((await postUsage(url, event('shared'), GATEWAY_AUTH)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await postUsage(url, event('shared'), IDE_AUTH)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect(board()).toEqual([{ userId: 'U024BE7LH', tokens: 3100, events: 2 }]);
    const sources = running.core.db.prepare('SELECT source FROM usage_events_named ORDER BY source').pluck().all();
    expect(sources).toEqual(['gateway', 'ide']);
  });

  it('refuses a batch with one bad event, naming the field, and stores nothing from it', async () => {
    const { url } = await start();
    const answer = await postUsage(url, {
      events: [event('ok1'), event('ok2'), event('bad', { input_tokens: -5 })],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/nothing from it was stored/);
    expect(answer.body.details).toEqual([
      { path: 'events.2.input_tokens', message: 'must be a whole number from 0 to 1000000000, got -5' },
    ]);
    expect(countEvents()).toBe(0);
    expect(board()).toEqual([]);
  });

  it('refuses a repeated id inside one batch', async () => {
    const { url } = await start();
    const answer = await postUsage(url, { events: [event('twin'), event('other'), event('twin')] });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ path: 'events.2.id', message: 'repeats the id of events.0' }]);
    expect(countEvents()).toBe(0);
  });

  describe('refuses bad requests with a clear answer', () => {
    const cases: Array<{
      name: string;
      body: unknown;
      headers?: Record<string, string>;
      status: number;
      error?: RegExp;
      path?: string;
      message?: RegExp;
    }> = [
      { name: 'no auth', body: event('x'), headers: { authorization: '' }, status: 401, error: /Bearer/ },
      {
        name: 'a wrong key',
        body: event('x'),
        headers: { authorization: 'Bearer nope' },
        status: 401,
        error: /unknown token/,
      },
      {
        name: 'a body that is not JSON',
        body: 'user=U1&tokens=5',
        status: 415,
        error: /not valid JSON/,
      },
      {
        name: 'a non-JSON content type',
        body: event('x'),
        headers: { ...GATEWAY_AUTH, 'content-type': 'text/plain' },
        status: 415,
        error: /application\/json/,
      },
      {
        name: 'a 1.5 MiB body',
        body: { events: [event('big', { model: 'x'.repeat(200) })], padding: 'x'.repeat(1.5 * 1024 * 1024) },
        status: 413,
        error: /larger than the limit of 1048576 bytes/,
      },
      {
        name: '1001 events',
        body: { events: Array.from({ length: 1001 }, (_, i) => event(`e${i}`)) },
        status: 400,
        path: 'events',
        message: /1001 events; at most 1000/,
      },
      {
        name: 'negative tokens',
        body: event('x', { output_tokens: -1 }),
        status: 400,
        path: 'output_tokens',
        message: /whole number from 0/,
      },
      {
        name: 'fractional tokens',
        body: event('x', { input_tokens: 10.5 }),
        status: 400,
        path: 'input_tokens',
        message: /got 10.5/,
      },
      {
        name: 'huge tokens',
        body: event('x', { input_tokens: 1_000_000_001 }),
        status: 400,
        path: 'input_tokens',
        message: /from 0 to 1000000000/,
      },
      {
        name: 'tokens given as a string',
        body: event('x', { input_tokens: '1200' }),
        status: 400,
        path: 'input_tokens',
        message: /got the string "1200"/,
      },
      {
        name: 'tokens given as "NaN"',
        body: event('x', { output_tokens: 'NaN' }),
        status: 400,
        path: 'output_tokens',
        message: /whole number/,
      },
      {
        name: 'a missing id',
        body: { ...event('x'), id: undefined },
        status: 400,
        path: 'id',
        message: /got nothing/,
      },
      {
        name: 'an empty id',
        body: event(''),
        status: 400,
        path: 'id',
        message: /must not be empty/,
      },
      {
        name: 'a user that is neither a Slack ID nor an email',
        body: event('x', { user: '@bob' }),
        status: 400,
        path: 'user',
        message: /Slack user ID .* or an email/,
      },
      {
        name: 'a bad timestamp',
        body: event('x', { timestamp: 'yesterday' }),
        status: 400,
        path: 'timestamp',
        message: /ISO 8601/,
      },
      {
        name: 'a timestamp without a zone',
        body: event('x', { timestamp: '2026-11-23T14:05:00' }),
        status: 400,
        path: 'timestamp',
        message: /with a zone/,
      },
      {
        name: 'a timestamp more than 5 minutes in the future',
        body: event('x', { timestamp: '2026-11-25T12:05:01Z' }),
        status: 400,
        path: 'timestamp',
        message: /more than 5 minutes in the future/,
      },
      {
        name: 'a JSON array body',
        body: [event('x')],
        status: 400,
        path: '(body)',
        message: /JSON object/,
      },
      {
        name: 'an events field that is not a list',
        body: { events: 'all of them' },
        status: 400,
        path: 'events',
        message: /list of events/,
      },
    ];

    for (const testCase of cases) {
      it(`answers ${testCase.status} to ${testCase.name}`, async () => {
        const { url } = await start();
        const headers = testCase.headers ?? GATEWAY_AUTH;
        const answer = await postUsage(url, testCase.body, headers);
        expect(answer.status).toBe(testCase.status);
        expect(typeof answer.body.error).toBe('string');
        if (testCase.error) expect(answer.body.error).toMatch(testCase.error);
        if (testCase.path) {
          const details = answer.body.details as Array<{ path: string; message: string }>;
          expect(details.map((detail) => detail.path)).toEqual([testCase.path]);
          expect(details[0]?.message).toMatch(testCase.message ?? /./);
        }
        expect(countEvents()).toBe(0);
      });
    }
  });

  it('accepts a timestamp just under 5 minutes ahead (clock skew) in this week', async () => {
    const { url } = await start();
    expect((await postUsage(url, event('skew', { timestamp: '2026-11-25T12:04:59Z' }))).status).toBe(202);
  });

  it('refuses every event when no INGEST_KEYS are configured', async () => {
    const { url } = await start({ INGEST_KEYS: '' });
    const answer = await postUsage(url, event('x'));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatch(/no INGEST_KEYS/);
  });

  it('answers GET /healthz with ok', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('never writes the bearer secret to the log', async () => {
    const { url, logs } = await start({ LOG_LEVEL: 'debug' });
    await postUsage(url, event('x'));
    await postUsage(url, event('y'), { authorization: 'Bearer wrong-secret-value' });
    expect(logs.join('\n')).not.toMatch(/gateway-secret|wrong-secret-value/);
  });
});
