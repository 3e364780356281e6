import type { AddressInfo } from 'node:net';
import type { Logger } from '@slack/bolt';
import { loadLadder } from './badges/load-ladder.js';
import { createBadgeDmQueuer } from './badges/queue-badge-dms.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createCrowner } from './crown/close-week.js';
import { createAnonymousPeopleStore } from './db/anonymous-people-store.js';
import { createCrownsStore } from './db/crowns-store.js';
import { createIdentitiesStore } from './db/identities-store.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { createOtlpCountersStore } from './db/otlp-counters-store.js';
import { createOutboxStore } from './db/outbox-store.js';
import { createProfilesStore } from './db/profiles-store.js';
import { createTalliesStore } from './db/tallies-store.js';
import { createTelemetryScopesStore } from './db/telemetry-scopes-store.js';
import { createUsageStore } from './db/usage-store.js';
import { createHealthRoute } from './http/health-route.js';
import { closeGracefully, createHttpServer, type Routes } from './http/http-server.js';
import { createEmailResolver, type EmailResolver } from './identity/email-resolver.js';
import { USAGE_FORMATS } from './ingest/formats/all-formats.js';
import { parseOtlpLogs } from './ingest/formats/otlp-logs.js';
import { parseOtlpMetrics } from './ingest/formats/otlp-metrics.js';
import { parseOtlpTraces } from './ingest/formats/otlp-traces.js';
import { parserFor } from './ingest/formats/usage-format.js';
import { createGroupCommit } from './ingest/group-commit.js';
import { createIngestKeysAuthenticator } from './ingest/ingest-keys.js';
import { type BodyParser, createIngestion, createIngestRoute, type IngestionOptions } from './ingest/ingest-route.js';
import { createOtlpGrpcServer } from './ingest/otlp/otlp-grpc-server.js';
import type { OtlpSignal } from './ingest/otlp/otlp-protobuf.js';
import { parseUsageBody } from './ingest/parse-usage-body.js';
import { createRateLimiter } from './ingest/rate-limit.js';
import { createUsageRecorder } from './ingest/record-usage.js';
import { createWeeklyReset } from './jobs/weekly-reset.js';
import { createLogger } from './logger.js';
import { createSlackConnection } from './slack/connect-slack.js';
import { type BoltApp, createBoltApp } from './slack/create-bolt-app.js';
import { createLeaderboardReplies } from './slack/leaderboard-replies.js';
import { createOutboxSender } from './slack/outbox-sender.js';
import { registerListeners } from './slack/register-listeners.js';
import { createSlackApi, createSlackWebClient, type SlackApi } from './slack/slack-api.js';
import { createUserDirectory } from './slack/user-directory.js';
import { previousWeek } from './weeks/week-of.js';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** how long a client may take to send a whole request (slow-drip uploads are cut off) */
  requestTimeoutMs?: number;
}

/**
 * The composition root: the only place that knows every part. Opens and migrates the
 * database, builds the stores, Slack (unless in local mode), the routes and the HTTP server.
 */
