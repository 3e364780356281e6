import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { tallyMismatches } from '../helpers/tally-mismatches.js';
import { useTempDir } from '../helpers/temp-dir.js';

/**
 * Throws a few thousand random and mutated payloads at POST /api/usage of one running app.
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run test/integration/ingest-fuzz.test.ts
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x7410_2026) >>> 0;
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const CONCURRENCY = 16;

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const clock = () => NOW;
const AUTHS = ['Bearer gateway-secret', 'Bearer ide-secret'] as const;
const MAX_BODY_BYTES = 1024 * 1024;

/** A tiny seeded PRNG (mulberry32): the same seed gives the same payloads in the same order. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Expectation = 'accept' | 'refuse' | 'any';

interface FuzzRequest {
  index: number;
  kind: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
  expect: Expectation;
}

interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own `__proto__` (or any) key, as JSON.parse makes it, never a prototype change. */
function setOwn(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `[[[…1…]]]` / `{"a":{"a":…}}` as text: too deep for JSON.stringify, not for the server's JSON.parse. */
function nestedJson(depth: number, random: () => number): string {
  let text = '1';
  for (let i = 0; i < depth; i += 1) text = random() < 0.5 ? `[${text}]` : `{"a":${text}}`;
  return text;
}

function createGenerator(seed: number) {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };

  let idCounter = 0;
  const validBodies: string[] = [];
  /** Raw JSON text spliced in where a marker string stands, for what JSON.stringify cannot write. */
  const rawMarker = (token: string) => `\u0001RAW:${token}\u0001`;
  const spliceRaw = (text: string) =>
    text.replace(/"\\u0001RAW:(.*?)\\u0001"/g, (_match, token: string) => JSON.parse(`"${token}"`) as string);

  const USERS = [
    ...Array.from({ length: 12 }, (_, i) => `U0FUZZ${String(i).padStart(3, '0')}`),
    'W0ENTERPRISE1',
    'alice@example.com',
    'Bob.Builder@Example.COM',
    'carol+tokens@sub.example.org',
  ];
  const UNICODE = ['é', '识别', '🦄', '\u200b', '\u202e', 'ﷺ', 'Ω', '\u{1f469}\u200d\u{1f4bb}', '𝕏', 'ä'];
  const CONTROL = ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'];
  const HOSTILE_TEXT = [
    '<!channel>',
    '<@U0FUZZ000>',
    '<http://evil.example|x>',
    '&amp;',
    "'; DROP TABLE usage_events;--",
  ];

  const timestamp = (): string | null | undefined => {
    const roll = random();
    if (roll < 0.15) return undefined;
    if (roll < 0.2) return null;
    // From 2026-11-09 (W46) to 4 minutes ahead of the server's clock, in a random zone offset.
    const from = Date.parse('2026-11-09T00:00:00Z');
    const ms = from + Math.floor(random() * (NOW.getTime() + 4 * 60_000 - from));
    const offsetMinutes = pick([0, 0, 60, -300, 330, -720, 840, 345]);
    const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
    if (offsetMinutes === 0) return chance(0.5) ? `${local}Z` : `${local}.${String(int(0, 999)).padStart(3, '0')}Z`;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };

  const validEvent = (): JsonObject => {
    idCounter += 1;
    const event: JsonObject = {
      id: `fz-${seed}-${idCounter}${chance(0.3) ? pick(UNICODE) : ''}`,
      user: pick(USERS),
      input_tokens: chance(0.1) ? pick([0, 1_000_000_000, 49_999, 50_000]) : int(0, 200_000),
      output_tokens: chance(0.1) ? 0 : int(0, 50_000),
    };
    if (chance(0.6)) event.model = chance(0.2) ? null : pick(['llama-3.1-405b', 'gpt-<!here>', `m-${pick(UNICODE)}`]);
    if (chance(0.2)) event.cache_read_tokens = int(0, 1000);
    if (chance(0.1)) event.cache_write_tokens = chance(0.5) ? null : int(0, 1000);
    if (chance(0.1)) event.reasoning_tokens = int(0, 1000);
    const ts = timestamp();
    if (ts !== undefined) event.timestamp = ts;
    return event;
  };

  const deep = (depth: number): Json => rawMarker(nestedJson(depth, random));

  const hostileValue = (): Json =>
    pick<() => Json>([
      () => null,
      () => true,
      () => false,
      () => '',
      () => ' ',
      () => pick(['1200', 'NaN', 'Infinity', '-1', '0x10', '1e3', ' 12 ', '١٢٣']),
      () => pick([-1, -0, 1.5, 0.1, 1e-7, 1_000_000_001, 1e21, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308]),
      () => pick([5e-324, 42]),
      () => [],
      () => [int(0, 10)],
      () => ({}),
      () => ({ value: 1 }),
      () => 'x'.repeat(int(201, 5000)),
      () => pick(CONTROL) + pick(UNICODE),
      () => pick(HOSTILE_TEXT),
      () => deep(int(2, 50)),
      () =>
        rawMarker(
          pick(['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '01', '+1', '.5', '1.', '0x10', 'undefined']),
        ),
      () => rawMarker(pick(['1e3', '1E+3', '1000.000', '-0', '0e0', '1.0'])),
    ])();

  const REQUIRED = ['id', 'user', 'input_tokens', 'output_tokens'] as const;
  const FIELDS = [...REQUIRED, 'model', 'timestamp', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'];

  /** Mutates an event; says whether the result is certainly invalid. */
  const mutateEvent = (event: JsonObject): { name: string; breaks: boolean } => {
    switch (int(0, 14)) {
      case 0: {
        const field = pick(REQUIRED);
        delete event[field];
        return { name: `drop ${field}`, breaks: true };
      }
      case 1: {
        const field = pick(REQUIRED);
        const value = event[field] ?? null;
        delete event[field];
        const camel = field.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
        const renamed = pick([field.toUpperCase(), ...(camel === field ? [] : [camel]), ` ${field}`, `${field}s`]);
        event[renamed] = value;
        return { name: `rename ${field} to ${JSON.stringify(renamed)}`, breaks: true };
      }
      case 2: {
        const field = pick(FIELDS);
        event[field] = hostileValue();
        return { name: `set ${field} to a hostile value`, breaks: false };
      }
      case 3: {
        const field = pick(['input_tokens', 'output_tokens', 'cache_read_tokens', 'reasoning_tokens']);
        const bad = pick<Json>([-1, -1_000_000, 0.5, 10.25, 1_000_000_001, 1e15, 2 ** 63, '100', 'NaN', true, [100]]);
        event[field] = bad;
        return { name: `${field} = ${JSON.stringify(bad)}`, breaks: true };
      }
      case 4: {
        const token = pick(['NaN', 'Infinity', '-Infinity', '1e400', '-5', '1.5e0', '"7"']);
        event[pick(['input_tokens', 'output_tokens'])] = rawMarker(token);
        return { name: `tokens as raw ${token}`, breaks: true };
      }
      case 5: {
        event.id = pick([`id${pick(CONTROL)}`, '', 'i'.repeat(201), `${pick(CONTROL)}${pick(CONTROL)}`]);
        return { name: 'bad id', breaks: true };
      }
      case 6: {
        // Unicode and lone surrogates in an otherwise fine id: may be accepted.
        event.id = `${String(event.id)}-${pick(UNICODE)}${pick(['\ud800', '\udfff', '\ud83d', '', '\u2028'])}`;
        return { name: 'unicode id', breaks: false };
      }
      case 7: {
        event.user = pick<Json>([
          '@bob',
          'u0lower',
          'U',
          'not an email',
          '<@U0FUZZ000>',
          'a@b',
          `U0FUZZ000${pick(CONTROL)}`,
          'x'.repeat(400),
          12345,
        ]);
        return { name: `bad user ${JSON.stringify(event.user).slice(0, 30)}`, breaks: false };
      }
      case 8: {
        const future = new Date(NOW.getTime() + pick([5 * 60_000 + 1000, 3_600_000, 86_400_000 * 365 * 50]));
        event.timestamp = future.toISOString();
        return { name: 'future timestamp', breaks: true };
      }
      case 9: {
        event.timestamp = pick<Json>([
          'yesterday',
          '2026-11-24T14:05:00',
          '2026-02-30T00:00:00Z',
          '2026-11-24T23:59:60Z',
          '2026-11-24T10:00:00+25:00',
          '0000-01-01T00:00:00Z',
          '1970-01-01T00:00:00Z',
          '2026-11-24T10:00:00.123456789Z',
          1_764_000_000,
          '',
        ]);
        return { name: `timestamp ${JSON.stringify(event.timestamp)}`, breaks: false };
      }
      case 10: {
        const key = pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']);
        setOwn(event, key, pick<Json>([{ polluted: true }, { prototype: { polluted: true } }, 'x', 1, null]));
        return { name: `own key ${key}`, breaks: false };
      }
      case 11: {
        const field = pick([...FIELDS, 'extra']);
        event[field] = deep(int(100, 20_000));
        return { name: `deeply nested ${field}`, breaks: field !== 'extra' };
      }
      case 12: {
        event.model = pick([`gpt${pick(CONTROL)}`, 'm'.repeat(201), pick(HOSTILE_TEXT), pick(UNICODE).repeat(50)]);
        return { name: 'odd model', breaks: false };
      }
      case 13: {
        event.id = `${'w'.repeat(int(1, 60))}${pick(UNICODE)}`.repeat(int(1, 3));
        event.model = 'x'.repeat(int(0, 200));
        return { name: 'long but valid strings', breaks: false };
      }
      default: {
        for (const key of Object.keys(event)) if (chance(0.5)) event[key] = hostileValue();
        return { name: 'many hostile values', breaks: false };
      }
    }
  };

  const asJson = (value: Json) => spliceRaw(JSON.stringify(value));
  const auth = () => pick(AUTHS);
  const jsonHeaders = () => ({
    authorization: auth(),
    'content-type': pick([
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/x+json',
    ]),
  });

  const validBody = (): { text: string; kind: string } => {
    if (chance(0.4)) return { text: JSON.stringify(validEvent()), kind: 'valid event' };
    const events = Array.from({ length: chance(0.05) ? 1000 : int(1, 40) }, validEvent);
    return { text: JSON.stringify({ events }), kind: `valid batch of ${events.length}` };
  };

  function next(index: number): FuzzRequest {
    const roll = random();
    const base = { index, headers: jsonHeaders() };
    if (roll < 0.15) {
      const { text, kind } = validBody();
      validBodies.push(text);
      return { ...base, kind, body: text, expect: 'accept' };
    }
    if (roll < 0.2 && validBodies.length > 0) {
      return { ...base, kind: 'resend of a valid body', body: pick(validBodies), expect: 'accept' };
    }
    if (roll < 0.45) {
      const event = validEvent();
      const first = mutateEvent(event);
      // After a second mutation only the last one decides: it may have repaired the first.
      const last = chance(0.3) ? mutateEvent(event) : undefined;
      const name = last ? `${first.name}, then ${last.name}` : first.name;
      const breaks = (last ?? first).breaks;
      return { ...base, kind: `event: ${name}`, body: asJson(event), expect: breaks ? 'refuse' : 'any' };
    }
    if (roll < 0.65) {
      const events: JsonObject[] = Array.from({ length: int(1, 30) }, validEvent);
      const target = events[int(0, events.length - 1)];
      const { name, breaks } = target ? mutateEvent(target) : { name: '', breaks: false };
      const body: JsonObject = { events };
      if (chance(0.1)) setOwn(body, '__proto__', { events: [] });
      if (chance(0.1)) setOwn(body, 'constructor', { prototype: { polluted: true } });
      return { ...base, kind: `batch: ${name}`, body: asJson(body), expect: breaks ? 'refuse' : 'any' };
    }
    if (roll < 0.72) {
      const shape = int(0, 6);
      const events = Array.from({ length: int(2, 20) }, validEvent);
      if (shape === 0) {
        const twin = events[int(1, events.length - 1)];
        const first = events[0];
        if (twin && first) twin.id = first.id ?? null;
        return { ...base, kind: 'batch with a repeated id', body: JSON.stringify({ events }), expect: 'refuse' };
      }
      if (shape === 1) {
        const bad = pick<Json>(['all of them', 5, null, {}, { 0: events[0] ?? null }, true]);
        return { ...base, kind: 'events is not a list', body: asJson({ events: bad }), expect: 'refuse' };
      }
      if (shape === 2) return { ...base, kind: 'empty batch', body: '{"events":[]}', expect: 'refuse' };
      if (shape === 3) {
        const many = Array.from({ length: int(1001, 1100) }, validEvent);
        return {
          ...base,
          kind: `oversized batch of ${many.length}`,
          body: JSON.stringify({ events: many }),
          expect: 'refuse',
        };
      }
      if (shape === 4) {
        const mixed: Json[] = [...events, pick<Json>([null, 1, 'x', [], deep(int(10, 5000))])];
        return { ...base, kind: 'batch holding a non-event', body: asJson({ events: mixed }), expect: 'refuse' };
      }
      if (shape === 5) {
        const padding = 'p'.repeat(MAX_BODY_BYTES + int(1, 200_000));
        return { ...base, kind: 'body over 1 MiB', body: JSON.stringify({ events, padding }), expect: 'refuse' };
      }
      return { ...base, kind: 'nested events', body: JSON.stringify({ events: [{ events }] }), expect: 'refuse' };
    }
    if (roll < 0.8) {
      const length = int(0, 300);
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i += 1) bytes[i] = int(0, 255);
      // Random bytes are valid JSON only by rare luck (e.g. a lone digit); either way not an event.
      return { ...base, kind: 'random bytes', body: bytes, expect: 'refuse' };
    }
    if (roll < 0.87) {
      const text = validBody().text;
      const cut = int(0, Math.max(0, text.length - 1));
      return { ...base, kind: `JSON truncated at ${cut}`, body: text.slice(0, cut), expect: 'refuse' };
    }
    if (roll < 0.92) {
      const body = pick<() => string>([
        () => JSON.stringify([validEvent()]),
        () => JSON.stringify(pick(['hello', '', pick(HOSTILE_TEXT)])),
        () => pick(['0', '42', '-1', '1e400', '3.14']),
        () => pick(['null', 'true', 'false', '[]', '{}', '""', ' ', '\ufeff{}']),
        () => `${'['.repeat(int(1000, 60_000))}${']'.repeat(int(0, 60_000))}`,
        () => `${'{"a":'.repeat(int(1000, 30_000))}1${'}'.repeat(int(0, 30_000))}`,
        () => nestedJson(int(1000, 30_000), random),
      ])();
      return { ...base, kind: 'body that is not an event object', body, expect: 'refuse' };
    }
    if (roll < 0.96) {
      const authorization = pick([
        '',
        'Bearer',
        'Bearer ',
        'Bearer wrong-secret',
        'bearer gateway-secret-but-longer',
        'Basic Z2F0ZXdheS1zZWNyZXQ=',
        'gateway-secret',
        'Bearer gateway-secretX',
        'Bearer ide-secret extra',
        `Bearer ${'x'.repeat(10_000)}`,
      ]);
      return {
        ...base,
        kind: `auth ${JSON.stringify(authorization.slice(0, 40))}`,
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(validEvent()),
        expect: 'refuse',
      };
    }
    if (chance(0.3)) {
      // No content type at all is taken as JSON.
      const { text } = validBody();
      validBodies.push(text);
      return {
        ...base,
        kind: 'valid body without a content type',
        headers: { authorization: auth() },
        body: new TextEncoder().encode(text),
        expect: 'accept',
      };
    }
    const contentType = pick([
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'json',
    ]);
    return {
      ...base,
      kind: `content type ${contentType}`,
      headers: { authorization: auth(), 'content-type': contentType },
      body: JSON.stringify(validEvent()),
      expect: 'refuse',
    };
  }

  return { next };
}

/** How many events a body holds, as the server would see them (undefined when not an object). */
function eventCount(body: string | Uint8Array): number | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    if (!isObject(parsed)) return undefined;
    if (Array.isArray(parsed.events)) return parsed.events.length;
    return 'events' in parsed ? undefined : 1;
  } catch {
    return undefined;
  }
}

