import type { Agent } from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export type OtlpProtocol = 'http/json' | 'http/protobuf' | 'grpc';
export const PROTOCOLS: OtlpProtocol[] = ['http/json', 'http/protobuf', 'grpc'];

export interface ExportTarget {
  /** the bot's HTTP base URL */
  url: string;
  /** the bot's OTLP/gRPC address */
  grpcUrl?: string | undefined;
  /** headers (HTTP) or metadata (gRPC), e.g. authorization */
  headers: Record<string, string>;
  /** an HTTP agent shared by the exporters, to see what one keep-alive connection goes through */
  agent?: Agent;
  gzip?: boolean;
}

/** The OpenTelemetry JS SDK's own OTLP exporters, as an agent configured with `protocol` uses them. */
export function otlpExporters(protocol: OtlpProtocol, target: ExportTarget) {
  const compression = target.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
  if (protocol === 'grpc') {
    if (!target.grpcUrl) throw new Error('gRPC needs the bot started with OTLP_GRPC_PORT');
    const metadata = new Metadata();
    for (const [name, value] of Object.entries(target.headers)) metadata.set(name, value);
    const grpc = { url: target.grpcUrl, metadata, compression };
    return {
      metrics: new GrpcMetricExporter(grpc),
      logs: new GrpcLogExporter(grpc),
      traces: new GrpcTraceExporter(grpc),
    };
  }
  const agent = target.agent;
  const http = (path: string) => ({
    url: `${target.url}${path}`,
    headers: target.headers,
    compression,
    ...(agent ? { httpAgentOptions: () => agent } : {}),
  });
  return protocol === 'http/json'
    ? {
        metrics: new JsonMetricExporter(http('/v1/metrics')),
        logs: new JsonLogExporter(http('/v1/logs')),
        traces: new JsonTraceExporter(http('/v1/traces')),
      }
    : {
        metrics: new ProtoMetricExporter(http('/v1/metrics')),
        logs: new ProtoLogExporter(http('/v1/logs')),
        traces: new ProtoTraceExporter(http('/v1/traces')),
      };
}

export interface ExportOutcome {
  ok: boolean;
  error?: Error & { code?: number };
}

/** Runs one export through an exporter and waits for its result. */
export function exportWith<T>(
  exporter: { export(items: T, done: (result: { code: number; error?: Error }) => void): void },
  items: T,
): Promise<ExportOutcome> {
  return new Promise((resolve) => {
    exporter.export(items, (result) =>
      resolve({ ok: result.code === 0, ...(result.error ? { error: result.error } : {}) }),
    );
  });
}

/** A reader collected by hand, so a test decides when the SDK produces an export (and can send it twice). */
class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The SDK's providers for one process of an agent: what it records, ready to export. */
export function telemetrySdk(resource: Record<string, string>, temporality: 'cumulative' | 'delta' = 'cumulative') {
  const res = resourceFromAttributes(resource);
  const reader = new ManualReader({
    aggregationTemporalitySelector: () =>
      temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  });
  const meterProvider = new MeterProvider({ resource: res, readers: [reader] });
  const logRecords = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    resource: res,
    processors: [new SimpleLogRecordProcessor({ exporter: logRecords })],
  });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource: res,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  return {
    meter: meterProvider.getMeter('agent'),
    logger: loggerProvider.getLogger('agent'),
    tracer: tracerProvider.getTracer('agent'),
    /** the metrics as the SDK would export them now */
    collectMetrics: async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics,
    /** the log records emitted since the last call */
    takeLogs: () => {
      const records = logRecords.getFinishedLogRecords();
      logRecords.reset();
      return records;
    },
    takeSpans: () => {
      const finished = spans.getFinishedSpans();
      spans.reset();
      return finished;
    },
    shutdown: async () => {
      await Promise.all([meterProvider.shutdown(), loggerProvider.shutdown(), tracerProvider.shutdown()]);
    },
  };
}

export type TelemetrySdk = ReturnType<typeof telemetrySdk>;
export type { PushMetricExporter };
