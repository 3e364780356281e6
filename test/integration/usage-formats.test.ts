import { afterEach, describe, expect, it } from 'vitest';
import { type ExpectedEvent, fixturesOf, VENDORS, type Vendor } from '../fixtures/formats/load-fixtures.js';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48; every fixture falls in that week
const WEEK = '2026-W48';

/** POSTs a vendor payload (or JSON text) to /api/usage/<vendor> as the gateway source. */
async function postFormat(
  url: string,
  vendor: Vendor,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/usage/${vendor}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...GATEWAY_AUTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The tally each person should have after the events: every input and output token credited. */
function expectedTallies(events: ExpectedEvent[]) {
  const byUser = new Map<
    string,
    { userId: string; tokens: number; inputTokens: number; outputTokens: number; events: number }
  >();
  for (const event of events) {
    const userId = event.user.includes('@') ? event.user.toLowerCase() : event.user;
    const tally = byUser.get(userId) ?? { userId, tokens: 0, inputTokens: 0, outputTokens: 0, events: 0 };
    tally.tokens += event.input_tokens + event.output_tokens;
    tally.inputTokens += event.input_tokens;
    tally.outputTokens += event.output_tokens;
    tally.events += 1;
    byUser.set(userId, tally);
  }
  return [...byUser.values()];
}

/** A copy of a fixture with one field broken, the way a misbehaving tool would send it. */
function broken(body: unknown, change: (copy: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  change(copy);
  return copy;
}

function at(value: unknown, ...path: (string | number)[]): Record<string, unknown> {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value) as Record<
    string,
    unknown
  >;
}

const fixture = (vendor: Vendor, file: string) => {
  const found = fixturesOf(vendor).find((candidate) => candidate.file === file);
  if (!found) throw new Error(`no fixture ${vendor}/${file}`);
  return found;
};

/** Per vendor: a payload the header must name the person for, and a broken copy with the field it names. */
const CASES: Record<Vendor, { nameless: string; malformed: () => unknown; path: string; message: RegExp }> = {
  openai: {
    nameless: 'chat-completion.json',
    malformed: () =>
      broken(fixture('openai', 'chat-completion.json').body, (copy) => {
        at(copy, 'usage').prompt_tokens = '2006';
      }),
    path: 'usage.prompt_tokens',
    message: /whole number .* got the string "2006"/,
  },
  anthropic: {
    nameless: 'message-with-cache.json',
    malformed: () =>
      broken(fixture('anthropic', 'message-with-cache.json').body, (copy) => {
        at(copy, 'usage').cache_read_input_tokens = -1;
      }),
    path: 'usage.cache_read_input_tokens',
    message: /whole number .* got -1/,
  },
  litellm: {
    nameless: 'single-gemini.json',
    malformed: () =>
      broken(fixture('litellm', 'generic-api-batch.json').body, (copy) => {
        at(copy, 1).prompt_tokens = 12117.5;
      }),
    path: '1.prompt_tokens',
    message: /whole number .* got 12117.5/,
  },
  gemini: {
    nameless: 'generate-content-thinking.json',
    malformed: () =>
      broken(fixture('gemini', 'generate-content-thinking.json').body, (copy) => {
        at(copy, 'usageMetadata').thoughtsTokenCount = '891';
      }),
    path: 'usageMetadata.thoughtsTokenCount',
    message: /whole number .* got the string "891"/,
  },
};

describe('POST /api/usage/<vendor>', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  async function start() {
    running = await startApp(tempDir(), {}, () => NOW);
    return running;
  }

  function storedEvents() {
    return running.core.db
      .prepare(
        `SELECT event_id AS id, user_ref AS user, model, input_tokens, output_tokens, cache_read_tokens,
           cache_write_tokens, reasoning_tokens, occurred_at AS occurredAt, week
         FROM usage_events_named ORDER BY id`,
      )
      .all();
  }

  describe.each(VENDORS)('%s', (vendor) => {
    it.each(fixturesOf(vendor))('credits $file to the right person, once however often it is sent', async (fix) => {
      const { url, core } = await start();
      const headers = { 'x-throne-user': fix.header };

      const first = await postFormat(url, vendor, fix.body, headers);
      expect(first).toEqual({ status: 202, body: { accepted: fix.events.length, duplicates: 0 } });
      const tallies = expectedTallies(fix.events);
      for (const tally of tallies) expect(core.stores.tallies.tallyOf(WEEK, tally.userId)).toEqual(tally);
      expect(core.stores.tallies.totals(WEEK).events).toBe(fix.events.length);
      expect(storedEvents()).toEqual(
        fix.events.map((event) => ({
          id: event.id,
          user: event.user.includes('@') ? event.user.toLowerCase() : event.user,
          model: event.model,
          input_tokens: event.input_tokens,
          output_tokens: event.output_tokens,
          cache_read_tokens: event.cache_read_tokens,
          cache_write_tokens: event.cache_write_tokens,
          reasoning_tokens: event.reasoning_tokens,
          occurredAt: event.timestamp === null ? NOW.getTime() : Date.parse(event.timestamp),
          week: WEEK,
        })),
      );

      const again = await postFormat(url, vendor, fix.body, headers);
      expect(again).toEqual({ status: 202, body: { accepted: 0, duplicates: fix.events.length } });
      for (const tally of tallies) expect(core.stores.tallies.tallyOf(WEEK, tally.userId)).toEqual(tally);
    });

    it('refuses a malformed payload with a 400 naming the vendor field, and stores nothing', async () => {
      const { url } = await start();
      const { malformed, path, message } = CASES[vendor];
      const answer = await postFormat(url, vendor, malformed(), { 'x-throne-user': 'U024BE7LH' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('1 problem in the request; nothing from it was stored.');
      expect(answer.body.details).toEqual([{ path, message: expect.stringMatching(message) }]);
      expect(storedEvents()).toEqual([]);
    });

    it('refuses a payload that names nobody when X-Throne-User is missing', async () => {
      const { url } = await start();
      const answer = await postFormat(url, vendor, fixture(vendor, CASES[vendor].nameless).body);
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([
        {
          path: 'X-Throne-User',
          message: expect.stringMatching(/^is missing, and nothing in the payload names the person/),
        },
      ]);
      expect(storedEvents()).toEqual([]);
    });
  });

  it('answers a deeply nested token count with a 400 naming the field, not a 500', async () => {
    const { url } = await start();
    // Sent as text: JSON.stringify itself cannot write a value this deep.
    const body = JSON.stringify(
      broken(fixture('openai', 'chat-completion.json').body, (copy) => {
        at(copy, 'usage').completion_tokens = 'NESTED';
      }),
    ).replace('"NESTED"', `${'['.repeat(50_000)}1${']'.repeat(50_000)}`);
    const answer = await postFormat(url, 'openai', body, { 'x-throne-user': 'U024BE7LH' });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { path: 'usage.completion_tokens', message: 'must be a whole number from 0 to 1000000000, got a list' },
    ]);
  });

  it('answers 202 with nothing stored for a LiteLLM batch of only failed calls', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const { url } = running;
    const failures = (fixture('litellm', 'generic-api-batch.json').body as Array<{ status: string }>).filter(
      (payload) => payload.status === 'failure',
    );
    expect(failures).toHaveLength(1);
    expect(await postFormat(url, 'litellm', failures, { 'x-throne-user': 'U024BE7LH' })).toEqual({
      status: 202,
      body: { accepted: 0, duplicates: 0 },
    });
    expect((await postFormat(url, 'litellm', [])).status).toBe(400);
  });

  it('needs the same bearer token as the native route', async () => {
    const { url } = await start();
    const answer = await postFormat(url, 'anthropic', fixture('anthropic', 'message-with-cache.json').body, {
      authorization: 'Bearer wrong',
      'x-throne-user': 'U024BE7LH',
    });
    expect(answer.status).toBe(401);
    expect(storedEvents()).toEqual([]);
  });

  it('counts a payload that names its person without the header', async () => {
    const { url, core } = await start();
    const answer = await postFormat(url, 'openai', fixture('openai', 'responses-api.json').body);
    expect(answer).toEqual({ status: 202, body: { accepted: 1, duplicates: 0 } });
    expect(core.stores.tallies.tallyOf(WEEK, 'alice@example.com')?.tokens).toBe(1400 + 1836);
  });

  it('refuses a Gemini response without responseId, since a retry could not be told apart', async () => {
    const { url } = await start();
    const body = broken(fixture('gemini', 'generate-content-thinking.json').body, (copy) => {
      delete copy.responseId;
    });
    const answer = await postFormat(url, 'gemini', body, { 'x-throne-user': 'U024BE7LH' });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ path: 'responseId', message: expect.stringMatching(/^is missing: /) }]);
  });

  it('refuses a list holding the same Gemini chunk twice, as the native route refuses a repeated id', async () => {
    const { url } = await start();
    const chunk = fixture('gemini', 'generate-content-thinking.json').body;
    const answer = await postFormat(url, 'gemini', [chunk, chunk], { 'x-throne-user': 'U024BE7LH' });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ path: 'gemini[1].id', message: 'repeats the id of gemini[0]' }]);
  });
});
