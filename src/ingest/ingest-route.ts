import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import { HttpError } from '../http/http-error.js';
import type { RouteHandler } from '../http/http-server.js';
import { readBody } from '../http/read-body.js';
import { sendJson } from '../http/send-json.js';
import type { RateDecision } from './rate-limit.js';
import type { Recorded, UsageWrite } from './record-usage.js';
import { SIGNATURE_HEADER, signatureProblem } from './request-signature.js';
import { asStorageUnavailable } from './storage-unavailable.js';
import type { ParseResult } from './usage-event.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** OpenTelemetry exporters may gzip their bodies; the size limit holds after inflating too. */
function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip')
    throw new HttpError(415, `Content-Encoding ${encoding} is not supported; send gzip or none.`);
  try {
    return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `The body inflates past the limit of ${MAX_BODY_BYTES} bytes; send smaller batches.`);
    }
    throw new HttpError(400, `The body is not valid gzip (${(error as Error).message}).`);
  }
}
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Validates a parsed JSON body into events: the native shape, or a vendor's (see formats/). */
export type BodyParser = (body: unknown, headers: IncomingHttpHeaders, now: Date) => ParseResult;

export interface IngestRouteOptions {
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
}

/**
 * POST /api/usage and the vendor-format routes: authenticate the source, validate the body
 * whole, store it all or nothing.
 */
export function createIngestRoute(options: IngestRouteOptions): RouteHandler {
  const { parse, authenticate, signingSecretOf, rateLimiter, record, clock, ingestionOpen, onRecorded } = options;
  return async (req, res) => {
    const source = authenticate(req.headers.authorization);
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
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !JSON_CONTENT_TYPE.test(contentType)) {
      const hint = /protobuf/i.test(contentType)
        ? ' OpenTelemetry exporters: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json.'
        : '';
      throw new HttpError(415, `Usage events must be sent as application/json, not ${contentType}.${hint}`);
    }
    const raw = decompress(await readBody(req, MAX_BODY_BYTES), req.headers['content-encoding']);
    const signingSecret = signingSecretOf(source);
    if (signingSecret !== undefined) {
      const header = req.headers[SIGNATURE_HEADER];
      const problem = signatureProblem(
        Array.isArray(header) ? header[0] : header,
        signingSecret,
        raw,
        Math.floor(clock().getTime() / 1000),
      );
      if (problem) throw new HttpError(401, `Refused: ${problem}.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new HttpError(415, `The body is not valid JSON (${(error as Error).message}).`);
    }
    const parsed = parse(body, req.headers, clock());
    if (!parsed.ok) {
      const count = parsed.details.length;
      sendJson(res, 400, {
        error: `${count} problem${count === 1 ? '' : 's'} in the request; nothing from it was stored.`,
        details: parsed.details,
      });
      return;
    }
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
    sendJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates });
    onRecorded?.(result);
  };
}
