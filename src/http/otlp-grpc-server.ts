import type { IncomingHttpHeaders } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@slack/bolt';
import type { Recorded } from '../core/record-usage.js';
import { type ErrorCode, ThroneError } from '../errors.js';
import { encodeExportResponse, OTLP_SIGNALS, type OtlpSignal } from '../ingest/otlp/otlp-protobuf.js';
import { type IngestRequest, ValidationRefusal } from './ingest-route.js';

/** The metadata read as headers: the same names the HTTP routes read. */
const FORWARDED_METADATA = ['authorization', 'x-throne-user', 'x-throne-signature'];

/** How each refusal reads in gRPC; exporters retry UNAVAILABLE and RESOURCE_EXHAUSTED only. */
const GRPC_STATUS: Record<ErrorCode, grpc.status> = {
  bad_config: grpc.status.INTERNAL,
  bad_input: grpc.status.INVALID_ARGUMENT,
  unauthorized: grpc.status.UNAUTHENTICATED,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
  too_large: grpc.status.INVALID_ARGUMENT,
  unsupported: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  forbidden: grpc.status.PERMISSION_DENIED,
  not_allowed: grpc.status.PERMISSION_DENIED,
  unavailable: grpc.status.UNAVAILABLE,
};

function refusalOf(error: unknown, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof ValidationRefusal) {
    const details = error.details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
    return { code: grpc.status.INVALID_ARGUMENT, details: `${error.message} ${details}` };
  }
  if (error instanceof ThroneError) return { code: GRPC_STATUS[error.code], details: error.message };
  logger.error('Unexpected failure on an OTLP/gRPC export:', error);
  return { code: grpc.status.INTERNAL, details: 'Internal error; the export was not stored. It is safe to retry.' };
}

// Messages pass through as bytes: they are decoded by the same code as OTLP/HTTP protobuf.
const asBytes = (value: Buffer) => value;

/**
 * OTLP/gRPC: the collector services' Export methods for metrics, traces and logs, each handing
 * the request to the same ingestion as its OTLP/HTTP path (same auth, through the
 * `authorization` metadata; same limits and validation). gRPC's own gzip is inflated by grpc-js.
 */
export function createOtlpGrpcServer(
  ingestionOf: (signal: OtlpSignal) => (request: IngestRequest) => Promise<Recorded>,
  afterRecorded: (result: Recorded) => void,
  maxMessageBytes: number,
  logger: Logger,
) {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': 1024 * 1024,
  });
  for (const signal of Object.keys(OTLP_SIGNALS) as OtlpSignal[]) {
    const ingest = ingestionOf(signal);
    const answer = Buffer.from(encodeExportResponse(signal));
    const definition: grpc.ServiceDefinition = {
      Export: {
        path: `/${OTLP_SIGNALS[signal].service}/Export`,
        requestStream: false,
        responseStream: false,
        requestSerialize: asBytes,
        requestDeserialize: asBytes,
        responseSerialize: asBytes,
        responseDeserialize: asBytes,
      },
    };
    const exportHandler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const headers: IncomingHttpHeaders = {};
      for (const name of FORWARDED_METADATA) {
        const [value] = call.metadata.get(name);
        if (typeof value === 'string') headers[name] = value;
      }
      ingest({ headers, encoding: 'protobuf', body: async () => call.request }).then(
        (result) => {
          callback(null, answer);
          afterRecorded(result);
        },
        (error: unknown) => callback(refusalOf(error, logger)),
      );
    };
    server.addService(definition, { Export: exportHandler });
  }
  return {
    /** Listens on `port` (0 picks a free one); resolves with the port bound. */
    start: (port: number): Promise<number> =>
      new Promise((resolve, reject) => {
        server.bindAsync(`0.0.0.0:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
          error ? reject(error) : resolve(bound),
        );
      }),
    /** Lets exports in flight finish, then closes. */
    stop: (): Promise<void> => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}

export type OtlpGrpcServer = ReturnType<typeof createOtlpGrpcServer>;
