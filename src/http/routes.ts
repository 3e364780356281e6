import type { RequestListener } from 'node:http';
import type { Core } from '../core/create-core.js';
import { USAGE_FORMATS } from '../ingest/formats/all-formats.js';
import { parseOtlpMetrics } from '../ingest/formats/otlp-metrics.js';
import { parseOtlpTraces } from '../ingest/formats/otlp-traces.js';
import { parserFor } from '../ingest/formats/usage-format.js';
import { createIngestKeysAuthenticator, createSigningSecrets } from '../ingest/ingest-keys.js';
import { parseUsageBody } from '../ingest/parse-usage-body.js';
import { createRateLimiter } from '../ingest/rate-limit.js';
import { createHealthRoute } from './health-route.js';
import type { Routes } from './http-server.js';
import { createIngestRoute, type Ingestion } from './ingest-route.js';
import type { LiveUpdates } from './live-updates.js';
import { createWebRoutes } from './web-routes.js';

/**
 * Every HTTP route the bot serves, in one table: "METHOD /path" → handler. A new endpoint is
 * one more line here. `slackListener` serves Slack's requests in HTTP mode; `live` feeds the
 * web board's open pages (its routes are there only when the web board is on).
 */
export function createRoutes(core: Core, slackListener: RequestListener | undefined, live: LiveUpdates): Routes {
  const { config, clock } = core;
  const ingestion: Ingestion = {
    authenticate: createIngestKeysAuthenticator(config.ingestKeys),
    signingSecretOf: createSigningSecrets(config.ingestKeys, config.signedSources),
    rateLimiter: config.ingestRateLimit > 0 ? createRateLimiter(config.ingestRateLimit, undefined, clock) : undefined,
    record: core.ingest,
    afterRecorded: core.afterRecorded,
    clock,
    ingestionOpen: config.ingestKeys.size > 0,
  };
  const routes: Routes = {
    'POST /api/usage': createIngestRoute(parseUsageBody, ingestion),
    // OTLP/HTTP's own paths, so an exporter pointed at the bot's base URL finds them.
    'POST /v1/traces': createIngestRoute(parseOtlpTraces, ingestion),
    'POST /v1/metrics': createIngestRoute(parseOtlpMetrics, ingestion),
    ...Object.fromEntries(
      USAGE_FORMATS.map((format) => [
        `POST /api/usage/${format.name}`,
        createIngestRoute(parserFor(format), ingestion),
      ]),
    ),
    'GET /healthz': createHealthRoute(core.db),
  };
  if (slackListener) routes['POST /slack/events'] = (req, res) => slackListener(req, res);
  const { access } = config.web;
  return access === 'off' ? routes : { ...routes, ...createWebRoutes(core, live, access) };
}
