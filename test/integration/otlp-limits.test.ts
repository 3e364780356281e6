import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/ingest/request-signature.js';
import { weekOf } from '../../src/weeks/week-of.js';
import { claudeCode, codex } from '../helpers/coding-agents.js';
import { exportWith, type OtlpProtocol, otlpExporters, telemetrySdk } from '../helpers/otel-exporters.js';
import { GATEWAY_AUTH, postUsage, type RunningApp, startApp } from '../helpers/start-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('OTLP body limits and gRPC authentication', () => {
  const tempDir = useTempDir();
  let running: RunningApp;
  afterEach(async () => running?.stop());

  /** A trace export just over 1 MiB, as Codex sends with its spans' attributes. */
  function bigTraceExport() {
    const sdk = telemetrySdk(codex().resource, 'delta');
    for (let index = 0; index < 24; index += 1) {
      sdk.tracer.startSpan('session_task.turn', { attributes: { 'codex.prompt': 'x'.repeat(48 * 1024) } }).end();
    }
    return sdk.takeSpans();
  }

  it.each(['http/json', 'http/protobuf', 'grpc'] as OtlpProtocol[])(
    'takes an ordinary batch over 1 MiB on OTLP (%s), and keeps 1 MiB on /api/usage',
    async (protocol) => {
      running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' });
      const { traces } = otlpExporters(protocol, { url: running.url, grpcUrl: running.grpcUrl, headers: GATEWAY_AUTH });
      expect(await exportWith(traces, bigTraceExport())).toEqual({ ok: true });
      const usage = await postUsage(running.url, {
        id: 'a',
        user: 'U024BE7LH',
        input_tokens: 1,
        output_tokens: 1,
        model: 'm'.repeat(200),
        padding: 'p'.repeat(1024 * 1024),
      });
      expect(usage.status).toBe(413);
    },
  );

  it('takes a Collector-sized batch: 8192 token events in one log export, each counted once', async () => {
    running = await startApp(tempDir());
    const agent = claudeCode();
    const sdk = telemetrySdk(agent.resource);
    let expected = 0;
    for (let sequence = 0; sequence < 8192; sequence += 1) {
      expected += agent.record(
        sdk,
        { id: `req_${sequence}`, input: 10, output: 5, cached: 100, cacheWrite: 1 },
        sequence,
      );
    }
    const { logs } = otlpExporters('http/protobuf', { url: running.url, headers: GATEWAY_AUTH, gzip: true });
    const records = sdk.takeLogs();
    expect(await exportWith(logs, records)).toEqual({ ok: true });
    expect(await exportWith(logs, records)).toEqual({ ok: true });
    const week = weekOf(new Date(), 'UTC').key;
    expect(running.core.stores.tallies.tallyOf(week, 'alice@example.com')).toMatchObject({
      tokens: expected,
      events: 8192,
    });
  });

  it.each(['http/protobuf', 'grpc'] as OtlpProtocol[])(
    'refuses an export over OTLP_MAX_BODY_BYTES (%s)',
    async (protocol) => {
      running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0', OTLP_MAX_BODY_BYTES: String(512 * 1024) });
      const { traces } = otlpExporters(protocol, { url: running.url, grpcUrl: running.grpcUrl, headers: GATEWAY_AUTH });
      const refused = await exportWith(traces, bigTraceExport());
      expect(refused.ok).toBe(false);
      // 413 over HTTP; gRPC's own limit answers RESOURCE_EXHAUSTED.
      expect(refused.error?.code).toBe(protocol === 'grpc' ? 8 : 413);
    },
  );

  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer wrong' }],
  ])('answers UNAUTHENTICATED to a gRPC export with %s', async (_name, headers) => {
    running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0' });
    const { logs } = otlpExporters('grpc', { url: running.url, grpcUrl: running.grpcUrl, headers });
    const sdk = telemetrySdk(codex().resource, 'delta');
    codex().record(sdk, { id: 'r', input: 10, output: 5, cached: 0 }, 0);
    const refused = await exportWith(logs, sdk.takeLogs());
    expect(refused.error?.code).toBe(16);
    expect(refused.error?.message).toMatch(/INGEST_KEYS/);
    expect(running.core.db.prepare('SELECT COUNT(*) FROM usage_events_named').pluck().get()).toBe(0);
  });

  it('asks a signed source for its signature on gRPC too, over the message', async () => {
    running = await startApp(tempDir(), { OTLP_GRPC_PORT: '0', INGEST_SIGNED_SOURCES: 'gateway' });
    const sdk = telemetrySdk(codex().resource, 'delta');
    const expected = codex().record(sdk, { id: 'r', input: 700, output: 70, cached: 0 }, 0);
    const message = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdk.takeLogs()) ?? []);
    const client = new Client(new URL(running.grpcUrl ?? '').host, credentials.createInsecure());
    const exportLogs = (signature: string | undefined) =>
      new Promise<{ code: number }>((resolve) => {
        const metadata = new Metadata();
        metadata.set('authorization', GATEWAY_AUTH.authorization);
        if (signature) metadata.set('x-throne-signature', signature);
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
          (bytes: Buffer) => bytes,
          (bytes: Buffer) => bytes,
          message,
          metadata,
          (error) => resolve({ code: error?.code ?? 0 }),
        );
      });
    const now = Math.floor(Date.now() / 1000);
    expect(await exportLogs(undefined)).toEqual({ code: 16 });
    expect(await exportLogs(signBody('wrong-secret', now, message))).toEqual({ code: 16 });
    expect(await exportLogs(signBody('gateway-secret', now, message))).toEqual({ code: 0 });
    client.close();
    const week = weekOf(new Date(), 'UTC').key;
    expect(running.core.stores.tallies.tallyOf(week, 'carol@example.com')?.tokens).toBe(expected);
  });

  it('leaves gRPC off unless OTLP_GRPC_PORT is set', async () => {
    running = await startApp(tempDir());
    expect(running.grpcUrl).toBeUndefined();
  });
});
