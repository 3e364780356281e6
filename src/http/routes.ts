import type { RequestListener } from 'node:http';
import type { Config } from '../config.js';
import type { Core } from '../core/create-core.js';
import { USAGE_FORMATS } from '../ingest/formats/all-formats.js';
import { parseOtlpLogs } from '../ingest/formats/otlp-logs.js';
import { parseOtlpMetrics } from '../ingest/formats/otlp-metrics.js';
import { parseOtlpTraces } from '../ingest/formats/otlp-traces.js';
import { parserFor } from '../ingest/formats/usage-format.js';
import { createIngestKeysAuthenticator, createSigningSecrets } from '../ingest/ingest-keys.js';
import type { OtlpSignal } from '../ingest/otlp/otlp-protobuf.js';
import { parseUsageBody } from '../ingest/parse-usage-body.js';
import { createRateLimiter } from '../ingest/rate-limit.js';
import { createTimestampWindows } from '../ingest/timestamp-window.js';
import type { BodyParser } from '../ingest/usage-event.js';
import { createHealthRoute } from './health-route.js';
import type { Routes } from './http-server.js';
import { createIngestRoute, type Ingestion, type OtlpIntake } from './ingest-route.js';
import { createLiveUpdates, type LiveUpdates } from './live-updates.js';
import { createWebRoutes } from './web-routes.js';

/** The OTLP signals' parsers, for their HTTP paths and their gRPC services. */
export const OTLP_PARSERS: Record<OtlpSignal, BodyParser> = {
  metrics: parseOtlpMetrics,
  traces: parseOtlpTraces,
  logs: parseOtlpLogs,
};

/** What an OTLP signal takes beyond JSON: its protobuf message, bodies up to OTLP_MAX_BODY_BYTES. */
export const otlpIntake = (config: Config, signal: OtlpSignal): OtlpIntake => ({
  signal,
  maxBodyBytes: config.otlpMaxBodyBytes,
});

/** Who may send, how fast, and where usage goes: one for every route, HTTP and gRPC alike. */
export function createIngestionFor(core: Core): Ingestion {
  const { config, clock } = core;
  return {
    authenticate: createIngestKeysAuthenticator(config.ingestKeys),
    signingSecretOf: createSigningSecrets(config.ingestKeys, config.signedSources),
    rateLimiter: config.ingestRateLimit > 0 ? createRateLimiter(config.ingestRateLimit, undefined, clock) : undefined,
    record: core.ingest,
    afterRecorded: core.afterRecorded,
    clock,
    timestampWindow: createTimestampWindows(config.eventRetentionWeeks, config.weekTimeZone),
    ingestionOpen: config.ingestKeys.size > 0,
  };
}

/**
 * Every HTTP route the bot serves, in one table: "METHOD /path" → handler. A new endpoint is
 * one more line here. `slackListener` serves Slack's requests in HTTP mode; `live` feeds the
 * web board's open pages (its routes are there only when the web board is on).
 */
export function createRoutes(
  core: Core,
  slackListener: RequestListener | undefined,
  ingestion: Ingestion = createIngestionFor(core),
  live: LiveUpdates = createLiveUpdates(),
): Routes {
  const otlpRoute = (signal: OtlpSignal) =>
    createIngestRoute(OTLP_PARSERS[signal], ingestion, otlpIntake(core.config, signal));
  const routes: Routes = {
    'POST /api/usage': createIngestRoute(parseUsageBody, ingestion),
    // OTLP/HTTP's own paths, so an exporter pointed at the bot's base URL finds them.
    'POST /v1/metrics': otlpRoute('metrics'),
    'POST /v1/traces': otlpRoute('traces'),
    'POST /v1/logs': otlpRoute('logs'),
    ...Object.fromEntries(
      USAGE_FORMATS.map((format) => [
        `POST /api/usage/${format.name}`,
        createIngestRoute(parserFor(format), ingestion),
      ]),
    ),
    'GET /healthz': createHealthRoute(core.db),
  };
  if (slackListener) routes['POST /slack/events'] = (req, res) => slackListener(req, res);
  const { access } = core.config.web;
  return access === 'off' ? routes : { ...routes, ...createWebRoutes(core, live, access) };
}
