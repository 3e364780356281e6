import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';
import { useTempDir } from '../helpers/temp-dir.js';

/**
 * Properties of POST /api/usage, checked with generated payloads against one running app. fast-check shrinks
 * a failure to a small counterexample and prints its seed and path; replay with
 * FUZZ_SEED=<seed> npx vitest run test/integration/ingest-fuzz.test.ts (FUZZ_RUNS sets runs per property).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x7410_2026) | 0;
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;
const MAX_BODY_BYTES = 1024 * 1024;
const SOURCES = { gateway: 'Bearer gateway-secret', ide: 'Bearer ide-secret' } as const;
type Source = keyof typeof SOURCES;
const REQUIRED = ['id', 'user', 'input_tokens', 'output_tokens'] as const;
const TOKEN_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Event = { [key: string]: Json };

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

// ---- payloads ----

const UNICODE = ['é', '识别', '🦄', '\u200b', '\u202e', 'ﷺ', 'Ω', '\u{1f469}\u200d\u{1f4bb}', '𝕏', 'ä'];
const CONTROL = ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'];
const HOSTILE_TEXT = [
  '<!channel>',
  '<@U0FUZZ000>',
  '<http://evil.example|x>',
  '&amp;',
  "'; DROP TABLE usage_events;--",
];

const user = fc.constantFrom(
  ...Array.from({ length: 12 }, (_, i) => `U0FUZZ${String(i).padStart(3, '0')}`),
  'W0ENTERPRISE1',
  'alice@example.com',
  'Bob.Builder@Example.COM',
  'carol+tokens@sub.example.org',
);

const eventId = fc
  .tuple(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme-ascii' }), fc.option(fc.constantFrom(...UNICODE)))
  .map(([text, extra]) => `${text}${extra ?? ''}`);

/** From 2026-11-09 (W46) to 4 minutes ahead of the server's clock, written in one of several zone offsets. */
const timestamp = fc
  .tuple(
    fc.integer({ min: Date.parse('2026-11-09T00:00:00Z'), max: NOW.getTime() + 4 * 60_000 }),
    fc.constantFrom(0, 60, -300, 330, -720, 840, 345),
    fc.boolean(),
  )
  .map(([ms, offsetMinutes, withMillis]) => {
    const local = new Date(ms + offsetMinutes * 60_000).toISOString();
    if (offsetMinutes === 0) return withMillis ? local : `${local.slice(0, 19)}Z`;
    const abs = Math.abs(offsetMinutes);
    const zone = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${local.slice(0, 19)}${zone}`;
  });

const validEvent: fc.Arbitrary<Event> = fc.record(
  {
    id: eventId,
    user,
    input_tokens: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(0, 1_000_000_000, 49_999, 50_000)),
    output_tokens: fc.integer({ min: 0, max: 50_000 }),
    model: fc.oneof(
      fc.constant(null),
      fc.constantFrom('llama-3.1-405b', 'gpt-<!here>', ...UNICODE.map((u) => `m-${u}`), ...HOSTILE_TEXT),
      fc.string({ maxLength: 200, unit: 'grapheme-ascii' }),
    ),
    cache_read_tokens: fc.integer({ min: 0, max: 1000 }),
    cache_write_tokens: fc.option(fc.integer({ min: 0, max: 1000 })),
    reasoning_tokens: fc.integer({ min: 0, max: 1000 }),
    timestamp: fc.option(timestamp),
  },
  { requiredKeys: [...REQUIRED] },
);

/** A batch's events have distinct ids (a repeat is refused). */
const validBatch = (maxLength: number) =>
  fc.uniqueArray(validEvent, { selector: (event) => event.id, minLength: 1, maxLength });

/** Where the events go: one event as the body, or a batch. */
const validBody = fc.oneof(
  validEvent.map((event) => ({ body: event as Json, events: [event] })),
  validBatch(40).map((events) => ({ body: { events } as Json, events })),
);

const source = fc.constantFrom<Source>('gateway', 'ide');
/** No content type at all is taken as JSON. */
const jsonContentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/x+json',
  undefined,
);

/** JSON text with `raw` where the marker string stands: for what JSON.stringify cannot write. */
const RAW = '\u0001raw\u0001';
const withRaw = (value: Json, raw: string) => JSON.stringify(value).replace(JSON.stringify(RAW), raw);

const nestedJson = (depth: number) => {
  let text = '1';
  for (let i = 0; i < depth; i += 1) text = i % 2 === 0 ? `[${text}]` : `{"a":${text}}`;
  return text;
};

/** A change that certainly makes an event invalid, and the field the refusal must name. */
interface Breakage {
  name: string;
  field: string;
  apply(event: Event): { event: Event; raw?: string };
}

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((field) => ({
    name: `drop ${field}`,
    field,
    apply: (event: Event) => {
      const { [field]: _dropped, ...rest } = event;
      return { event: rest };
    },
  })),
  fc.tuple(fc.constantFrom(...REQUIRED), fc.constantFrom('upper', 'camel', 'space', 'plural')).map(([field, how]) => {
    const spelled = {
      upper: field.toUpperCase(),
      camel: field.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
      space: ` ${field}`,
      plural: `${field}s`,
    }[how];
    // A field without an underscore has no camel-case spelling: it is upper-cased instead.
    const renamed = spelled === field ? field.toUpperCase() : spelled;
    return {
      name: `rename ${field} to ${JSON.stringify(renamed)}`,
      field,
      apply: (event: Event) => {
        const { [field]: value, ...rest } = event;
        return { event: { ...rest, [renamed]: value ?? null } };
      },
    };
  }),
  fc
    .tuple(
      fc.constantFrom(...TOKEN_FIELDS),
      fc.oneof(
        fc.constantFrom<Json>(-1, -1_000_000, 0.5, 10.25, 1_000_000_001, 1e15, 2 ** 63, '100', 'NaN', true, [100], {}),
        fc.integer({ min: -(2 ** 31), max: -1 }),
        fc.double({ min: 0.001, max: 1e9, noNaN: true }).filter((n) => !Number.isInteger(n)),
      ),
    )
    .map(([field, bad]) => ({
      name: `${field} = ${JSON.stringify(bad)}`,
      field,
      apply: (event: Event) => ({ event: { ...event, [field]: bad } }),
    })),
  fc
    .tuple(fc.constantFrom('input_tokens', 'output_tokens'), fc.constantFrom('1e400', '-1e400', '-5', '1.5e0', '"7"'))
    .map(([field, raw]) => ({
      name: `${field} as raw ${raw}`,
      field,
      apply: (event: Event) => ({ event: { ...event, [field]: RAW }, raw }),
    })),
  fc
    .oneof(
      fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...CONTROL)).map(([text, c]) => `${text}${c}`),
      fc.constantFrom<Json>('', 'i'.repeat(201), 42, null, ['a']),
    )
    .map((id) => ({
      name: `id ${JSON.stringify(id)}`,
      field: 'id',
      apply: (event: Event) => ({ event: { ...event, id } }),
    })),
  fc.constantFrom<Json>('@bob', 'not an email', 'u0lower', '<@U0FUZZ000>', 12345, '', null).map((bad) => ({
    name: `user ${JSON.stringify(bad)}`,
    field: 'user',
    apply: (event: Event) => ({ event: { ...event, user: bad } }),
  })),
  fc
    .oneof(
      fc
        .integer({ min: 5 * 60_000 + 1000, max: 50 * 365 * 86_400_000 })
        .map((ms) => new Date(NOW.getTime() + ms).toISOString()),
      fc.constantFrom<Json>('yesterday', '2026-11-24T14:05:00', '2026-11-24T10:00:00+25:00', 1_764_000_000, ''),
    )
    .map((bad) => ({
      name: `timestamp ${JSON.stringify(bad)}`,
      field: 'timestamp',
      apply: (event: Event) => ({ event: { ...event, timestamp: bad } }),
    })),
  fc
    .tuple(
      fc.constantFrom(...REQUIRED, 'model', 'timestamp', 'cache_read_tokens'),
      fc.integer({ min: 100, max: 20_000 }),
    )
    .map(([field, depth]) => ({
      name: `${field} nested ${depth} deep`,
      field,
      apply: (event: Event) => ({ event: { ...event, [field]: RAW }, raw: nestedJson(depth) }),
    })),
);

/** Values of every kind, for fields whose validity the test does not decide. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('1200', 'NaN', 'Infinity', '0x10', ' 12 ', '١٢٣', -0, 5e-324, 1e308, Number.MAX_SAFE_INTEGER),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.tuple(fc.constantFrom(...CONTROL), fc.constantFrom(...UNICODE, ...HOSTILE_TEXT)).map(([a, b]) => `${a}${b}`),
);

/** Changes that may or may not leave an event valid. */
const anyChange: fc.Arbitrary<(event: Event) => Event> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...REQUIRED, 'model', 'timestamp', 'cache_read_tokens', 'extra'), hostileValue)
    .map(([field, value]) => (event: Event) => ({ ...event, [field]: value })),
  fc
    .tuple(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
      fc.constantFrom<Json>({ polluted: true }, { prototype: { polluted: true } }, 'x', 1, null),
    )
    .map(([key, value]) => (event: Event) => {
      const copy = { ...event };
      // An own `__proto__` key, as JSON.parse makes it, never a prototype change.
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    }),
  fc
    .tuple(fc.constantFrom(...UNICODE), fc.constantFrom('\ud800', '\udfff', '\ud83d', '', '\u2028'))
    .map(([u, lone]) => (event: Event) => ({ ...event, id: `${String(event.id)}-${u}${lone}` })),
  fc.constantFrom(...CONTROL, ...HOSTILE_TEXT).map((odd) => (event: Event) => ({ ...event, model: `gpt${odd}` })),
);

// ---- the server's answers ----

async function send(app: RunningApp, body: string | Uint8Array, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${app.url}/api/usage`, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`answered ${response.status} with ${text.slice(0, 200)}`);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: parsed as Record<string, unknown>,
  };
}

