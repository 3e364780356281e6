import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { systemClock } from './clock.js';
import { type Config, parseConfig } from './config.js';
import { renderConnectorStatus } from './connectors/render-status.js';
import { CONNECTOR_NAMES, describeSyncReport } from './core/connector-sync.js';
import { type Core, createCore } from './core/create-core.js';
import { ThroneError } from './errors.js';
import { CORRECTION_USAGE, parseCorrectionArgs } from './fair-play/correction-args.js';
import { renderAuditText } from './fair-play/render-audit.js';
import { renderExportCsv, renderExportJson } from './fair-play/render-export.js';
import { ANONYMOUS_PREFIX } from './identity/anonymous-ref.js';
import { isSlackUserId } from './identity/slack-user-id.js';
import { parseUsageFile } from './ingest/parse-usage-file.js';
import { sourceNameProblem } from './ingest/source-name.js';
import { createTimestampWindows } from './ingest/timestamp-window.js';
import { isPersonRef } from './ingest/usage-event-schema.js';
import { formatTokens } from './leaderboard/format-tokens.js';
import { renderBoardText } from './leaderboard/render-board-text.js';
import { TOP } from './leaderboard/tally.js';
import { createServer } from './server/create-server.js';
import type { WeekChoice } from './weeks/choose-week.js';
import type { Week } from './weeks/week.js';

const USAGE = `Usage: token-throne <command>

  serve                               run the bot (what npm start runs)
  crown [--week 2026-W47]             close the last completed week (or the named one), crown
                                      the Token Lord and post the winners; once per week
  leaderboard [--week 2026-W47|last] [--limit N]
                                      print a week's board (default: this week, top ${TOP})
  ingest FILE.jsonl --source NAME     import usage events, one JSON event per line
  migrate                             apply database migrations and exit
  backup FILE                         write a consistent copy of the database, safe while the bot runs
  anonymous                           list telemetry usage that names no person (only an
                                      anonymous id), per source, and the mappings made
  anonymous map --source NAME ID PERSON
                                      count an anonymous id's usage, past and future, for a
                                      person (a Slack user ID or an email); once per id
  sync [--connector NAME] [--since YYYY-MM-DD]
                                      pull usage from the vendors whose admin key is set, now
                                      (--since backfills from that UTC day)
  connectors                          each pull connector's last sync, watermark, rows stored,
                                      unmatched people and last error
  void …  /  restore …                take usage out of the tallies, or count it again (audited as "cli"):
${CORRECTION_USAGE.replace(/^/gm, '    ')}
  audit [--week 2026-W47]             print the audit log of corrections and review decisions
  export --week 2026-W47 [--format csv|json] [--include-hidden]
                                      per person: tokens, input, output, cache, requests, models, sources;
                                      people off the board appear as hidden-N unless --include-hidden
  review [approve|reject ID]          list usage held for review, or decide it (audited as "cli")
  tv-link [--name NAME]               print a view-only link to the TV board for an office screen
  tv-link --revoke NAME               revoke a screen's link; the screen is signed out at once

Configuration comes from environment variables and ./.env (see .env.example).`;

const CROWN_DELIVERY_TIMEOUT_MS = 60_000;

const refuse = (message: string) => new ThroneError('bad_input', message);

function loadConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return parseConfig(process.env);
}

/** node:util's parseArgs, its refusals (an unknown option, say) turned into the CLI's own. */
function parseCommandArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw refuse((error as Error).message);
  }
}

