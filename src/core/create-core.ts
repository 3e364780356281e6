import { dirname, join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { loadLadder } from '../badges/load-ladder.js';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { loadTeamsFile } from '../game/teams-file.js';
import { createLogger } from '../logger.js';
import { createSlackApi, createSlackWebClient, type SlackApi } from '../slack/api/slack-api.js';
import { createSlackSignIn } from '../slack/api/slack-sign-in.js';
import { retentionCutoff } from '../weeks/retention-cutoff.js';
import { createAvatarSource } from './avatar-source.js';
import { createAvatarProxy } from './avatars.js';
import { announcingChanges, createBoardChanges } from './board-changes.js';
import { createBoards } from './boards.js';
import { createCrowner } from './close-week.js';
import { CROWN_WAIT_LIMIT_MS, createSyncer } from './connector-sync.js';
import { createEmailResolver } from './email-resolver.js';
import { createEventPurge } from './event-purge.js';
import { createFairPlay } from './fair-play.js';
import { createGame } from './game.js';
import { createGroupCommit } from './group-commit.js';
import { createOutboxSender } from './outbox-sender.js';
import { createRecaps } from './recaps.js';
import type { Recorded } from './record-usage.js';
import { createUsageRecorder } from './record-usage.js';
import { createStores } from './stores.js';
import { createTvLinks } from './tv-links.js';
import { createUserDirectory } from './user-directory.js';
import { createWebViews } from './web-views.js';

export interface CoreOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * The bot without its listeners: the migrated database, its stores, the Slack Web API client
 * (none in local mode) and the use cases. Every CLI command builds on it, and so does the
 * server. A new use case is built here from the stores and listed in the returned object.
 */
export function createCore(config: Config, options: CoreOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const ladder = loadLadder(config.badgesFile);
  const teamsFile = config.teamsFile === undefined ? undefined : loadTeamsFile(config.teamsFile);
  const db = openDatabase(config.databasePath);
  const migrations = migrate(db);
  const stores = createStores(db, config.optIn);
  const botToken = config.slack.botToken;
  const slack = botToken
    ? createSlackApi(createSlackWebClient(botToken, config.slack.apiUrl, logger), clock)
    : undefined;
  const weekTimeZone = config.weekTimeZone;

  const fairPlay = createFairPlay({ db, config, stores, ladder, clock });
  const boardChanges = createBoardChanges();
  const usage = announcingChanges(
    createUsageRecorder({
      db,
      stores,
      ladder,
      weekTimeZone,
      retentionWeeks: config.eventRetentionWeeks,
      clock,
      resolveEmailsThroughSlack: slack !== undefined,
      hold: fairPlay.reviewDesk.hold,
    }),
    boardChanges,
  );
  const directory = createUserDirectory(stores.profiles, slack, clock, logger);
  const avatars = createAvatarSource(stores.avatars, clock, logger);
  const recaps = createRecaps({ stores, ladder, weekTimeZone });
  const boards = createBoards({ tallies: stores.tallies, crowns: stores.crowns, weekTimeZone, clock });
  const messages = createOutboxSender({
    outbox: stores.outbox,
    slack,
    filesDir: join(dirname(config.databasePath), 'cards'),
    clock,
    logger,
  });
  const emailResolver = slack
    ? createEmailResolver({ identities: stores.identities, recorder: usage, slack, clock, logger })
    : undefined;
  const syncer = createSyncer({
    db,
    recorder: usage,
    state: stores.connectors,
    identities: stores.identities,
    weekTimeZone,
    retentionWeeks: config.eventRetentionWeeks,
    clock,
    logger,
    settings: config.sync,
  });

  const game = createGame({
    stores,
    boards,
    directory,
    avatars,
    slack,
    ladder,
    teamsFile,
    showCost: config.showCost,
    weekTimeZone,
    clock,
    logger,
  });

  return {
    config,
    clock,
    logger,
    db,
    stores,
    ladder,
    /** the Slack Web API; undefined in local mode */
    slack,
    /** migrations this start applied */
    migrations,

    /** Stores usage with the badge DMs it earned; attributes an email's waiting usage. */
    usage,
    /** The same, for requests: ones ready together share one commit. Resolves once committed. */
    ingest: createGroupCommit(usage),
    /** Wakes what acts on a stored write: the email resolver, the delivery of queued messages. */
    afterRecorded(result: Recorded): void {
      if (result.unresolved > 0) void emailResolver?.runOnce();
      if (result.queuedMessages > 0) void messages.deliverDue();
    },
    /** A week's board, a person's standing, the Token Lord. */
    boards,
    /** Forgets raw events older than EVENT_RETENTION_WEEKS; tallies, rankings and crowns stay. */
    purge: createEventPurge({
      retention: stores.retention,
      cutoff: (now) => retentionCutoff(now, config.eventRetentionWeeks, weekTimeZone)?.getTime(),
      clock,
      logger,
    }),
    /** Names and avatars, cached from Slack. */
    directory,
    /** Closes a week and queues its winners post and Token Lord DM. */
    crowner: createCrowner({
      db,
      stores,
      directory,
      avatars,
      recaps,
      showCost: config.showCost,
      ladder,
      weekTimeZone,
      winnersChannel: config.winnersChannel,
      clock,
      logger,
      lateSources: (week) => syncer.lateFor(week),
      waitLimitMs: CROWN_WAIT_LIMIT_MS,
    }),
    /** Hall of Fame, trends and costs, team leagues, the shared podium card. */
    game,
    /** Who gets the weekly recap DM. */
    recaps,
    /** Pulls usage from the vendor admin APIs whose key is set; says which are late for a crown. */
    syncer,
    /** Who is named, corrections, usage held for review, the audit log, export. */
    fairPlay,
    /** Delivers queued messages to Slack (printed in local mode). */
    messages,
    /** Resolves emails to Slack users; undefined in local mode, where an email is the person. */
    emailResolver,
    /** Says when a board may have moved (usage stored or attributed, a week crowned). */
    boardChanges,
    /** The web board's pages: a week's top 100, a person's weeks, the Hall of Fame. */
    webViews: createWebViews({
      tallies: stores.tallies,
      crowns: stores.crowns,
      history: stores.personHistory,
      directory,
      isNamed: stores.people.isNamed,
      hall: game.hall,
      ladder,
      weekTimeZone,
      clock,
    }),
    /** People's pictures for the web board, fetched from their Slack profile. */
    avatars: createAvatarProxy(directory, clock, logger),
    /** View-only links for office screens. */
    tvLinks: createTvLinks(stores.webSessions, config.web.publicUrl, clock),
    /** Sign in with Slack; undefined unless the web board's sign-in is configured. */
    signIn: createSignIn(config, slack),

    /** A consistent copy of the live database (SQLite's online backup), safe while the bot writes. */
    backup: (file: string) => db.backup(file),
    close(): void {
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;

/** The OpenID relying party and the workspace members must belong to (auth.test, asked once). */
function createSignIn(config: Config, slack: SlackApi | undefined) {
  const { clientId, clientSecret, publicUrl, oidcUrl } = config.web;
  if (config.web.access !== 'slack' || !clientId || !clientSecret || !slack) return undefined;
  let team: Promise<string> | undefined;
  return {
    client: createSlackSignIn({
      clientId,
      clientSecret,
      oidcUrl,
      apiUrl: config.slack.apiUrl,
      redirectUri: `${publicUrl}/auth/slack/callback`,
    }),
    teamId(): Promise<string> {
      team ??= slack.teamId().catch((error: unknown) => {
        team = undefined;
        throw error;
      });
      return team;
    },
  };
}