export function createApp(config: Config, options: AppOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const ladder = loadLadder(config.badgesFile);
  const db = openDatabase(config.databasePath);
  migrate(db);

  const zone = config.weekTimeZone;
  const tallies = createTalliesStore(db);
  const identities = createIdentitiesStore(db);
  const crowns = createCrownsStore(db);
  const outbox = createOutboxStore(db);
  const anonymousPeople = createAnonymousPeopleStore(db);
  const recorder = createUsageRecorder({
    db,
    usage: createUsageStore(db),
    identities,
    otlpCounters: createOtlpCountersStore(db),
    anonymousPeople,
    telemetryScopes: createTelemetryScopesStore(db),
    weekTimeZone: zone,
    clock,
    resolveEmailsThroughSlack: config.slack.mode !== 'local',
    onTallyChanges: createBadgeDmQueuer(ladder, outbox, crowns, clock),
  });

  const botToken = config.slack.botToken;
  const slack: SlackApi | undefined = botToken
    ? createSlackApi(createSlackWebClient(botToken, config.slack.apiUrl, logger))
    : undefined;
  const outboxSender = createOutboxSender({ outbox, slack, clock, logger });
  const emailResolver: EmailResolver | undefined = slack
    ? createEmailResolver({ identities, recorder, slack, clock, logger })
    : undefined;
  const directory = createUserDirectory(createProfilesStore(db), slack, clock, logger);
  const replies = createLeaderboardReplies({
    tallies,
    directory,
    ladder,
    weekTimeZone: zone,
    clock,
    tokenLordDuring: (week) => crowns.tokenLordOf(previousWeek(week, zone).key),
  });
  const crowner = createCrowner({
    db,
    tallies,
    crowns,
    outbox,
    directory,
    ladder,
    weekTimeZone: zone,
    winnersChannel: config.winnersChannel,
    clock,
    logger,
  });
  const weeklyReset = createWeeklyReset({
    crowner,
    crowns,
    tallies,
    resetCron: config.resetCron,
    weekTimeZone: zone,
    clock,
    logger,
    onCrowned: () => void outboxSender.deliverDue(),
  });
  let bolt: BoltApp | undefined;
  let slackConnection: ReturnType<typeof createSlackConnection> | undefined;
  if (botToken && slack) {
    bolt = createBoltApp(config.slack, botToken, logger);
    slackConnection = createSlackConnection(bolt, config.slack.mode, logger);
    registerListeners(bolt.app, replies, slack);
    bolt.app.error(async (error) => {
      logger.error('Slack listener failed:', error);
    });
  }

  const record = createGroupCommit(recorder);
  const rateLimiter =
    config.ingestRateLimit > 0
      ? createRateLimiter(config.ingestRateLimit, config.ingestRateLimit * 2, clock)
      : undefined;
  const authenticate = createIngestKeysAuthenticator(config.ingestKeys);
  const ingestionFor = (parse: BodyParser, otlpSignal?: OtlpSignal): IngestionOptions => ({
    parse,
    authenticate,
    signingSecretOf: (source) => (config.signedSources.has(source) ? config.ingestKeys.get(source) : undefined),
    rateLimiter,
    record,
    clock,
    ingestionOpen: config.ingestKeys.size > 0,
    onRecorded: (result) => {
      if (result.unresolved > 0) void emailResolver?.runOnce();
      if (result.queuedMessages > 0) void outboxSender.deliverDue();
    },
    ...(otlpSignal ? { otlpSignal, maxBodyBytes: config.otlpMaxBodyBytes } : {}),
  });
  const ingestRoute = (parse: BodyParser) => createIngestRoute(ingestionFor(parse));
  const otlpParsers = { metrics: parseOtlpMetrics, traces: parseOtlpTraces, logs: parseOtlpLogs };
  const otlpIngestion = (signal: OtlpSignal) => ingestionFor(otlpParsers[signal], signal);
  const routes: Routes = {
    'POST /api/usage': ingestRoute((body, _headers, now) => parseUsageBody(body, now)),
    // OTLP/HTTP's own paths, so an exporter pointed at the bot's base URL finds them.
    'POST /v1/metrics': createIngestRoute(otlpIngestion('metrics')),
    'POST /v1/traces': createIngestRoute(otlpIngestion('traces')),
    'POST /v1/logs': createIngestRoute(otlpIngestion('logs')),
    ...Object.fromEntries(
      USAGE_FORMATS.map((format) => [`POST /api/usage/${format.name}`, ingestRoute(parserFor(format))]),
    ),
    'GET /healthz': createHealthRoute(db),
  };
  const otlpGrpc =
    config.otlpGrpcPort === undefined
      ? undefined
      : createOtlpGrpcServer((signal) => createIngestion(otlpIngestion(signal)), config.otlpMaxBodyBytes, logger);
  let grpcPortBound: number | undefined;
  const slackListener = bolt?.requestListener;
  if (slackListener) routes['POST /slack/events'] = (req, res) => slackListener(req, res);
  const server = createHttpServer(routes, logger, options.requestTimeoutMs);

  return {
    db,
    tallies,
    recorder,
    anonymousPeople,
    outbox,
    replies,
    crowner,
    outboxSender,
    emailResolver,
    weeklyReset,
    logger,
    /** The OTLP/gRPC port bound by start(), when OTLP_GRPC_PORT turned gRPC on. */
    grpcPort: (): number | undefined => grpcPortBound,
    /** Listens on PORT; resolves with the port actually bound (PORT=0 picks a free one). */
    async start(): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const grpcPort = config.otlpGrpcPort === undefined ? undefined : await otlpGrpc?.start(config.otlpGrpcPort);
      await slackConnection?.connect();
      outboxSender.start();
      emailResolver?.start();
      await weeklyReset.catchUp();
      weeklyReset.start();
      const port = (server.address() as AddressInfo).port;
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
      if (grpcPort !== undefined) logger.info(`OTLP/gRPC (metrics, traces, logs) is listening on port ${grpcPort}.`);
      grpcPortBound = grpcPort;
      if (config.ingestKeys.size === 0) logger.warn('INGEST_KEYS is not set: the usage webhook refuses every event.');
      return port;
    },
    /** Stops taking requests, lets the ones in flight finish, stops the workers, closes the database. */
    async stop(): Promise<void> {
      await Promise.all([closeGracefully(server), otlpGrpc?.stop()]);
      await weeklyReset.stop();
      await slackConnection?.disconnect();
      await emailResolver?.stop();
      await outboxSender.stop();
      db.close();
    },
    /** For one-shot commands that never started the server. */
    close(): void {
      db.close();
    },
    /** A consistent copy of the live database (SQLite's online backup), safe while the bot writes. */
    backup: (file: string) => db.backup(file),
  };
}

export type App = ReturnType<typeof createApp>;