async function serve(core: Core): Promise<void> {
  const server = createServer(core);
  await server.start();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.logger.info(`${signal} received: finishing requests in flight, then closing the database.`);
    await server.stop();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * A one-shot command: reads its arguments and the settings (refusing bad ones before anything is
 * opened), then runs on the core, which is closed when it is done. Undefined: nothing left to run.
 */
type Command = (args: string[], config: Config) => ((core: Core) => void | Promise<void>) | undefined;

const leaderboard: Command = (args) => {
  const { values } = parseCommandArgs({ args, options: { week: { type: 'string' }, limit: { type: 'string' } } });
  const limit = Number(values.limit ?? TOP);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw refuse(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`);
  }
  const choice: WeekChoice =
    values.week === undefined
      ? { kind: 'current' }
      : values.week === 'last'
        ? { kind: 'last' }
        : { kind: 'named', key: values.week };
  return (core) => {
    const week = core.boards.chooseWeek(choice);
    if (!week) {
      const thisWeek = core.boards.chooseWeek({ kind: 'current' })?.key;
      throw refuse(`--week must be an ISO week such as ${thisWeek}, or "last"; got "${values.week}"`);
    }
    const board = core.boards.page(week, limit);
    const names = core.directory.cachedNames(board.entries.map((entry) => entry.userId));
    console.log(renderBoardText(board, core.config.weekTimeZone, names));
  };
};

const ingest: Command = (args, config) => {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' } },
  });
  const [file] = positionals;
  const source = values.source;
  if (!file || !source) throw refuse('ingest needs a file and a source: ingest FILE.jsonl --source NAME');
  const problem = sourceNameProblem(source);
  if (problem) throw refuse(`--source "${source}" ${problem}`);
  const window = createTimestampWindows(config.eventRetentionWeeks, config.weekTimeZone)(systemClock());
  const parsed = parseUsageFile(readFileSync(file, 'utf8'), window);
  if (!parsed.ok) {
    console.error(`${file}: ${parsed.details.length} problem(s); nothing was imported.`);
    for (const detail of parsed.details) console.error(`  ${detail.path}: ${detail.message}`);
    process.exitCode = 1;
    return undefined;
  }
  return (core) => {
    const result = core.usage.record(source, parsed.events);
    console.log(
      `Imported ${file} as source "${source}": ${result.accepted} new event(s), ${result.duplicates} already stored.`,
    );
  };
};

const crown: Command = (args) => {
  const { values } = parseCommandArgs({ args, options: { week: { type: 'string' } } });
  return async (core) => {
    const result = await core.crowner.crown(values.week);
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
    const delivered = await core.messages.deliverAll(CROWN_DELIVERY_TIMEOUT_MS);
    const counts = core.stores.outbox.counts();
    console.log(
      delivered
        ? `Slack messages delivered (${counts.sent} sent in all).`
        : `${counts.pending + counts.sending} Slack message(s) still waiting (Slack is slow or rate limiting); the running bot will deliver them.`,
    );
  };
};

const sync: Command = (args) => {
  const { values } = parseCommandArgs({ args, options: { connector: { type: 'string' }, since: { type: 'string' } } });
  const name = values.connector;
  if (name !== undefined && !(CONNECTOR_NAMES as string[]).includes(name)) {
    throw refuse(`--connector must be one of ${CONNECTOR_NAMES.join(', ')}; got "${name}"`);
  }
  const since = values.since === undefined ? undefined : new Date(`${values.since}T00:00:00Z`);
  if (since && (!/^\d{4}-\d{2}-\d{2}$/.test(values.since ?? '') || Number.isNaN(since.getTime()))) {
    throw refuse(`--since must be a UTC date such as 2026-11-09; got "${values.since}"`);
  }
  return async (core) => {
    const chosen = core.syncer.enabled.filter(({ connector }) => !name || connector.name === name);
    if (chosen.length === 0) {
      throw refuse(
        name
          ? `${name} is off: set its admin key (see token-throne connectors).`
          : 'No pull connector is on: set ANTHROPIC_ADMIN_KEY, CLAUDE_ENTERPRISE_ANALYTICS_KEY, CURSOR_ADMIN_KEY or OPENAI_ADMIN_KEY.',
      );
    }
    const reports = await core.syncer.syncAll({ ...(name ? { connector: name } : {}), ...(since ? { since } : {}) });
    for (const report of reports) {
      if (report.error) process.exitCode = 1;
      (report.error ? console.error : console.log)(`${report.error ? '❌' : '✅'} ${describeSyncReport(report)}`);
    }
  };
};

const connectors: Command = () => (core) => {
  console.log(renderConnectorStatus(core.syncer.statuses(), core.config.sync.intervalMinutes));
};

const backup: Command = (args) => {
  const [file] = parseCommandArgs({ args, allowPositionals: true, options: {} }).positionals;
  if (!file) throw refuse('backup needs a file to write: backup FILE');
  if (existsSync(file)) throw refuse(`${file} already exists; choose a new file name for the backup.`);
  return async (core) => {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    const { totalPages } = await core.backup(file);
    console.log(`Backed up ${core.config.databasePath} to ${file} (${totalPages} pages).`);
  };
};

const CLI = { kind: 'cli' } as const;

/** `void …` and `restore …`: the operator's corrections, recorded with the actor "cli". */
const correction =
  (action: 'void' | 'restore'): Command =>
  (args) =>
  (core) => {
    const { selection, reason } = parseCorrectionArgs(args, core.config.weekTimeZone);
    const result = core.fairPlay.correct(action, selection, CLI, reason);
    console.log(
      `${action === 'void' ? 'Voided' : 'Restored'} ${result.events} event(s); audit entry #${result.auditId}.`,
    );
    for (const effect of result.effects) {
      console.log(`  ${effect.userId} ${effect.week}: ${effect.before} → ${effect.after} tokens`);
    }
    for (const week of result.closedWeeks) {
      console.log(
        `  ${week} is already closed: its tallies are corrected, its crown and winners post stay as they were.`,
      );
    }
  };

/** A `--week` option as a week key, refused when it names no week. */
function namedWeek(core: Core, text: string): Week {
  const week = core.boards.chooseWeek({ kind: 'named', key: text });
  if (!week) throw refuse(`--week must be an ISO week such as 2026-W47; got "${text}"`);
  return week;
}

const audit: Command = (args) => {
  const { values } = parseCommandArgs({ args, options: { week: { type: 'string' } } });
  return (core) => {
    const week = values.week === undefined ? undefined : namedWeek(core, values.week).key;
    console.log(renderAuditText(core.fairPlay.audit.list(week, Number.MAX_SAFE_INTEGER), week));
  };
};

const exportWeek: Command = (args) => {
  const { values } = parseCommandArgs({
    args,
    options: { week: { type: 'string' }, format: { type: 'string' }, 'include-hidden': { type: 'boolean' } },
  });
  const { week, format = 'csv' } = values;
  if (week === undefined)
    throw refuse('export needs a week: export --week 2026-W47 [--format csv|json] [--include-hidden]');
  if (format !== 'csv' && format !== 'json') throw refuse(`--format must be csv or json; got "${format}"`);
  return (core) => {
    const data = core.fairPlay.exportWeek(namedWeek(core, week), values['include-hidden'] ?? false);
    process.stdout.write(format === 'csv' ? renderExportCsv(data) : renderExportJson(data));
  };
};

const review: Command = (args) => {
  const [verb, id, ...rest] = parseCommandArgs({ args, allowPositionals: true, options: {} }).positionals;
  if (verb !== undefined && ((verb !== 'approve' && verb !== 'reject') || !/^\d+$/.test(id ?? '') || rest.length > 0)) {
    throw refuse('review takes nothing (lists what waits), or approve ID, or reject ID');
  }
  return (core) => {
    const desk = core.fairPlay.reviewDesk;
    if (verb !== 'approve' && verb !== 'reject') {
      const pending = desk.pending();
      if (pending.length === 0) console.log('No usage is waiting for review.');
      for (const held of pending) {
        const usage = core.fairPlay.reviews.held(held.id);
        console.log(
          `#${held.id}  ${held.userId}  ${held.day}  ${held.source}  ${held.rule}: ${usage.tokens} tokens held in ${usage.events} event(s) (usual day ${Math.round(held.evidence.usual)}, limit ${Math.round(held.evidence.limit)})`,
        );
      }
      return;
    }
    const result = desk.decide(Number(id), verb, CLI);
    console.log(
      `${verb === 'approve' ? 'Approved' : 'Rejected'} review #${id}: ${result.tokens} tokens in ${result.events} event(s) ${verb === 'approve' ? 'now count' : 'voided'}.`,
    );
  };
};

/** The core migrates the database as it opens; this reports what that applied. */
const migrate: Command = () => (core) => {
  const path = core.config.databasePath;
  const applied = core.migrations;
  console.log(
    applied.length === 0
      ? `${path} is up to date.`
      : `Applied ${applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ')} to ${path}.`,
  );
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function listAnonymous(core: Core): void {
  const waiting = core.stores.anonymousPeople.unmapped();
  const first = waiting[0];
  if (!first) console.log('No usage is waiting for a person: every anonymous id is mapped.');
  else {
    console.log(`Usage that counts for nobody yet (${waiting.length} anonymous id(s)):`);
    for (const row of waiting) {
      console.log(
        `  ${row.source}  ${row.anonymousRef}  ${formatTokens(row.tokens)} tokens in ${row.events} event(s), ` +
          `${day(row.firstAt)} to ${day(row.lastAt)}`,
      );
    }
    console.log(
      `Map one to its person with: token-throne anonymous map --source ${first.source} '${first.anonymousRef}' alice@example.com`,
    );
  }
  const mappings = core.stores.anonymousPeople.mappings();
  if (mappings.length > 0) console.log('Mapped:');
  for (const mapping of mappings) {
    console.log(`  ${mapping.source}  ${mapping.anonymousRef} → ${mapping.person} (since ${day(mapping.mappedAt)})`);
  }
}

/** `anonymous`: what telemetry usage waits for a person; `anonymous map`: give an id its person, once. */
const anonymous: Command = (args) => {
  const [verb, ...rest] = args;
  if (verb === undefined) return listAnonymous;
  if (verb !== 'map') throw refuse(`Unknown anonymous command "${verb}".\n\n${USAGE}`);
  const { values, positionals } = parseCommandArgs({
    args: rest,
    allowPositionals: true,
    options: { source: { type: 'string' } },
  });
  const [id, person] = positionals;
  const source = values.source;
  if (!source || !id || !person) {
    throw refuse('anonymous map needs a source, an id and a person: anonymous map --source NAME ID PERSON');
  }
  if (!isPersonRef(person)) throw refuse(`"${person}" is not a Slack user ID (U… or W…) or an email address.`);
  const anonymousRef = id.startsWith(ANONYMOUS_PREFIX) ? id : `${ANONYMOUS_PREFIX}${id}`;
  const personRef = isSlackUserId(person) ? person : person.toLowerCase();
  return (core) => {
    const already = core.stores.anonymousPeople.personFor(source, anonymousRef);
    if (already !== undefined) throw refuse(`${anonymousRef} of source "${source}" is already mapped to ${already}.`);
    const { moved } = core.usage.mapAnonymous(source, anonymousRef, personRef);
    console.log(
      `${anonymousRef} of source "${source}" now counts for ${personRef}: ${moved} stored event(s) moved, ` +
        'and later ones count for them as they arrive.',
    );
  };
};

const tvLink: Command = (args) => {
  const { values } = parseCommandArgs({ args, options: { name: { type: 'string' }, revoke: { type: 'string' } } });
  const { name, revoke } = values;
  if (name !== undefined && revoke !== undefined) {
    throw refuse('tv-link takes --name NAME to create a link or --revoke NAME to revoke one, not both.');
  }
  return (core) => {
    if (revoke !== undefined) {
      core.tvLinks.revoke(revoke);
      console.log(`📺 Revoked the TV link "${revoke}": its screens show the board no more.`);
      return;
    }
    const link = core.tvLinks.create(name);
    console.log(
      `📺 TV link "${link.name}" (view-only: it opens /tv and nothing else). Open it once on the screen:\n\n  ${link.url}\n`,
    );
    console.log(`It is shown only this once. Revoke it with: npx token-throne tv-link --revoke "${link.name}"`);
    const { access } = core.config.web;
    if (access === 'open') console.log('Note: WEB_BOARD_OPEN is on, so /tv needs no link right now.');
    if (access === 'off') {
      console.log('Note: the web board is off until SLACK_CLIENT_ID (with its secret and PUBLIC_URL) is set.');
    }
  };
};

const COMMANDS: Record<string, Command> = {
  leaderboard,
  ingest,
  crown,
  backup,
  migrate,
  anonymous,
  sync,
  connectors,
  void: correction('void'),
  restore: correction('restore'),
  audit,
  export: exportWeek,
  review,
  'tv-link': tvLink,
};

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (command === 'serve') return serve(createCore(config));
  const prepare = COMMANDS[command];
  if (!prepare) throw refuse(`Unknown command "${command}".\n\n${USAGE}`);
  const run = prepare(args, config);
  if (!run) return;
  const core = createCore(config);
  try {
    await run(core);
  } finally {
    core.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ThroneError && error.code === 'bad_config') {
    for (const line of error.message.split('\n')) console.error(`Token Throne cannot start: ${line}`);
  } else if (error instanceof ThroneError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
