import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Json, nestedJson, usageArbitraries, withRaw } from '../fixtures/usage-arbitraries.js';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';
import { useTempDir } from '../helpers/temp-dir.js';

/**
 * Properties of POST /api/usage, checked with generated payloads against one running app. fast-check shrinks
 * a failure to a small counterexample and prints its seed and path; replay with
 * FUZZ_SEED=<seed> npx vitest run test/integration/ingest-fuzz.test.ts (FUZZ_RUNS sets runs per property).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x7410_2026) | 0;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;
const MAX_BODY_BYTES = 1024 * 1024;
const SOURCES = { gateway: 'Bearer gateway-secret', ide: 'Bearer ide-secret' } as const;
type Source = keyof typeof SOURCES;

const { validEvent, validBatch, validBody, breakage, anyChange } = usageArbitraries(NOW);

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

const source = fc.constantFrom<Source>('gateway', 'ide');
/** No content type at all is taken as JSON. */
const jsonContentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/x+json',
  undefined,
);

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

// Each property sends hundreds of requests: more than the default per-test time on a busy machine.
describe('POST /api/usage, property by property', { timeout: 90_000 }, () => {
  let dir: string;
  let app: RunningApp;
  /** Events the server said it accepted, over every request of the file. */
  let acceptedTotal = 0;

  const storedCount = () => app.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get() as number;
  const copiesOf = (from: Source, ids: Json[]) => {
    const statement = app.core.db
      .prepare('SELECT COUNT(*) FROM usage_events_named WHERE source = ? AND event_id = ?')
      .pluck();
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
    expect(tallyMismatches(app.core.db)).toEqual([]);
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
      expect(running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get()).toBe(0);
    },
  );
});
