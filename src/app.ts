import type { AddressInfo } from 'node:net';
import type { Logger } from '@slack/bolt';
import { loadLadder } from './badges/load-ladder.js';
import { createBadgeDmQueuer } from './badges/queue-badge-dms.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createCrowner } from './crown/close-week.js';
import { createCrownsStore } from './db/crowns-store.js';
import { createIdentitiesStore } from './db/identities-store.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { createOtlpCountersStore } from './db/otlp-counters-store.js';
import { createOutboxStore } from './db/outbox-store.js';
import { createPersonHistoryStore } from './db/person-history-store.js';
import { createProfilesStore } from './db/profiles-store.js';
import { createTalliesStore } from './db/tallies-store.js';
import { createUsageStore } from './db/usage-store.js';
import { createWebSessionsStore } from './db/web-sessions-store.js';
import { createHealthRoute } from './http/health-route.js';
import { closeGracefully, createHttpServer, type Routes } from './http/http-server.js';
import { createEmailResolver, type EmailResolver } from './identity/email-resolver.js';
import { USAGE_FORMATS } from './ingest/formats/all-formats.js';
import { parseOtlpMetrics } from './ingest/formats/otlp-metrics.js';
import { parseOtlpTraces } from './ingest/formats/otlp-traces.js';
import { parserFor } from './ingest/formats/usage-format.js';
import { createGroupCommit } from './ingest/group-commit.js';
import { createIngestKeysAuthenticator } from './ingest/ingest-keys.js';
import { type BodyParser, createIngestRoute } from './ingest/ingest-route.js';
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
import { createAvatarProxy } from './web/avatar-proxy.js';
import { createBoardViews } from './web/board-views.js';
import { createLiveUpdates } from './web/live-updates.js';
import { createSlackSignIn } from './web/slack-sign-in.js';
import { loadStaticAssets } from './web/static-assets.js';
import { createWebRoutes } from './web/web-routes.js';
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
  const live = createLiveUpdates();
  const queueBadgeDms = createBadgeDmQueuer(ladder, outbox, crowns, clock);
  const recorder = createUsageRecorder({
    db,
    usage: createUsageStore(db),
    identities,
    otlpCounters: createOtlpCountersStore(db),
    weekTimeZone: zone,
    clock,
    resolveEmailsThroughSlack: config.slack.mode !== 'local',
    onTallyChanges: (changes) => {
      live.boardChanged();
      return queueBadgeDms(changes);
    },
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
    onCrowned: () => {
      live.boardChanged();
      void outboxSender.deliverDue();
    },
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
  const ingestRoute = (parse: BodyParser) =>
    createIngestRoute({
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
    });
  const routes: Routes = {
    'POST /api/usage': ingestRoute((body, _headers, now) => parseUsageBody(body, now)),
    // OTLP/HTTP's own paths, so an exporter pointed at the bot's base URL finds them.
    'POST /v1/traces': ingestRoute(parseOtlpTraces),
    'POST /v1/metrics': ingestRoute(parseOtlpMetrics),
    ...Object.fromEntries(
      USAGE_FORMATS.map((format) => [`POST /api/usage/${format.name}`, ingestRoute(parserFor(format))]),
    ),
    'GET /healthz': createHealthRoute(db),
  };
  const slackListener = bolt?.requestListener;
  if (slackListener) routes['POST /slack/events'] = (req, res) => slackListener(req, res);
  const web = config.web;
  if (web.access !== 'off') {
    let team: Promise<string> | undefined;
    const teamId = (): Promise<string> => {
      if (!slack) return Promise.reject(new Error('Sign in with Slack needs SLACK_BOT_TOKEN'));
      team ??= slack.teamId().catch((error: unknown) => {
        team = undefined;
        throw error;
      });
      return team;
    };
    Object.assign(
      routes,
      createWebRoutes({
        access: web.access,
        publicUrl: web.publicUrl,
        views: createBoardViews({
          tallies,
          crowns,
          history: createPersonHistoryStore(db),
          directory,
          ladder,
          weekTimeZone: zone,
          clock,
        }),
        sessions: createWebSessionsStore(db),
        live,
        avatars: createAvatarProxy(directory, clock, logger),
        assets: loadStaticAssets(),
        ladder,
        signIn:
          web.access === 'slack' && web.clientId && web.clientSecret
            ? {
                client: createSlackSignIn({
                  clientId: web.clientId,
                  clientSecret: web.clientSecret,
                  oidcUrl: web.oidcUrl,
                  apiUrl: config.slack.apiUrl,
                  redirectUri: `${web.publicUrl}/auth/slack/callback`,
                }),
                teamId,
              }
            : undefined,
        clock,
        logger,
      }),
    );
  }
  const server = createHttpServer(routes, logger, options.requestTimeoutMs, new URL(web.publicUrl).origin);

  return {
    db,
    tallies,
    recorder,
    outbox,
    replies,
    crowner,
    outboxSender,
    emailResolver,
    weeklyReset,
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
      if (web.access !== 'off') {
        logger.info(
          web.access === 'open'
            ? `🖥️  Web board open to anyone who can reach it (WEB_BOARD_OPEN): ${web.publicUrl}/board`
            : `🖥️  Web board with Sign in with Slack: ${web.publicUrl}/board`,
        );
      }
      if (config.ingestKeys.size === 0) logger.warn('INGEST_KEYS is not set: the usage webhook refuses every event.');
      return port;
    },
    /** Stops taking requests, lets the ones in flight finish, stops the workers, closes the database. */
    async stop(): Promise<void> {
      live.closeAll();
      await closeGracefully(server);
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
