import { createRequire } from 'node:module';

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

/** A message class of the generated OTLP protobuf code. */
interface GeneratedMessage {
  decode(body: Uint8Array): unknown;
  toObject(
    message: unknown,
    options: { longs: StringConstructor; enums: NumberConstructor; arrays: boolean },
  ): Record<string, unknown>;
  create(properties?: object): unknown;
  encode(message: unknown): { finish(): Uint8Array };
}

let generated: Record<string, unknown> | undefined;

/**
 * protobuf.js code that the OpenTelemetry JS project generated from the official definitions
 * (opentelemetry-proto), as its otlp-transformer package ships it; 0.214 is its last release that
 * generates decoders too (later ones only encode). Loaded with the first protobuf export, so a bot
 * that only ever sees JSON never holds it in memory.
 */
function generatedCode(): Record<string, unknown> {
  generated ??= createRequire(import.meta.url)('otlp-protobuf-generated/build/src/generated/root.js') as Record<
    string,
    unknown
  >;
  return generated;
}

function messageType(name: string): GeneratedMessage {
  const found = name
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], generatedCode());
  if (typeof (found as GeneratedMessage | undefined)?.decode !== 'function') {
    throw new Error(`the generated OTLP protobuf code has no message ${name}`);
  }
  return found as GeneratedMessage;
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
  const name = OTLP_SIGNALS[signal].request;
  const type = messageType(name);
  let message: unknown;
  try {
    message = type.decode(body);
  } catch (error) {
    throw new ProtobufError(`not a protobuf ${name.split('.').at(-1)} (${(error as Error).message})`);
  }
  // arrays: an export with nothing in it (an SDK flushing an empty batch) is an empty list.
  const request = type.toObject(message, { longs: String, enums: Number, arrays: true });
  if (signal === 'traces') idsToHex(request);
  return request;
}

/** The (empty) success answer of an OTLP export, encoded. */
export function encodeExportResponse(signal: OtlpSignal): Uint8Array {
  const type = messageType(OTLP_SIGNALS[signal].response);
  return type.encode(type.create({})).finish();
}
