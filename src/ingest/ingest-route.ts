import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import { HttpError } from '../http/http-error.js';
import type { RouteHandler } from '../http/http-server.js';
import { readBody } from '../http/read-body.js';
import { sendJson } from '../http/send-json.js';
import { decodeOtlpProtobuf, encodeExportResponse, type OtlpSignal, ProtobufError } from './otlp/otlp-protobuf.js';
import type { RateDecision } from './rate-limit.js';
import type { Recorded, UsageWrite } from './record-usage.js';
import { SIGNATURE_HEADER, signatureProblem } from './request-signature.js';
import { asStorageUnavailable } from './storage-unavailable.js';
import type { ParseResult, ValidationDetail } from './usage-event.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** OpenTelemetry exporters may gzip their bodies; the size limit holds after inflating too. */
function decompress(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip')
    throw new HttpError(415, `Content-Encoding ${encoding} is not supported; send gzip or none.`);
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `The body inflates past the limit of ${limit} bytes; send smaller batches.`);
    }
    throw new HttpError(400, `The body is not valid gzip (${(error as Error).message}).`);
  }
}
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const PROTOBUF_CONTENT_TYPE = /^application\/(?:x-)?protobuf\s*(?:;|$)/i;

/** Validates a parsed JSON body into events: the native shape, or a vendor's (see formats/). */
export type BodyParser = (body: unknown, headers: IncomingHttpHeaders, now: Date) => ParseResult;

/** A body that decoded but holds invalid events: answered with every problem, nothing stored. */
export class ValidationRefusal extends Error {
  override name = 'ValidationRefusal';
  constructor(readonly details: ValidationDetail[]) {
    const count = details.length;
    super(`${count} problem${count === 1 ? '' : 's'} in the request; nothing from it was stored.`);
  }
}

export interface IngestionOptions {
  parse: BodyParser;
  authenticate: (authorization: string | undefined) => string | undefined;
  /** the source's secret, when the source must sign its requests */
  signingSecretOf: (source: string) => string | undefined;
  rateLimiter: { take: (source: string) => RateDecision } | undefined;
  /** stores a request's events; resolves once they are committed */
  record: (write: UsageWrite) => Promise<Recorded>;
  clock: Clock;
  ingestionOpen: boolean;
  /** called after a batch is stored, e.g. to wake the workers that act on it */
  onRecorded?: (result: Recorded) => void;
  /** the largest body taken, before and after inflating (default 1 MiB) */
  maxBodyBytes?: number;
  /** OpenTelemetry paths: the signal whose protobuf request message is accepted too */
  otlpSignal?: OtlpSignal;
}

/** One request as the transports (HTTP, gRPC) hand it over. */
export interface IngestRequest {
  headers: IncomingHttpHeaders;
  encoding: 'json' | 'protobuf';
  /** reads the body, refusing one larger than `limit` bytes */
  body: (limit: number) => Promise<Buffer>;
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Authenticates the source, reads and decodes the body, validates it whole and stores it all or
 * nothing. Refusals are thrown: HttpError, or ValidationRefusal with the details.
 */
export function createIngestion(options: IngestionOptions): (request: IngestRequest) => Promise<Recorded> {
  const { parse, authenticate, signingSecretOf, rateLimiter, record, clock, ingestionOpen, onRecorded } = options;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return async ({ headers, encoding, body }) => {
    const source = authenticate(firstHeader(headers, 'authorization'));
    if (source === undefined) {
      throw new HttpError(
        401,
        ingestionOpen
          ? 'Missing or unknown token: send "Authorization: Bearer <secret>" with a secret from INGEST_KEYS.'
          : 'Ingestion is closed: no INGEST_KEYS are configured on this bot.',
        { 'www-authenticate': 'Bearer' },
      );
    }
    const rate = rateLimiter?.take(source);
    if (rate && !rate.ok) {
      throw new HttpError(429, `Source "${source}" is sending faster than its rate limit; retry after the wait.`, {
        'retry-after': String(rate.retryAfterSeconds),
      });
    }
    const raw = decompress(await body(limit), firstHeader(headers, 'content-encoding'), limit);
    const signingSecret = signingSecretOf(source);
    if (signingSecret !== undefined) {
      const problem = signatureProblem(
        firstHeader(headers, SIGNATURE_HEADER),
        signingSecret,
        raw,
        Math.floor(clock().getTime() / 1000),
      );
      if (problem) throw new HttpError(401, `Refused: ${problem}.`);
    }
    const decoded = decode(raw, encoding, options.otlpSignal);
    const parsed = parse(decoded, headers, clock());
    if (!parsed.ok) throw new ValidationRefusal(parsed.details);
    let result: Recorded;
    try {
      result = await record({
        source,
        events: parsed.events,
        ...(parsed.counters ? { counters: parsed.counters } : {}),
      });
    } catch (error) {
      throw asStorageUnavailable(error);
    }
    onRecorded?.(result);
    return result;
  };
}

function decode(raw: Buffer, encoding: IngestRequest['encoding'], signal: OtlpSignal | undefined): unknown {
  if (encoding === 'protobuf' && signal) {
    try {
      return decodeOtlpProtobuf(signal, raw);
    } catch (error) {
      if (error instanceof ProtobufError) throw new HttpError(400, `The body is ${error.message}.`);
      throw error;
    }
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new HttpError(415, `The body is not valid JSON (${(error as Error).message}).`);
  }
}

/**
 * POST /api/usage, the vendor-format routes and the OTLP/HTTP paths: the ingestion above, with
 * its answers as HTTP. OTLP paths take protobuf too, and answer protobuf with protobuf.
 */
export function createIngestRoute(options: IngestionOptions): RouteHandler {
  const ingest = createIngestion(options);
  const signal = options.otlpSignal;
  return async (req, res) => {
    const contentType = req.headers['content-type'];
    const encoding =
      signal && contentType !== undefined && PROTOBUF_CONTENT_TYPE.test(contentType) ? 'protobuf' : 'json';
    if (encoding === 'json' && contentType !== undefined && !JSON_CONTENT_TYPE.test(contentType)) {
      const accepted = signal ? 'application/json or application/x-protobuf' : 'application/json';
      throw new HttpError(415, `This path takes ${accepted}, not ${contentType}.`);
    }
    let result: Recorded;
    try {
      result = await ingest({ headers: req.headers, encoding, body: (limit) => readBody(req, limit) });
    } catch (error) {
      if (!(error instanceof ValidationRefusal)) throw error;
      sendJson(res, 400, { error: error.message, details: error.details });
      return;
    }
    if (encoding === 'protobuf' && signal) {
      const answer = encodeExportResponse(signal);
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': answer.length });
      res.end(answer);
      return;
    }
    sendJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates });
  };
}
