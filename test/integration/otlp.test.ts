import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/otlp/${name}`, import.meta.url), 'utf8');

const MINUTE_NS = 60_000_000_000n;
const START_NS = 1_795_510_800_000_000_000n; // 2026-11-24T09:00:00Z

interface ClaudeCodeExport {
  minute: number;
  temporality: 1 | 2;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  startNs?: bigint;
}

/** A Claude Code metrics export at `minute` past the session start, as its exporter sends it. */
function claudeCodeExport(values: ClaudeCodeExport): string {
  return fixture('claude-code-metrics.json')
    .replaceAll('"__TIME__"', `"${START_NS + BigInt(values.minute) * MINUTE_NS}"`)
    .replaceAll('"1795510800000000000"', `"${values.startNs ?? START_NS}"`)
    .replaceAll('"__TEMPORALITY__"', String(values.temporality))
    .replace('"__INPUT__"', String(values.input))
    .replace('"__OUTPUT__"', String(values.output))
    .replace('"__CACHE_READ__"', String(values.cacheRead))
    .replace('"__CACHE_CREATION__"', String(values.cacheCreation));
}

describe('OpenTelemetry ingestion', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...GATEWAY_AUTH, ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const tally = (userId: string) => running.core.stores.tallies.tallyOf('2026-W48', userId);

  it('credits only the increase of a cumulative counter exported again and again', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const first = await post(
      '/v1/metrics',
      claudeCodeExport({ minute: 1, temporality: 2, input: 1000, output: 100, cacheRead: 5000, cacheCreation: 200 }),
    );
    expect(first).toEqual({ status: 202, body: { accepted: 4, duplicates: 0 } });
    expect(tally('alice@example.com')).toMatchObject({ tokens: 6300, inputTokens: 6200, outputTokens: 100 });

    const second = claudeCodeExport({
      minute: 2,
      temporality: 2,
      input: 1500,
      output: 300,
      cacheRead: 9000,
      cacheCreation: 200,
    });
    expect((await post('/v1/metrics', second)).body).toEqual({ accepted: 3, duplicates: 1 });
    expect(tally('alice@example.com')?.tokens).toBe(6300 + 500 + 200 + 4000);

    // The exporter retries the same export: nothing new.
    expect((await post('/v1/metrics', second)).body).toEqual({ accepted: 0, duplicates: 4 });
    const third = claudeCodeExport({
      minute: 3,
      temporality: 2,
      input: 2500,
      output: 400,
      cacheRead: 9000,
      cacheCreation: 200,
    });
    await post('/v1/metrics', third);
    expect(tally('alice@example.com')?.tokens).toBe(11_000 + 1000 + 100);

    const cacheRead = running.core.db
      .prepare("SELECT SUM(cache_read_tokens) FROM usage_events_named WHERE user_ref = 'alice@example.com'")
      .pluck()
      .get();
    expect(cacheRead).toBe(9000);
  });

  it('starts over when a cumulative counter restarts with a new start time', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    await post(
      '/v1/metrics',
      claudeCodeExport({ minute: 1, temporality: 2, input: 1000, output: 0, cacheRead: 0, cacheCreation: 0 }),
    );
    const restarted = claudeCodeExport({
      minute: 30,
      temporality: 2,
      input: 250,
      output: 0,
      cacheRead: 0,
      cacheCreation: 0,
      startNs: START_NS + 20n * MINUTE_NS,
    });
    await post('/v1/metrics', restarted);
    expect(tally('alice@example.com')?.tokens).toBe(1250);
  });

  it('counts each delta export once, however often it is retried', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const window = claudeCodeExport({
      minute: 1,
      temporality: 1,
      input: 700,
      output: 70,
      cacheRead: 0,
      cacheCreation: 30,
    });
    expect((await post('/v1/metrics', window)).body).toEqual({ accepted: 4, duplicates: 0 });
    expect((await post('/v1/metrics', window)).body).toEqual({ accepted: 0, duplicates: 4 });
    expect(tally('alice@example.com')?.tokens).toBe(800);
  });

  it('reads the GenAI token-usage histogram', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    expect((await post('/v1/metrics', fixture('genai-token-usage-histogram.json'))).status).toBe(202);
    expect(tally('U0BOB0001')).toMatchObject({ tokens: 1920, inputTokens: 1500, outputTokens: 420 });
    const model = running.core.db.prepare('SELECT DISTINCT model FROM usage_events_named').pluck().all();
    expect(model).toEqual(['gpt-4o-mini-2024-07-18']);
  });

  it('turns GenAI spans into events, ignores spans without usage, and counts a re-sent export once', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const body = fixture('genai-spans.json');
    expect((await post('/v1/traces', body)).body).toEqual({ accepted: 2, duplicates: 0 });
    expect((await post('/v1/traces', gzipSync(body), { 'content-encoding': 'gzip' })).body).toEqual({
      accepted: 0,
      duplicates: 2,
    });
    expect(tally('carol@example.com')).toMatchObject({ tokens: 1550, events: 1 });
    expect(tally('dave@example.com')).toMatchObject({ tokens: 1000, events: 1 });
    const ids = running.core.db.prepare('SELECT event_id FROM usage_events_named ORDER BY event_id').pluck().all();
    expect(ids).toEqual([
      '0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331',
      '5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174',
    ]);
  });

  it('keeps telemetry that names nobody for the operator, and takes the person from X-Throne-User', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const anonymous = fixture('genai-token-usage-histogram.json').replaceAll('"enduser.id"', '"session.id"');
    expect(await post('/v1/metrics', anonymous)).toEqual({ status: 202, body: { accepted: 2, duplicates: 0 } });
    expect(running.core.stores.anonymousPeople.unmapped()).toMatchObject([
      { source: 'gateway', anonymousRef: 'anon:unnamed', events: 2, tokens: 1920 },
    ]);
    const named = anonymous.replaceAll('1795514460000000000', '1795514520000000000');
    expect((await post('/v1/metrics', named, { 'x-throne-user': 'erin@example.com' })).status).toBe(202);
    expect(tally('erin@example.com')?.tokens).toBe(1920);
  });

  it.each([
    [
      'a negative counter value',
      '/v1/metrics',
      () => claudeCodeExport({ minute: 1, temporality: 2, input: -5, output: 0, cacheRead: 0, cacheCreation: 0 }),
      'resourceMetrics.0.scopeMetrics.0.metrics.1.sum.dataPoints.0.asDouble',
    ],
    [
      'a fractional delta',
      '/v1/metrics',
      () => claudeCodeExport({ minute: 1, temporality: 1, input: 1.5, output: 0, cacheRead: 0, cacheCreation: 0 }),
      'resourceMetrics.0.scopeMetrics.0.metrics.1.sum.dataPoints.0.input_tokens',
    ],
    [
      'an unknown temporality',
      '/v1/metrics',
      () =>
        claudeCodeExport({ minute: 1, temporality: 1, input: 1, output: 0, cacheRead: 0, cacheCreation: 0 }).replaceAll(
          '"aggregationTemporality": 1',
          '"aggregationTemporality": 7',
        ),
      'resourceMetrics.0.scopeMetrics.0.metrics.1.sum.aggregationTemporality',
    ],
    [
      'a malformed trace id',
      '/v1/traces',
      () => fixture('genai-spans.json').replace('5b8efff798038103d269b633813fc60c', 'xyz'),
      'resourceSpans.0.scopeSpans.0.spans.0.traceId',
    ],
    ['a body that is not OTLP', '/v1/traces', () => '{"spans": []}', 'resourceSpans'],
  ])('refuses %s with a 400 naming the field', async (_name, path, body, field) => {
    running = await startApp(tempDir(), {}, () => NOW);
    const answer = await post(path, body());
    expect(answer.status).toBe(400);
    expect((answer.body.details as Array<{ path: string }>).map((detail) => detail.path)).toContain(field);
    expect(running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get()).toBe(0);
  });

  it('refuses a protobuf body that is not an export request, and other content types', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const garbage = await post('/v1/metrics', 'hello, not protobuf', { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toMatch(/^The body is not a protobuf ExportMetricsServiceRequest/);
    const text = await post('/v1/logs', 'hello', { 'content-type': 'text/plain' });
    expect(text).toEqual({
      status: 415,
      body: { error: 'This path takes application/json or application/x-protobuf, not text/plain.' },
    });
  });
});
