import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, ConfigError, parseConfig } from './config.js';
import { CONNECTOR_NAMES, describeSyncReport } from './connectors/connector-sync.js';
import { renderConnectorStatus } from './connectors/render-status.js';
import { CrownError } from './crown/close-week.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { createTalliesStore } from './db/tallies-store.js';
import { parseUsageFile } from './ingest/parse-usage-file.js';
import { loadBoardPage } from './leaderboard/load-board.js';
import { renderBoardText } from './leaderboard/render-board-text.js';
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
  sync [--connector NAME] [--since YYYY-MM-DD]
                                      pull usage from the vendors whose admin key is set, now
                                      (--since backfills from that UTC day)
  connectors                          each pull connector's last sync, watermark, rows stored,
                                      unmatched people and last error

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
    } else if (result.status === 'waiting') {
      console.log(
        `⏳ ${result.week.key} waits for usage from ${result.late.join(', ')}, which has not synced past the week's end. ` +
          `It closes once they catch up (token-throne sync), or at ${result.until.toISOString()} without them.`,
      );
      return;
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

async function sync(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { connector: { type: 'string' }, since: { type: 'string' } } });
  const name = values.connector;
  if (name !== undefined && !(CONNECTOR_NAMES as string[]).includes(name)) {
    throw new UsageError(`--connector must be one of ${CONNECTOR_NAMES.join(', ')}; got "${name}"`);
  }
  const since = values.since === undefined ? undefined : new Date(`${values.since}T00:00:00Z`);
  if (since && (!/^\d{4}-\d{2}-\d{2}$/.test(values.since ?? '') || Number.isNaN(since.getTime()))) {
    throw new UsageError(`--since must be a UTC date such as 2026-11-09; got "${values.since}"`);
  }
  const app = createApp(config);
  try {
    const enabled = app.syncer.enabled.map(({ connector }) => connector);
    const chosen = enabled.filter((connector) => !name || connector.name === name);
    if (chosen.length === 0) {
      throw new UsageError(
        name
          ? `${name} is off: set its admin key (see token-throne connectors).`
          : 'No pull connector is on: set ANTHROPIC_ADMIN_KEY, CLAUDE_ENTERPRISE_ANALYTICS_KEY, CURSOR_ADMIN_KEY or OPENAI_ADMIN_KEY.',
      );
    }
    const reports = await app.syncer.syncAll({ ...(name ? { connector: name } : {}), ...(since ? { since } : {}) });
    for (const report of reports) {
      if (report.error) process.exitCode = 1;
      (report.error ? console.error : console.log)(`${report.error ? '❌' : '✅'} ${describeSyncReport(report)}`);
    }
  } finally {
    app.close();
  }
}

function connectors(config: Config): void {
  const app = createApp(config);
  try {
    console.log(renderConnectorStatus(app.syncer.statuses(), config.sync.intervalMinutes));
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
    case 'sync':
      return sync(config, args);
    case 'connectors':
      return connectors(config);
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
