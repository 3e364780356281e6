import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import type { Recorded, UsageWrite } from '../core/record-usage.js';
import { ThroneError } from '../errors.js';
import {
  decodeOtlpProtobuf,
  encodeExportResponse,
  type OtlpSignal,
  ProtobufError,
} from '../ingest/otlp/otlp-protobuf.js';
import type { RateDecision } from '../ingest/rate-limit.js';
import { SIGNATURE_HEADER, signatureProblem } from '../ingest/request-signature.js';
import type { TimestampWindow } from '../ingest/timestamp-window.js';
import type { BodyParser } from '../ingest/usage-event.js';
import type { ValidationDetail } from '../validation.js';
import type { RouteHandler } from './http-server.js';
import { readBody } from './read-body.js';
import { sendJson } from './send-json.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** OpenTelemetry exporters may gzip their bodies; the size limit holds after inflating too. */
function decompress(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip')
    throw new ThroneError('unsupported', `Content-Encoding ${encoding} is not supported; send gzip or none.`);
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ThroneError('too_large', `The body inflates past the limit of ${limit} bytes; send smaller batches.`);
    }
    throw new ThroneError('bad_input', `The body is not valid gzip (${(error as Error).message}).`);
  }
}
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const PROTOBUF_CONTENT_TYPE = /^application\/(?:x-)?protobuf\s*(?:;|$)/i;

/** What every ingestion route shares: who may send, how fast, and where events go. */
export interface Ingestion {
  authenticate: (authorization: string | undefined) => string | undefined;
  /** the source's secret, when the source must sign its requests */
  signingSecretOf: (source: string) => string | undefined;
  rateLimiter: { take: (source: string) => RateDecision } | undefined;
  /** stores a request's events; resolves once they are committed */
  record: (write: UsageWrite) => Promise<Recorded>;
  clock: Clock;
  /** the times events may have happened at, read from `clock` (see timestamp-window.ts) */
  timestampWindow: (now: Date) => TimestampWindow;
  ingestionOpen: boolean;
  /** wakes what acts on a stored batch, once the sender has its answer */
  afterRecorded: (result: Recorded) => void;
}

/** OpenTelemetry paths: the signal whose protobuf request message is taken too, and their body limit. */
export interface OtlpIntake {
  signal: OtlpSignal;
  maxBodyBytes: number;
}

/** A body that decoded but holds invalid events: answered with every problem, nothing stored. */
export class ValidationRefusal extends Error {
  override name = 'ValidationRefusal';
  constructor(readonly details: ValidationDetail[]) {
    const count = details.length;
    super(`${count} problem${count === 1 ? '' : 's'} in the request; nothing from it was stored.`);
  }
}

/** One request as a transport (HTTP, gRPC) hands it over. */
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

function decode(raw: Buffer, encoding: IngestRequest['encoding'], otlp: OtlpIntake | undefined): unknown {
  if (encoding === 'protobuf' && otlp) {
    try {
      return decodeOtlpProtobuf(otlp.signal, raw);
    } catch (error) {
      if (error instanceof ProtobufError) throw new ThroneError('bad_input', `The body is ${error.message}.`);
      throw error;
    }
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ThroneError('unsupported', `The body is not valid JSON (${(error as Error).message}).`);
  }
}

/**
 * Authenticates the source, reads and decodes the body, validates it whole and stores it all or
 * nothing. Refusals are thrown: ThroneError, or ValidationRefusal with the details.
 */
export function createIngestion(
  parse: BodyParser,
  ingestion: Ingestion,
  otlp?: OtlpIntake,
): (request: IngestRequest) => Promise<Recorded> {
  const { authenticate, signingSecretOf, rateLimiter, record, clock, timestampWindow, ingestionOpen } = ingestion;
  const limit = otlp?.maxBodyBytes ?? MAX_BODY_BYTES;
  // Its own function, so the body, its inflated copy and the decoded tree are garbage once the
  // events are parsed, rather than held while the write waits for its commit.
  function parseRequest(
    source: string,
    body: Buffer,
    headers: IncomingHttpHeaders,
    encoding: IngestRequest['encoding'],
  ) {
    const raw = decompress(body, firstHeader(headers, 'content-encoding'), limit);
    const signingSecret = signingSecretOf(source);
    if (signingSecret !== undefined) {
      const problem = signatureProblem(
        firstHeader(headers, SIGNATURE_HEADER),
        signingSecret,
        raw,
        Math.floor(clock().getTime() / 1000),
      );
      if (problem) throw new ThroneError('unauthorized', `Refused: ${problem}.`);
    }
    return parse(decode(raw, encoding, otlp), headers, timestampWindow(clock()));
  }
  return async ({ headers, encoding, body }) => {
    const source = authenticate(firstHeader(headers, 'authorization'));
    if (source === undefined) {
      throw new ThroneError(
        'unauthorized',
        ingestionOpen
          ? 'Missing or unknown token: send "Authorization: Bearer <secret>" with a secret from INGEST_KEYS.'
          : 'Ingestion is closed: no INGEST_KEYS are configured on this bot.',
      );
    }
    const rate = rateLimiter?.take(source);
    if (rate && !rate.ok) {
      throw new ThroneError(
        'rate_limited',
        `Source "${source}" is sending faster than its rate limit; retry after the wait.`,
        rate.retryAfterSeconds,
      );
    }
    const parsed = parseRequest(source, await body(limit), headers, encoding);
    if (!parsed.ok) throw new ValidationRefusal(parsed.details);
    return record({
      source,
      events: parsed.events,
      ...(parsed.counters ? { counters: parsed.counters } : {}),
    });
  };
}

/**
 * POST /api/usage, the vendor-format routes and the OTLP/HTTP paths: the ingestion above, with
 * its answers as HTTP. OTLP paths take protobuf too, and answer protobuf with protobuf.
 */
export function createIngestRoute(parse: BodyParser, ingestion: Ingestion, otlp?: OtlpIntake): RouteHandler {
  const ingest = createIngestion(parse, ingestion, otlp);
  return async (req, res) => {
    const contentType = req.headers['content-type'];
    const protobuf = otlp !== undefined && contentType !== undefined && PROTOBUF_CONTENT_TYPE.test(contentType);
    if (!protobuf && contentType !== undefined && !JSON_CONTENT_TYPE.test(contentType)) {
      const accepted = otlp ? 'application/json or application/x-protobuf' : 'application/json';
      throw new ThroneError('unsupported', `This path takes ${accepted}, not ${contentType}.`);
    }
    let result: Recorded;
    try {
      result = await ingest({
        headers: req.headers,
        encoding: protobuf ? 'protobuf' : 'json',
        body: (limit) => readBody(req, limit),
      });
    } catch (error) {
      if (!(error instanceof ValidationRefusal)) throw error;
      sendJson(res, 400, { error: error.message, details: error.details });
      return;
    }
    if (protobuf && otlp) {
      const answer = encodeExportResponse(otlp.signal);
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': answer.length });
      res.end(answer);
    } else {
      sendJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates });
    }
    ingestion.afterRecorded(result);
  };
}