function bodySize(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

function clip(body: string | Uint8Array): string {
  const text = typeof body === 'string' ? body : `bytes ${Buffer.from(body).toString('hex')}`;
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…(${text.length} chars)` : text);
}

describe('POST /api/usage under fuzzing', () => {
  const tempDir = useTempDir();
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it(`never answers 5xx, answers in the documented shape, and keeps tallies equal to events (seed ${SEED})`, async () => {
    onTestFailed(() => {
      console.error(`ingest fuzz failed with seed ${SEED}: rerun with FUZZ_SEED=${SEED}`);
    });
    running = await startApp(tempDir(), { INGEST_RATE_LIMIT: '0', LOG_LEVEL: 'warn' }, clock);
    const app = running;
    const generator = createGenerator(SEED);
    const requests = Array.from({ length: REQUESTS }, (_, index) => generator.next(index));

    const problems: string[] = [];
    let acceptedTotal = 0;
    const statuses = new Map<number, number>();
    const problem = (request: FuzzRequest, message: string) => {
      problems.push(`#${request.index} [${request.kind}] ${message}\n    body: ${clip(request.body)}`);
    };

    const send = async (request: FuzzRequest): Promise<FuzzAnswer | { error: string }> => {
      try {
        const response = await fetch(`${app.url}/api/usage`, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        return {
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          text: await response.text(),
        };
      } catch (error) {
        return { error: String((error as Error).cause ?? error) };
      }
    };

    const check = (request: FuzzRequest, answer: FuzzAnswer | { error: string }) => {
      if ('error' in answer) {
        // A server may cut off the rest of an upload it refused as too large; nothing else may fail.
        if (bodySize(request.body) <= MAX_BODY_BYTES) problem(request, `request failed: ${answer.error}`);
        return;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) {
        problem(request, `answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        problem(request, `answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`);
        return;
      }
      if (!/^application\/json/.test(answer.contentType)) problem(request, `content-type ${answer.contentType}`);
      if (!isObject(body)) {
        problem(request, `answered ${answer.status} with a non-object ${answer.text.slice(0, 200)}`);
        return;
      }
      if (answer.status === 202) {
        const { accepted, duplicates } = body;
        const keys = Object.keys(body).sort();
        if (keys.join() !== 'accepted,duplicates') problem(request, `202 with keys ${keys.join()}`);
        if (typeof accepted !== 'number' || typeof duplicates !== 'number') {
          problem(request, `202 with ${answer.text}`);
          return;
        }
        if (!Number.isInteger(accepted) || !Number.isInteger(duplicates) || accepted < 0 || duplicates < 0) {
          problem(request, `202 with ${answer.text}`);
          return;
        }
        acceptedTotal += accepted;
        const count = eventCount(request.body);
        if (count !== undefined && accepted + duplicates !== count) {
          problem(request, `202 ${answer.text} for ${count} events`);
        }
        if (request.expect === 'refuse') problem(request, `expected a refusal, got 202 ${answer.text}`);
        return;
      }
      if (answer.status < 400) {
        problem(request, `answered ${answer.status}: ${answer.text.slice(0, 200)}`);
        return;
      }
      if (typeof body.error !== 'string' || body.error.length === 0) {
        problem(request, `${answer.status} without an error string: ${answer.text.slice(0, 200)}`);
      }
      if (body.details !== undefined) {
        const details = body.details;
        const wellFormed =
          Array.isArray(details) &&
          details.length > 0 &&
          details.every((d) => isObject(d) && typeof d.path === 'string' && typeof d.message === 'string');
        if (!wellFormed) problem(request, `${answer.status} with malformed details: ${answer.text.slice(0, 200)}`);
      }
      if (request.expect === 'accept') {
        problem(request, `expected 202, got ${answer.status} ${answer.text.slice(0, 300)}`);
      }
    };

    let nextIndex = 0;
    const worker = async () => {
      for (let request = requests[nextIndex++]; request; request = requests[nextIndex++]) {
        check(request, await send(request));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = `seed ${SEED} (rerun with FUZZ_SEED=${SEED}); answers by status: ${JSON.stringify(
      Object.fromEntries(statuses),
    )}`;
    // Soft, so that one run reports the answers, the health and the database all at once.
    expect
      .soft(problems.length, `${problems.length} problems, ${summary}\n${problems.slice(0, 12).join('\n')}`)
      .toBe(0);

    const health = await fetch(`${app.url}/healthz`);
    expect.soft(health.status, `GET /healthz after the fuzzing, ${summary}`).toBe(200);

    const db = app.core.db;
    const stored = db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get() as number;
    expect.soft(stored, `stored events vs the sum of accepted, ${summary}`).toBe(acceptedTotal);
    const mismatches = tallyMismatches(db);
    expect.soft(mismatches, `tallies that differ from their events, ${summary}`).toEqual([]);
    // The fuzzer reached both sides: plenty was stored, and plenty refused.
    expect.soft(acceptedTotal, summary).toBeGreaterThan(1000);
    expect.soft(statuses.get(400) ?? 0, summary).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // The fuzzer's first find, pinned: zod's error messages describe the bad value with JSON.stringify,
  // which overflows the stack on deeply nested input.
  it.each(['input_tokens', 'output_tokens', 'cache_read_tokens', 'id', 'user', 'timestamp'])(
    'refuses a deeply nested %s with a 400 naming the field, not a 500',
    async (field) => {
      running = await startApp(tempDir(), {}, clock);
      const event = `{"id":"deep","user":"U0FUZZ001","input_tokens":1,"output_tokens":1,"${field}":${nestedJson(20_000, mulberry32(1))}}`;
      const answer = await postUsage(running.url, event);
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([expect.objectContaining({ path: field })]);
      expect(running.core.db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()).toBe(0);
    },
  );
});
