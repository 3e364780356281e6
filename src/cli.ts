import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, parseConfig } from './config.js';
import { CrownError } from './crown/close-week.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { createTalliesStore } from './db/tallies-store.js';
import { createWebSessionsStore } from './db/web-sessions-store.js';
import { parseUsageFile } from './ingest/parse-usage-file.js';
import { loadBoardPage } from './leaderboard/load-board.js';
import { renderBoardText } from './leaderboard/render-board-text.js';
import { createTvLink } from './web/tv-links.js';
import { parseWeek } from './weeks/parse-week.js';
import { previousWeek, weekOf } from './weeks/week-of.js';

const USAGE = `Usage: token-throne <command>

  serve                               run the bot (what npm start runs)
  crown [--week 2026-W47]             close the last completed week (or the named one), crown
                                      the Token Lord and post the winners; once per week
  leaderboard [--week 2026-W47|last] [--limit N]
                                      print a week's board (default: this week, top 10)
  ingest FILE.jsonl --source NAME     import usage events, one JSON event per line
  migrate                             apply database migrations and exit
  backup FILE                         write a consistent copy of the database, safe while the bot runs
  tv-link [--name NAME]               print a view-only link to the TV board for an office screen
  tv-link --revoke NAME               revoke a screen's link; the screen is signed out at once

Configuration comes from environment variables and ./.env (see .env.example).`;

const CROWN_DELIVERY_TIMEOUT_MS = 60_000;

class UsageError extends Error {
  override name = 'UsageError';
}

function loadConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return parseConfig(process.env);
}

async function serve(config: Config): Promise<void> {
  const app = createApp(config);
  await app.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info(`${signal} received: finishing requests in flight, then closing the database.`);
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function printLeaderboard(config: Config, args: string[]): void {
  const { values } = parseArgs({ args, options: { week: { type: 'string' }, limit: { type: 'string' } } });
  const limit = Number(values.limit ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`);
  }
  const zone = config.weekTimeZone;
  const thisWeek = weekOf(systemClock(), zone);
  const week =
    values.week === undefined
      ? thisWeek
      : values.week === 'last'
        ? previousWeek(thisWeek, zone)
        : parseWeek(values.week, zone);
  if (!week)
    throw new UsageError(`--week must be an ISO week such as ${thisWeek.key}, or "last"; got "${values.week}"`);
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    console.log(renderBoardText(loadBoardPage(createTalliesStore(db), week, limit), zone));
  } finally {
    db.close();
  }
}

function ingestFile(config: Config, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' } } });
  const [file] = positionals;
  if (!file || !values.source)
    throw new UsageError('ingest needs a file and a source: ingest FILE.jsonl --source NAME');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(values.source)) {
    throw new UsageError(`--source "${values.source}" may use letters, digits, "_", "." and "-" (at most 64)`);
  }
  const parsed = parseUsageFile(readFileSync(file, 'utf8'), systemClock());
  if (!parsed.ok) {
    console.error(`${file}: ${parsed.details.length} problem(s); nothing was imported.`);
    for (const detail of parsed.details) console.error(`  ${detail.path}: ${detail.message}`);
    process.exitCode = 1;
    return;
  }
  const app = createApp(config);
  try {
    const result = app.recorder.record(values.source, parsed.events);
    console.log(
      `Imported ${file} as source "${values.source}": ${result.accepted} new event(s), ${result.duplicates} already stored.`,
    );
  } finally {
    app.close();
  }
}

async function crown(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { week: { type: 'string' } } });
  const app = createApp(config);
  try {
    const result = await app.crowner.crown(values.week);
    if (result.status === 'already_closed') {
      console.log(`${result.week.key} was already closed and crowned; nothing new was posted.`);
    } else {
      console.log(
        result.tokenLord
          ? `👑 ${result.week.key} is closed: ${result.tokenLord} is the Token Lord.`
          : `😴 ${result.week.key} is closed: a quiet week, nobody to crown.`,
      );
    }
    const delivered = await app.outboxSender.deliverAll(CROWN_DELIVERY_TIMEOUT_MS);
    const counts = app.outbox.counts();
    console.log(
      delivered
        ? `Slack messages delivered (${counts.sent} sent in all).`
        : `${counts.pending + counts.sending} Slack message(s) still waiting (Slack is slow or rate limiting); the running bot will deliver them.`,
    );
  } finally {
    app.close();
  }
}

async function backup(config: Config, args: string[]): Promise<void> {
  const [file] = parseArgs({ args, allowPositionals: true, options: {} }).positionals;
  if (!file) throw new UsageError('backup needs a file to write: backup FILE');
  if (existsSync(file)) throw new UsageError(`${file} already exists; choose a new file name for the backup.`);
  const app = createApp(config);
  try {
    const { totalPages } = await app.backup(file);
    console.log(`Backed up ${config.databasePath} to ${file} (${totalPages} pages).`);
  } finally {
    app.close();
  }
}

function tvLink(config: Config, args: string[]): void {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, revoke: { type: 'string' } } });
  if (values.name !== undefined && values.revoke !== undefined) {
    throw new UsageError('tv-link takes --name NAME to create a link or --revoke NAME to revoke one, not both.');
  }
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    const sessions = createWebSessionsStore(db);
    if (values.revoke !== undefined) {
      if (!sessions.revokeTvLink(values.revoke)) {
        const names = sessions.tvLinks().map((link) => `"${link.name}"`);
        throw new UsageError(
          `No TV link is named "${values.revoke}". ${names.length > 0 ? `Links: ${names.join(', ')}.` : 'There are no TV links.'}`,
        );
      }
      console.log(`📺 Revoked the TV link "${values.revoke}": its screens show the board no more.`);
      return;
    }
    const result = createTvLink(sessions, config.web.publicUrl, values.name, systemClock().getTime());
    if (!result.ok) throw new UsageError(result.problem);
    console.log(
      `📺 TV link "${result.name}" (view-only: it opens /tv and nothing else). Open it once on the screen:\n\n  ${result.url}\n`,
    );
    console.log(`It is shown only this once. Revoke it with: npx token-throne tv-link --revoke "${result.name}"`);
    if (config.web.access !== 'slack') {
      console.log(
        config.web.access === 'open'
          ? 'Note: WEB_BOARD_OPEN is on, so /tv needs no link right now.'
          : 'Note: the web board is off until SLACK_CLIENT_ID (with its secret and PUBLIC_URL) is set.',
      );
    }
  } finally {
    db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'leaderboard':
      return printLeaderboard(config, args);
    case 'ingest':
      return ingestFile(config, args);
    case 'crown':
      return crown(config, args);
    case 'backup':
      return backup(config, args);
    case 'tv-link':
      return tvLink(config, args);
    case 'migrate': {
      const db = openDatabase(config.databasePath);
      const applied = migrate(db);
      db.close();
      console.log(
        applied.length === 0
          ? `${config.databasePath} is up to date.`
          : `Applied ${applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ')} to ${config.databasePath}.`,
      );
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const line of error.message.split('\n')) console.error(`Token Throne cannot start: ${line}`);
  } else if (
    error instanceof UsageError ||
    error instanceof CrownError ||
    (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error((error as Error).message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
