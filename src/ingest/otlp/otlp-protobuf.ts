import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The OTLP signals, each with its path, its service and its request message. */
export const OTLP_SIGNALS = {
  metrics: {
    path: '/v1/metrics',
    service: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
    request: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
    response: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
  },
  traces: {
    path: '/v1/traces',
    service: 'opentelemetry.proto.collector.trace.v1.TraceService',
    request: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
    response: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
  },
  logs: {
    path: '/v1/logs',
    service: 'opentelemetry.proto.collector.logs.v1.LogsService',
    request: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
    response: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse',
  },
} as const;

export type OtlpSignal = keyof typeof OTLP_SIGNALS;

// The official definitions (open-telemetry/opentelemetry-proto, copied unchanged into proto/);
// the same path from src/ and from dist/.
const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));
const SERVICE_FILES = [
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
];

let root: protobuf.Root | undefined;

function otlpRoot(): protobuf.Root {
  if (!root) {
    const loaded = new protobuf.Root();
    loaded.resolvePath = (_origin, target) => PROTO_DIR + target;
    loaded.loadSync(SERVICE_FILES).resolveAll();
    root = loaded;
  }
  return root;
}

/** Thrown when a body is not the signal's protobuf request message. */
export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

/** Trace and span IDs are bytes in protobuf and hex in OTLP/JSON. */
function idsToHex(request: {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>;
}) {
  for (const resourceSpans of request.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        for (const key of ['traceId', 'spanId', 'parentSpanId']) {
          const id = span[key];
          if (id instanceof Uint8Array) span[key] = Buffer.from(id).toString('hex');
        }
      }
    }
  }
}

/**
 * Decodes an OTLP protobuf request into the shape OTLP/JSON gives the same data (camelCase
 * fields, 64-bit integers as decimal strings, enums as numbers, IDs as hex), so both encodings
 * go through the same validation.
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): unknown {
  const type = otlpRoot().lookupType(OTLP_SIGNALS[signal].request);
  let message: protobuf.Message;
  try {
    message = type.decode(body);
  } catch (error) {
    throw new ProtobufError(`not a protobuf ${type.name} (${(error as Error).message})`);
  }
  // arrays: an export with nothing in it (an SDK flushing an empty batch) is an empty list.
  const request = type.toObject(message, { longs: String, enums: Number, arrays: true });
  if (signal === 'traces') idsToHex(request);
  return request;
}

/** The (empty) success answer of an OTLP export, encoded. */
export function encodeExportResponse(signal: OtlpSignal): Uint8Array {
  const type = otlpRoot().lookupType(OTLP_SIGNALS[signal].response);
  return type.encode(type.create({})).finish();
}
