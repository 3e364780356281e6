import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturesOf } from '../fixtures/formats/load-fixtures.js';
import { usageEvent } from '../fixtures/usage-events.js';
import { codex } from '../helpers/coding-agents.js';
import { exportWith, otlpExporters, PROTOCOLS, telemetrySdk } from '../helpers/otel-exporters.js';
import { runCli } from '../helpers/run-cli.js';
import { GATEWAY_AUTH, postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
// 26 weeks before 2026-W48 is 2026-W22, which starts on Monday 25 May.
const CUTOFF = '2026-05-25T00:00:00.000Z';
const JUST_BEFORE = '2026-05-24T23:59:59.999Z';
const WEEK_MS = 7 * 24 * 3_600_000;

type Details = Array<{ path: string; message: string }>;

describe('raw events older than EVENT_RETENTION_WEEKS are refused at intake', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  const countEvents = () => running.core.db.prepare('SELECT COUNT(*) FROM usage_events').pluck().get() as number;
  const tokensIn = (week: string) => running.core.stores.tallies.tallyOf(week, 'U024BE7LH')?.tokens;
  const event = (id: string, timestamp: string) => usageEvent(id, 'U024BE7LH', 1000, { timestamp });

  it('answers 400 naming events.N.timestamp, why, and what to do; nothing from the batch is stored', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const answer = await postUsage(running.url, {
      events: [event('fresh', '2026-11-24T10:00:00Z'), event('old', JUST_BEFORE)],
    });
    expect(answer.status).toBe(400);
    const details = answer.body.details as Details;
    expect(details.map((detail) => detail.path)).toEqual(['events.1.timestamp']);
    expect(details[0]?.message).toContain(`is before ${CUTOFF}`);
    expect(details[0]?.message).toMatch(/EVENT_RETENTION_WEEKS=26/);
    expect(details[0]?.message).toMatch(/a retry arriving after its id was purged would count twice/);
    expect(details[0]?.message).toMatch(/raise EVENT_RETENTION_WEEKS first/);
    expect(countEvents()).toBe(0);
    expect(tokensIn('2026-W48')).toBeUndefined();
  });

  it('names timestamp alone for a single event', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    const answer = await postUsage(running.url, event('old', '2025-01-06T09:00:00Z'));
    expect(answer.status).toBe(400);
    expect((answer.body.details as Details).map((detail) => detail.path)).toEqual(['timestamp']);
    expect(countEvents()).toBe(0);
  });

  it('takes an event at the first instant of the window, and counts it in its week', async () => {
    running = await startApp(tempDir(), {}, () => NOW);
    expect(await postUsage(running.url, event('edge', CUTOFF))).toEqual({
      status: 202,
      body: { accepted: 1, duplicates: 0 },
    });
    expect(tokensIn('2026-W22')).toBe(1000);
  });

  it('draws the window at Monday 00:00 in WEEK_TIMEZONE', async () => {
    // Four weeks before 2026-W48 in Berlin: Monday 26 October 00:00 CET is 25 October 23:00 UTC.
    running = await startApp(tempDir(), { WEEK_TIMEZONE: 'Europe/Berlin', EVENT_RETENTION_WEEKS: '4' }, () => NOW);
    expect((await postUsage(running.url, event('in', '2026-10-25T23:00:00Z'))).status).toBe(202);
    const refused = await postUsage(running.url, event('out', '2026-10-25T22:59:59Z'));
    expect(refused.status).toBe(400);
    expect((refused.body.details as Details)[0]?.message).toContain('is before 2026-10-25T23:00:00.000Z');
  });

  it('takes an event of any age when EVENT_RETENTION_WEEKS=0 (raw events kept forever)', async () => {
    running = await startApp(tempDir(), { EVENT_RETENTION_WEEKS: '0' }, () => NOW);
    expect((await postUsage(running.url, event('ancient', '2019-03-04T10:00:00Z'))).status).toBe(202);
    expect(tokensIn('2019-W10')).toBe(1000);
    // The future is still refused.
    expect((await postUsage(running.url, event('ahead', '2026-11-25T12:05:01Z'))).status).toBe(400);
  });

  it('refuses a vendor payload from before the window on its route too', async () => {
    // The OpenAI fixture was created on 24 November 2026; seen 30 weeks later it is too old.
    running = await startApp(tempDir(), {}, () => new Date(NOW.getTime() + 30 * WEEK_MS));
    const fixture = fixturesOf('openai').find((fix) => fix.file === 'chat-completion.json');
    const response = await fetch(`${running.url}/api/usage/openai`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-throne-user': 'U024BE7LH', ...GATEWAY_AUTH },
      body: JSON.stringify(fixture?.body),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: Details };
    expect(body.details.map((detail) => detail.path)).toEqual(['openai[0].timestamp']);
    expect(body.details[0]?.message).toMatch(/EVENT_RETENTION_WEEKS/);
    expect(countEvents()).toBe(0);
  });

  it.each(PROTOCOLS)(
    'refuses an OTLP export (%s) holding usage from before the window, as any invalid export',
    async (protocol) => {
      // The exporter stamps records with the real time; the bot's clock is 30 weeks ahead of it.
      running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' }, () => new Date(Date.now() + 30 * WEEK_MS));
      const sdk = telemetrySdk(codex().resource, 'delta');
      codex().record(sdk, { id: 'r', input: 700, output: 70, cached: 0 }, 0);
      const { logs } = otlpExporters(protocol, { url: running.url, grpcUrl: running.grpcUrl, headers: GATEWAY_AUTH });
      const refused = await exportWith(logs, sdk.takeLogs());
      expect(refused.ok).toBe(false);
      // 400 over HTTP (its details in the body), INVALID_ARGUMENT over gRPC (in the status message).
      expect(refused.error?.code).toBe(protocol === 'grpc' ? 3 : 400);
      const said = protocol === 'grpc' ? refused.error?.message : String((refused.error as { data?: unknown }).data);
      expect(said).toMatch(/logRecords\.\d+\.timestamp.*is before .*EVENT_RETENTION_WEEKS=26/);
      expect(countEvents()).toBe(0);
    },
  );
});

describe('token-throne ingest FILE.jsonl', () => {
  const tempDir = useTempDir();

  it('refuses a file with a line from before the window, naming the line, and imports nothing', async () => {
    const env = { DATABASE_PATH: join(tempDir(), 'throne.db'), EVENT_RETENTION_WEEKS: '4' };
    const file = join(tempDir(), 'backfill.jsonl');
    const now = Date.now();
    const lines = [
      usageEvent('recent', 'U024BE7LH', 10, { timestamp: new Date(now - 60_000).toISOString() }),
      usageEvent('old', 'U024BE7LH', 10, { timestamp: new Date(now - 6 * WEEK_MS).toISOString() }),
    ];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    const refused = await runCli(['ingest', file, '--source', 'backfill'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 problem\(s\); nothing was imported/);
    expect(refused.stderr).toMatch(
      /line 2\.timestamp: is before .*EVENT_RETENTION_WEEKS=4.*raise EVENT_RETENTION_WEEKS first/,
    );

    const kept = await runCli(['ingest', file, '--source', 'backfill'], { ...env, EVENT_RETENTION_WEEKS: '8' });
    expect(kept.stdout).toMatch(/2 new event\(s\), 0 already stored/);
  });
});
