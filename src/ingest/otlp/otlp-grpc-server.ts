import type { IncomingHttpHeaders } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@slack/bolt';
import { HttpError } from '../../http/http-error.js';
import { type IngestRequest, ValidationRefusal } from '../ingest-route.js';
import type { Recorded } from '../record-usage.js';
import { encodeExportResponse, OTLP_SIGNALS, type OtlpSignal } from './otlp-protobuf.js';

/** The metadata read as headers: the same names the HTTP routes read. */
const FORWARDED_METADATA = ['authorization', 'x-throne-user', 'x-throne-signature'];

/** How each HTTP refusal reads in gRPC; exporters retry UNAVAILABLE and RESOURCE_EXHAUSTED only. */
function grpcStatusOf(status: number): grpc.status {
  if (status === 401) return grpc.status.UNAUTHENTICATED;
  if (status === 429) return grpc.status.RESOURCE_EXHAUSTED;
  if (status === 503) return grpc.status.UNAVAILABLE;
  if (status >= 500) return grpc.status.INTERNAL;
  return grpc.status.INVALID_ARGUMENT;
}

function refusalOf(error: unknown, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof ValidationRefusal) {
    const details = error.details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
    return { code: grpc.status.INVALID_ARGUMENT, details: `${error.message} ${details}` };
  }
  if (error instanceof HttpError) return { code: grpcStatusOf(error.status), details: error.message };
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
        () => callback(null, answer),
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
