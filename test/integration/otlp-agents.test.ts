import { afterEach, describe, expect, it } from 'vitest';
import { weekOf } from '../../src/weeks/week-of.js';
import { type AgentRequest, type CodingAgentShape, claudeCode, codex, geminiCli } from '../helpers/coding-agents.js';
import { exportWith, type OtlpProtocol, otlpExporters, PROTOCOLS, telemetrySdk } from '../helpers/otel-exporters.js';
import { GATEWAY_AUTH, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

const REQUESTS: AgentRequest[] = [
  { id: 'req_011CVa1', input: 1200, output: 350, cached: 5000, cacheWrite: 800, reasoning: 52, tool: 0 },
  { id: 'req_011CVa2', input: 3315, output: 31, cached: 0, cacheWrite: 0, reasoning: 52, tool: 12 },
  { id: 'req_011CVa3', input: 40_000, output: 2100, cached: 36_000, cacheWrite: 1200, reasoning: 900, tool: 0 },
];

const AGENTS: Array<{ shape: () => CodingAgentShape; person: string; headers?: Record<string, string> }> = [
  { shape: claudeCode, person: 'alice@example.com' },
  // An API-key Gemini CLI user: its telemetry only has an installation id; the header names them.
  { shape: geminiCli, person: 'bob@example.com', headers: { 'x-throne-user': 'bob@example.com' } },
  { shape: codex, person: 'carol@example.com' },
];

describe('coding agents through the OpenTelemetry SDK exporters, every signal on', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  const week = () => weekOf(new Date(), 'UTC').key;

  describe.each(AGENTS)('$person', ({ shape, person, headers = {} }) => {
    it.each(PROTOCOLS)(
      'credits each request exactly once over %s, retries and re-exports included',
      async (protocol: OtlpProtocol) => {
        running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' });
        const agent = shape();
        const sdk = telemetrySdk(agent.resource, agent.temporality);
        const exporters = otlpExporters(protocol, {
          url: running.url,
          grpcUrl: running.grpcUrl,
          headers: { ...GATEWAY_AUTH, ...headers },
          gzip: protocol !== 'http/json',
        });
        let expected = 0;
        // As the agents run: logs and spans go out within seconds, metrics every 10 to 60 seconds.
        for (const [index, request] of REQUESTS.entries()) {
          expected += agent.record(sdk, request, index);
          const logs = sdk.takeLogs();
          expect(await exportWith(exporters.logs, logs)).toEqual({ ok: true });
          // The exporter retries a batch whose answer it did not get.
          expect(await exportWith(exporters.logs, logs)).toEqual({ ok: true });
          expect(await exportWith(exporters.traces, sdk.takeSpans())).toEqual({ ok: true });
          if (index > 0) {
            const metrics = await sdk.collectMetrics();
            expect(await exportWith(exporters.metrics, metrics)).toEqual({ ok: true });
            expect(await exportWith(exporters.metrics, metrics)).toEqual({ ok: true });
          }
        }
        // A cumulative exporter sends the same totals again at its next interval.
        expect(await exportWith(exporters.metrics, await sdk.collectMetrics())).toEqual({ ok: true });

        expect(running.core.stores.tallies.tallyOf(week(), person)?.tokens).toBe(expected);
        const events = running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get();
        expect(events).toBe(REQUESTS.length);
        await sdk.shutdown();
        await Promise.all([exporters.logs.shutdown(), exporters.metrics.shutdown(), exporters.traces.shutdown()]);
      },
    );
  });

  it.each(AGENTS)(
    'counts $person once when a short session flushes its metrics before its events',
    async ({ shape, person, headers = {} }) => {
      running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' });
      const agent = shape();
      const sdk = telemetrySdk(agent.resource, agent.temporality);
      const exporters = otlpExporters('grpc', {
        url: running.url,
        grpcUrl: running.grpcUrl,
        headers: { ...GATEWAY_AUTH, ...headers },
      });
      let expected = 0;
      for (const [index, request] of REQUESTS.entries()) expected += agent.record(sdk, request, index);
      // A one-shot run shuts its providers down together: here the metrics land first.
      expect(await exportWith(exporters.metrics, await sdk.collectMetrics())).toEqual({ ok: true });
      const stored = () => running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get();
      expect(stored()).toBeGreaterThan(0);
      expect(await exportWith(exporters.logs, sdk.takeLogs())).toEqual({ ok: true });
      expect(await exportWith(exporters.traces, sdk.takeSpans())).toEqual({ ok: true });
      expect(await exportWith(exporters.metrics, await sdk.collectMetrics())).toEqual({ ok: true });
      expect(running.core.stores.tallies.tallyOf(week(), person)).toMatchObject({
        tokens: expected,
        events: REQUESTS.length,
      });
      // What the metrics had counted, for the person or for nobody, was taken back.
      expect(stored()).toBe(REQUESTS.length);
      expect(running.core.stores.anonymousPeople.unmapped()).toEqual([]);
      await sdk.shutdown();
    },
  );

  it('credits an agent that exports metrics alone from its metrics, re-exports counting once', async () => {
    running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' });
    for (const protocol of PROTOCOLS) {
      const sdk = telemetrySdk(
        { ...claudeCode().resource, 'service.instance.id': protocol },
        protocol === 'grpc' ? 'delta' : 'cumulative',
      );
      const exporters = otlpExporters(protocol, { url: running.url, grpcUrl: running.grpcUrl, headers: GATEWAY_AUTH });
      const agent = claudeCode({ 'user.email': `${protocol.replace('/', '-')}@example.com`, 'user.id': protocol });
      let expected = 0;
      for (const [index, request] of REQUESTS.entries()) {
        expected += agent.record(sdk, request, index);
        const metrics = await sdk.collectMetrics();
        expect(await exportWith(exporters.metrics, metrics)).toEqual({ ok: true });
        expect(await exportWith(exporters.metrics, metrics)).toEqual({ ok: true });
      }
      expect(running.core.stores.tallies.tallyOf(week(), `${protocol.replace('/', '-')}@example.com`)?.tokens).toBe(
        expected,
      );
      await exporters.metrics.shutdown();
      await sdk.shutdown();
    }
  });
});
