import { gunzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import type { Recorded, UsageWrite } from '../core/record-usage.js';
import { ThroneError } from '../errors.js';
import type { RateDecision } from '../ingest/rate-limit.js';
import { SIGNATURE_HEADER, signatureProblem } from '../ingest/request-signature.js';
import type { BodyParser } from '../ingest/usage-event.js';
import type { RouteHandler } from './http-server.js';
import { readBody } from './read-body.js';
import { sendJson } from './send-json.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** OpenTelemetry exporters may gzip their bodies; the size limit holds after inflating too. */
function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip')
    throw new ThroneError('unsupported', `Content-Encoding ${encoding} is not supported; send gzip or none.`);
  try {
    return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ThroneError(
        'too_large',
        `The body inflates past the limit of ${MAX_BODY_BYTES} bytes; send smaller batches.`,
      );
    }
    throw new ThroneError('bad_input', `The body is not valid gzip (${(error as Error).message}).`);
  }
}
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** What every ingestion route shares: who may send, how fast, and where events go. */
export interface Ingestion {
  authenticate: (authorization: string | undefined) => string | undefined;
  /** the source's secret, when the source must sign its requests */
  signingSecretOf: (source: string) => string | undefined;
  rateLimiter: { take: (source: string) => RateDecision } | undefined;
  /** stores a request's events; resolves once they are committed */
  record: (write: UsageWrite) => Promise<Recorded>;
  clock: Clock;
  ingestionOpen: boolean;
  /** wakes what acts on a stored batch, once the sender has its answer */
  afterRecorded: (result: Recorded) => void;
}

/**
 * POST /api/usage and the vendor-format routes: authenticate the source, validate the body
 * whole, store it all or nothing.
 */
export function createIngestRoute(parse: BodyParser, ingestion: Ingestion): RouteHandler {
  const { authenticate, signingSecretOf, rateLimiter, record, clock, ingestionOpen, afterRecorded } = ingestion;
  return async (req, res) => {
    const source = authenticate(req.headers.authorization);
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
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !JSON_CONTENT_TYPE.test(contentType)) {
      const hint = /protobuf/i.test(contentType)
        ? ' OpenTelemetry exporters: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json.'
        : '';
      throw new ThroneError('unsupported', `Usage events must be sent as application/json, not ${contentType}.${hint}`);
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
      if (problem) throw new ThroneError('unauthorized', `Refused: ${problem}.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new ThroneError('unsupported', `The body is not valid JSON (${(error as Error).message}).`);
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
    const result = await record({
      source,
      events: parsed.events,
      ...(parsed.counters ? { counters: parsed.counters } : {}),
    });
    sendJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates });
    afterRecorded(result);
  };
}
