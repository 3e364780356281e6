import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/ingest/request-signature.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { GATEWAY_AUTH, postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const clock = () => NOW;

const event = (id: string, overrides: Record<string, unknown> = {}) => ({
  ...usageEvent(id, 'U024BE7LH', 100, { output_tokens: 50 }),
  ...overrides,
});

/** Sends a raw request and resolves with the status and body, or with the error that ended it. */
function rawRequest(
  url: string,
  options: { headers: Record<string, string | number>; write: (req: ReturnType<typeof request>) => void },
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/usage`, { method: 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    options.write(req);
  });
}

describe('ingestion under abuse', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  async function start(env: Record<string, string> = {}, requestTimeoutMs?: number) {
    running = await startApp(tempDir(), env, clock, requestTimeoutMs);
    return running;
  }

  const stored = () => running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get() as number;

  it('counts a batch posted by 20 clients at once exactly once', async () => {
    const { url } = await start();
    const batch = { events: Array.from({ length: 50 }, (_, i) => event(`race-${i}`)) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => postUsage(url, batch)));
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(answers.reduce((sum, answer) => sum + Number(answer.body.accepted), 0)).toBe(50);
    expect(answers.reduce((sum, answer) => sum + Number(answer.body.duplicates), 0)).toBe(19 * 50);
    expect(stored()).toBe(50);
    expect(running.core.stores.tallies.tallyOf('2026-W48', 'U024BE7LH')).toMatchObject({
      tokens: 50 * 150,
      events: 50,
    });
  });

  it.each([
    ['a JSON string', '"hello"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['deeply nested JSON', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    [
      'an object nested deep inside an event',
      `{"id":"deep","user":"U024BE7LH","input_tokens":1,"output_tokens":1,"model":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
    ],
  ])('refuses %s with a 400 naming the body or field', async (_name, body) => {
    const { url } = await start();
    const answer = await postUsage(url, body);
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ path: expect.any(String) })]);
    expect(stored()).toBe(0);
  });

  it('refuses control characters in ids and model names, and keeps unicode intact', async () => {
    const { url } = await start();
    for (const bad of [event('tab\tid'), event('nul\u0000'), event('ok', { model: 'gpt\u0007' })]) {
      const answer = await postUsage(url, bad);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body.details)).toMatch(/control characters/);
    }
    const unicode = event('识别-🦄-é', { model: 'modèle-大型-🚀' });
    expect((await postUsage(url, unicode)).status).toBe(202);
    expect(running.core.db.prepare('SELECT event_id, model FROM usage_events_named').get()).toEqual({
      event_id: '识别-🦄-é',
      model: 'modèle-大型-🚀',
    });
  });

  it('ignores __proto__ and constructor keys without polluting anything', async () => {
    const { url } = await start();
    const body = `{"id":"proto","user":"U024BE7LH","input_tokens":1,"output_tokens":2,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    expect((await postUsage(url, body)).status).toBe(202);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stored()).toBe(1);
  });

  it('refuses a 10 MB upload without a Content-Length before reading it whole', async () => {
    const { url } = await start();
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const answer = await rawRequest(url, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...GATEWAY_AUTH },
      write: (req) => {
        let answered = false;
        req.on('response', () => {
          answered = true;
        });
        const pump = () => {
          while (!answered && sent < 10 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      },
    });
    if ('status' in answer) {
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/larger than the limit of 1048576 bytes/);
    }
    // The server answered (or cut the upload) long before the client had pushed all 10 MB.
    expect(sent).toBeLessThan(10 * 1024 * 1024);
    expect(stored()).toBe(0);
  });

  it('cuts off a slow-drip upload at the request timeout', async () => {
    const { url } = await start({}, 500);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const answer = await rawRequest(url, {
      headers: { 'content-type': 'application/json', 'content-length': 1000, ...GATEWAY_AUTH },
      write: (req) => {
        timer = setInterval(() => req.write('{'), 100);
      },
    });
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(5000);
    if ('status' in answer) expect(answer.status).toBe(408);
    expect(stored()).toBe(0);
  });

  it('answers 429 with Retry-After when a source exceeds its rate limit', async () => {
    const { url } = await start({ INGEST_RATE_LIMIT: '5' });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postUsage(url, event(`r${i}`))));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(10);
    expect(limited).toHaveLength(20);
    expect(limited[0]?.body.error).toMatch(/rate limit/);
    const response = await fetch(`${url}/api/usage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...GATEWAY_AUTH },
      body: JSON.stringify(event('late')),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(stored()).toBe(10);
  });

  describe('signed sources', () => {
    const signedPost = (url: string, body: string, signature: string | undefined) =>
      fetch(`${url}/api/usage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...GATEWAY_AUTH,
          ...(signature ? { 'x-throne-signature': signature } : {}),
        },
        body,
      });

    it('accepts a request signed over timestamp and body, and refuses a missing, stale or wrong one', async () => {
      const { url } = await start({ INGEST_SIGNED_SOURCES: 'gateway' });
      const body = JSON.stringify(event('signed'));
      const now = Math.floor(NOW.getTime() / 1000);
      const cases: Array<[string | undefined, number, RegExp | undefined]> = [
        [undefined, 401, /must sign its requests/],
        [signBody('gateway-secret', now - 301, body), 401, /more than 5 minutes/],
        [signBody('wrong-secret', now, body), 401, /does not match the body/],
        [signBody('gateway-secret', now, `${body} `), 401, /does not match the body/],
        ['t=1,v1=zz', 401, /must look like/],
        [signBody('gateway-secret', now, body), 202, undefined],
      ];
      for (const [signature, status, message] of cases) {
        const response = await signedPost(url, body, signature);
        expect(response.status).toBe(status);
        if (message) expect(((await response.json()) as { error: string }).error).toMatch(message);
      }
      expect(stored()).toBe(1);
      // Sources not listed need no signature.
      expect((await postUsage(url, event('unsigned'), { authorization: 'Bearer ide-secret' })).status).toBe(202);
    });
  });

  describe('a database that cannot take writes', () => {
    it('answers 503 with Retry-After when the disk is full, and keeps tallies intact', async () => {
      const { url, core } = await start();
      expect((await postUsage(url, event('before'))).status).toBe(202);
      const pages = core.db.pragma('page_count', { simple: true }) as number;
      core.db.pragma(`max_page_count = ${pages}`);
      const answer = await postUsage(url, { events: Array.from({ length: 1000 }, (_, i) => event(`full-${i}`)) });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatch(/SQLITE_FULL.*nothing was stored, retry later/);
      expect(stored()).toBe(1);
      expect(core.stores.tallies.tallyOf('2026-W48', 'U024BE7LH')).toMatchObject({ tokens: 150, events: 1 });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    });

    it('answers 503 when the database is read-only', async () => {
      const { url, core } = await start();
      core.db.pragma('query_only = ON');
      const answer = await postUsage(url, event('ro'));
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatch(/SQLITE_READONLY/);
    });
  });
});