function headersFor(from: Source, contentType: string | undefined = 'application/json'): Record<string, string> {
  return { authorization: SOURCES[from], ...(contentType === undefined ? {} : { 'content-type': contentType }) };
}

/** The documented shapes: 202 `{accepted, duplicates}`; a refusal `{error, details?}` with `{path, message}` details. */
function expectDocumentedShape(answer: Answer) {
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
  expect(answer.contentType).toMatch(/^application\/json/);
  if (answer.status === 202) {
    expect(Object.keys(answer.body).sort()).toEqual(['accepted', 'duplicates']);
    for (const count of [answer.body.accepted, answer.body.duplicates]) {
      expect(Number.isInteger(count) && (count as number) >= 0, `count ${String(count)}`).toBe(true);
    }
    return;
  }
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(typeof answer.body.error === 'string' && answer.body.error.length > 0).toBe(true);
  if (answer.body.details !== undefined) {
    expect(Array.isArray(answer.body.details) && answer.body.details.length > 0, 'details is a non-empty list').toBe(
      true,
    );
    for (const detail of answer.body.details as unknown[]) {
      expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
}

describe('POST /api/usage, property by property', () => {
  let dir: string;
  let app: RunningApp;
  /** Events the server said it accepted, over every request of the file. */
  let acceptedTotal = 0;

  const storedCount = () => app.app.db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get() as number;
  const copiesOf = (from: Source, ids: Json[]) => {
    const statement = app.app.db.prepare('SELECT COUNT(*) FROM usage_events WHERE source = ? AND event_id = ?').pluck();
    return ids.map((id) => statement.get(from, id) as number);
  };
  /** Sends a body the server must refuse; checks its shape and that nothing was stored. */
  const refused = async (body: string | Uint8Array, headers: Record<string, string>) => {
    const before = storedCount();
    const answer = await send(app, body, headers);
    expectDocumentedShape(answer);
    expect(answer.status, JSON.stringify(answer.body)).not.toBe(202);
    expect(storedCount()).toBe(before);
    return answer;
  };

  // One app and database for the whole file, so the final check sees every request of every property.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'throne-fuzz-'));
    app = await startApp(dir, { INGEST_RATE_LIMIT: '0', LOG_LEVEL: 'warn' }, clock);
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every valid body with 202 and stores each event exactly once, however often it is sent', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, source, jsonContentType, async ({ body, events }, from, contentType) => {
        const ids = events.map((event) => event.id ?? null);
        const known = copiesOf(from, ids).filter((copies) => copies > 0).length;
        const first = await send(app, JSON.stringify(body), headersFor(from, contentType));
        expectDocumentedShape(first);
        expect(first).toMatchObject({ status: 202, body: { accepted: ids.length - known, duplicates: known } });
        acceptedTotal += first.body.accepted as number;
        const again = await send(app, JSON.stringify(body), headersFor(from, contentType));
        expect(again).toMatchObject({ status: 202, body: { accepted: 0, duplicates: ids.length } });
        expect(copiesOf(from, ids)).toEqual(ids.map(() => 1));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('refuses an event with a broken field with 400, names the field, and stores nothing of the request', async () => {
    const placement = fc.oneof(
      fc.constant(undefined),
      validBatch(20).chain((events) => fc.tuple(fc.constant(events), fc.nat({ max: events.length - 1 }))),
    );
    await fc.assert(
      fc.asyncProperty(validEvent, breakage, placement, source, async (event, broken, batch, from) => {
        const { event: bad, raw } = broken.apply(event);
        let body: Json = bad;
        let path = broken.field;
        if (batch) {
          const [events, index] = batch;
          body = { events: events.map((other, i) => (i === index ? bad : other)) };
          path = `events.${index}.${broken.field}`;
        }
        const text = raw === undefined ? JSON.stringify(body) : withRaw(body, raw);
        const answer = await refused(text, headersFor(from));
        expect(answer.status, broken.name).toBe(400);
        // Every problem found is in the broken field (a value can break more than one rule of it).
        const paths = (answer.body.details as Array<{ path: string }>).map((detail) => detail.path);
        expect([...new Set(paths)], broken.name).toEqual([path]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('refuses bodies that are not events, wrong credentials and wrong content types, storing nothing', async () => {
    const event = validEvent.map((e) => JSON.stringify(e));
    const request = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ name: 'random bytes', body: bytes as string | Uint8Array })),
      fc.tuple(validBody, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })).map(([{ body }, at]) => {
        const text = JSON.stringify(body);
        return { name: 'truncated JSON', body: text.slice(0, Math.floor(at * text.length)) };
      }),
      fc
        .jsonValue()
        .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
        .map((value) => ({ name: 'JSON that is not an object', body: JSON.stringify(value) })),
      fc
        .constantFrom(
          'NaN',
          'Infinity',
          'undefined',
          '\ufeff{}',
          '{}',
          '{"events":{}}',
          '{"events":[]}',
          '{"events":null}',
        )
        .map((body) => ({ name: body, body })),
      fc
        .integer({ min: 1000, max: 60_000 })
        .map((depth) => ({ name: `nested ${depth} deep`, body: nestedJson(depth) })),
      validBatch(10).map((events) => ({
        name: 'nested events',
        body: JSON.stringify({ events: [{ events }] }),
      })),
      fc.tuple(validBatch(20), fc.constantFrom<Json>(null, 1, 'x', [])).map(([events, odd]) => ({
        name: 'a batch holding a non-event',
        body: JSON.stringify({ events: [...events, odd] }),
      })),
    );
    await fc.assert(
      fc.asyncProperty(request, source, async ({ name, body }, from) => {
        expect([400, 415], name).toContain((await refused(body, headersFor(from))).status);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const auth = fc.constantFrom(
      '',
      'Bearer',
      'Bearer wrong-secret',
      'bearer gateway-secret-but-longer',
      'Basic Z2F0ZXdheS1zZWNyZXQ=',
      'gateway-secret',
      'Bearer gateway-secretX',
      'Bearer ide-secret extra',
      `Bearer ${'x'.repeat(10_000)}`,
    );
    await fc.assert(
      fc.asyncProperty(event, auth, async (body, authorization) => {
        const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
        expect((await refused(body, headers)).status).toBe(401);
      }),
      { seed: SEED, numRuns: 30 },
    );
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'json',
    );
    await fc.assert(
      fc.asyncProperty(event, contentType, source, async (body, type, from) => {
        expect((await refused(body, headersFor(from, type))).status).toBe(415);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it('refuses a batch with a repeated id, naming the repeat', async () => {
    const repeat = validBatch(20)
      .filter((events) => events.length >= 2)
      .chain((events) => fc.tuple(fc.constant(events), fc.integer({ min: 1, max: events.length - 1 })));
    await fc.assert(
      fc.asyncProperty(repeat, source, async ([events, twin], from) => {
        const body = {
          events: events.map((event, i) => (i === twin ? { ...event, id: events[0]?.id ?? null } : event)),
        };
        const answer = await refused(JSON.stringify(body), headersFor(from));
        expect(answer.status).toBe(400);
        expect(answer.body.details).toEqual([{ path: `events.${twin}.id`, message: 'repeats the id of events.0' }]);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('refuses batches over 1000 events and bodies over 1 MiB', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1001, max: 1100 }), validEvent, async (count, event) => {
        const events = Array.from({ length: count }, (_, i) => ({ ...event, id: `big-${i}` }));
        const answer = await refused(JSON.stringify({ events }), headersFor('gateway'));
        expect(answer.status).toBe(400);
        expect(answer.body.details).toEqual([
          { path: 'events', message: `holds ${count} events; at most 1000 fit in one request` },
        ]);
      }),
      { seed: SEED, numRuns: 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200_000 }), validBatch(5), async (extra, events) => {
        const before = storedCount();
        const body = JSON.stringify({ events, padding: 'p'.repeat(MAX_BODY_BYTES + extra) });
        // A server may cut off the rest of an upload it refused as too large.
        const answer = await send(app, body, headersFor('ide')).catch(() => undefined);
        if (answer) expect(answer.status).toBe(413);
        expect(storedCount()).toBe(before);
      }),
      { seed: SEED, numRuns: 3 },
    );
  });

  it('answers anything else in the documented shape, never 5xx, storing exactly what it says it accepted', async () => {
    const payload = fc.oneof(
      fc
        .tuple(validEvent, fc.array(anyChange, { minLength: 1, maxLength: 3 }))
        .map(([event, changes]) => changes.reduce((changed, change) => change(changed), event)),
      fc.tuple(validBatch(20), anyChange, fc.nat()).map(([events, change, at]) => ({
        events: events.map((event, i) => (i === at % events.length ? change(event) : event)),
      })),
      fc.anything({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(payload, source, async (value, from) => {
        const before = storedCount();
        const answer = await send(app, JSON.stringify(value) ?? 'null', headersFor(from));
        expectDocumentedShape(answer);
        const accepted = answer.status === 202 ? (answer.body.accepted as number) : 0;
        acceptedTotal += accepted;
        expect(storedCount() - before).toBe(accepted);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ends with the health check up, every accepted event stored and every tally equal to its events', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(storedCount()).toBe(acceptedTotal);
    expect(tallyMismatches(app.app.db)).toEqual([]);
  });
});

describe('POST /api/usage with deep nesting', () => {
  const tempDir = useTempDir();
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  // The fuzzer's first find, pinned: zod's error messages describe the bad value with JSON.stringify,
  // which overflows the stack on deeply nested input.
  it.each(['input_tokens', 'output_tokens', 'cache_read_tokens', 'id', 'user', 'timestamp'])(
    'refuses a deeply nested %s with a 400 naming the field, not a 500',
    async (field) => {
      running = await startApp(tempDir(), {}, clock);
      const event = `{"id":"deep","user":"U0FUZZ001","input_tokens":1,"output_tokens":1,"${field}":${nestedJson(20_000)}}`;
      const answer = await postUsage(running.url, event);
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([expect.objectContaining({ path: field })]);
      expect(running.app.db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()).toBe(0);
    },
  );
});
