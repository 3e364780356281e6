import type { AddressInfo } from 'node:net';
import type { Logger } from '@slack/bolt';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createIdentitiesStore } from './db/identities-store.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { createTalliesStore } from './db/tallies-store.js';
import { createUsageStore } from './db/usage-store.js';
import { createHealthRoute } from './http/health-route.js';
import { createHttpServer } from './http/http-server.js';
import { createIngestKeysAuthenticator } from './ingest/ingest-keys.js';
import { createIngestRoute } from './ingest/ingest-route.js';
import { createUsageRecorder } from './ingest/record-usage.js';
import { createLogger } from './logger.js';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * The composition root: the only place that knows every part. Opens and migrates the
 * database, builds the stores, the ingestion and health routes and the HTTP server.
 */
export function createApp(config: Config, options: AppOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.databasePath);
  migrate(db);

  const usage = createUsageStore(db);
  const identities = createIdentitiesStore(db);
  const tallies = createTalliesStore(db);
  const recorder = createUsageRecorder({
    db,
    usage,
    identities,
    weekTimeZone: config.weekTimeZone,
    clock,
    resolveEmailsThroughSlack: config.slack.mode !== 'local',
  });

  const server = createHttpServer(
    {
      'POST /api/usage': createIngestRoute({
        authenticate: createIngestKeysAuthenticator(config.ingestKeys),
        recorder,
        clock,
        ingestionOpen: config.ingestKeys.size > 0,
      }),
      'GET /healthz': createHealthRoute(db),
    },
    logger,
  );

  return {
    db,
    tallies,
    recorder,
    logger,
    /** Listens on PORT; resolves with the port actually bound (PORT=0 picks a free one). */
    async start(): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const port = (server.address() as AddressInfo).port;
      const mode =
        config.slack.mode === 'local'
          ? 'local mode (no SLACK_BOT_TOKEN: Slack messages are printed here instead)'
          : `${config.slack.mode === 'socket' ? 'Socket Mode' : 'HTTP mode'} for Slack`;
      logger.info(
        `👑 Token Throne is up in ${mode}, listening on http://localhost:${port} ` +
          `(usage: POST /api/usage, health: GET /healthz), database ${config.databasePath}, weeks in ${config.weekTimeZone}.`,
      );
      if (config.ingestKeys.size === 0) logger.warn('INGEST_KEYS is not set: the usage webhook refuses every event.');
      return port;
    },
    /** Stops taking requests, lets the ones in flight finish, then closes the database. */
    async stop(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      db.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;
