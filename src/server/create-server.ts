import type { AddressInfo } from 'node:net';
import type { Core } from '../core/create-core.js';
import { closeGracefully, createHttpServer } from '../http/http-server.js';
import { createIngestion } from '../http/ingest-route.js';
import { createLiveUpdates } from '../http/live-updates.js';
import type { OtlpGrpcServer } from '../http/otlp-grpc-server.js';
import { createIngestionFor, createRoutes, OTLP_PARSERS, otlpIntake } from '../http/routes.js';
import { createConnectorSyncJob } from '../jobs/connector-sync-job.js';
import { createEventPurgeJob } from '../jobs/event-purge-job.js';
import { createWeeklyReset } from '../jobs/weekly-reset.js';
import { createSlackConnection } from '../slack/connect-slack.js';
import { createBoltApp } from '../slack/create-bolt-app.js';
import { createLeaderboardReplies } from '../slack/leaderboard-replies.js';
import { registerListeners } from '../slack/listeners/register-listeners.js';
import { untilReady } from '../slack/warming-up.js';

export interface ServerOptions {
  /** how long a client may take to send a whole request (slow-drip uploads are cut off) */
  requestTimeoutMs?: number;
}

/**
 * The long-running bot on top of a core: the HTTP routes, Slack (Bolt, unless in local mode),
 * the background workers and the weekly reset. The caller owns the core and closes it after stop.
 */
export function createServer(core: Core, options: ServerOptions = {}) {
  const { config, logger, slack } = core;
  const bolt = slack && config.slack.botToken ? createBoltApp(config.slack, config.slack.botToken, logger) : undefined;
  if (bolt && slack)
    registerListeners(bolt.app, createLeaderboardReplies(core), core.fairPlay.reviewDesk, slack, logger);
  const slackConnection = bolt ? createSlackConnection(bolt, config.slack.mode, logger) : undefined;
  const slackListener =
    bolt?.requestListener && slackConnection
      ? untilReady(bolt.requestListener, slackConnection.isReady, config.slack.signingSecret ?? '', logger)
      : undefined;
  const ingestion = createIngestionFor(core);
  const live = createLiveUpdates();
  const unsubscribe = core.boardChanges.subscribe(live.boardChanged);
  const web = config.web;
  const http = createHttpServer(
    createRoutes(core, slackListener, ingestion, live),
    logger,
    options.requestTimeoutMs,
    new URL(web.publicUrl).origin,
  );
  let otlpGrpc: OtlpGrpcServer | undefined;
  let grpcPort: number | undefined;
  const weeklyReset = createWeeklyReset(core);
  const connectorSync = createConnectorSyncJob(core, () => weeklyReset.afterSync());
  const purgeJob = createEventPurgeJob(core);
  const workers = [core.messages, ...(core.emailResolver ? [core.emailResolver] : []), ...(purgeJob ? [purgeJob] : [])];

  return {
    /** The OTLP/gRPC port bound by start(), when OTLP_GRPC_PORT turned gRPC on. */
    grpcPort: (): number | undefined => grpcPort,
    /** Listens on PORT; resolves with the port actually bound (PORT=0 picks a free one). */
    async start(): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, () => {
          http.off('error', reject);
          resolve();
        });
      });
      if (config.otlpGrpcPort !== undefined) {
        // gRPC and its HTTP/2 stack are loaded only where OTLP_GRPC_PORT asks for them.
        const { createOtlpGrpcServer } = await import('../http/otlp-grpc-server.js');
        otlpGrpc = createOtlpGrpcServer(
          (signal) => createIngestion(OTLP_PARSERS[signal], ingestion, otlpIntake(config, signal)),
          ingestion.afterRecorded,
          config.otlpMaxBodyBytes,
          logger,
        );
        grpcPort = await otlpGrpc.start(config.otlpGrpcPort);
        logger.info(`OTLP/gRPC (metrics, traces, logs) is listening on port ${grpcPort}.`);
      }
      await slackConnection?.connect();
      for (const worker of workers) worker.start();
      await weeklyReset.catchUp();
      weeklyReset.start();
      connectorSync?.start();
      const port = (http.address() as AddressInfo).port;
      const mode =
        config.slack.mode === 'local'
          ? 'local mode (no SLACK_BOT_TOKEN: Slack messages are printed here instead)'
          : config.slack.mode === 'socket'
            ? 'Socket Mode for Slack'
            : `HTTP mode for Slack (requests at POST /slack/events)`;
      logger.info(
        `👑 Token Throne is up in ${mode}, listening on http://localhost:${port} ` +
          `(usage: POST /api/usage, health: GET /healthz), database ${config.databasePath}, weeks in ${config.weekTimeZone}.`,
      );
      if (web.access !== 'off') {
        logger.info(
          web.access === 'open'
            ? `🖥️  Web board open to anyone who can reach it (WEB_BOARD_OPEN): ${web.publicUrl}/board`
            : `🖥️  Web board with Sign in with Slack: ${web.publicUrl}/board`,
        );
      }
      if (config.ingestKeys.size === 0) logger.warn('INGEST_KEYS is not set: the usage webhook refuses every event.');
      if (!config.reviewChannel) {
        logger.info('REVIEW_CHANNEL is not set: usage held for review waits for `token-throne review`.');
      }
      return port;
    },
    /** Stops taking requests, lets the ones in flight finish, then stops Slack and the workers. */
    async stop(): Promise<void> {
      // Open event streams would otherwise hold the server for its whole grace period.
      unsubscribe();
      live.closeAll();
      await Promise.all([closeGracefully(http), otlpGrpc?.stop()]);
      await weeklyReset.stop();
      await connectorSync?.stop();
      await slackConnection?.disconnect();
      for (const worker of [...workers].reverse()) await worker.stop();
    },
  };
}
