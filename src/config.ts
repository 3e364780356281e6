import cron from 'node-cron';
import { z } from 'zod';
import { ThroneError } from './errors.js';
import type { AnomalySettings } from './fair-play/anomaly-rule.js';
import { isSlackUserId } from './identity/slack-user-id.js';
import { sourceNameProblem } from './ingest/source-name.js';
import { issueDetails } from './validation.js';

/**
 * What an OpenTelemetry Collector's own OTLP receiver takes by default (confighttp's
 * max_request_body_size, 20 MiB), so a batch any Collector or SDK exporter sends fits.
 */
export const DEFAULT_OTLP_MAX_BODY_BYTES = 20 * 1024 * 1024;
const DEFAULT_RETENTION_WEEKS = 26;
/** A century: beyond it, keeping raw events forever (0) says what is meant. */
const MAX_RETENTION_WEEKS = 5200;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const ingestKeys = z.string().transform((raw, ctx) => {
  const keys = new Map<string, string>();
  const secrets = new Set<string>();
  for (const [index, pair] of raw.split(',').entries()) {
    const colon = pair.indexOf(':');
    const source = pair.slice(0, colon).trim();
    const secret = pair.slice(colon + 1).trim();
    if (colon < 1 || secret.length === 0) {
      // The pair is not echoed: it may hold a secret.
      ctx.addIssue({
        code: 'custom',
        message: `pair ${index + 1} is not source:secret (expected a comma list of them)`,
      });
      return z.NEVER;
    }
    const problem = sourceNameProblem(source);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `source name "${source}" ${problem}` });
      return z.NEVER;
    }
    if (/\s/.test(secret)) {
      ctx.addIssue({ code: 'custom', message: `the secret of source "${source}" contains white space` });
      return z.NEVER;
    }
    if (keys.has(source)) {
      ctx.addIssue({ code: 'custom', message: `source "${source}" is listed twice` });
      return z.NEVER;
    }
    if (secrets.has(secret)) {
      ctx.addIssue({ code: 'custom', message: `source "${source}" reuses another source's secret` });
      return z.NEVER;
    }
    keys.set(source, secret);
    secrets.add(secret);
  }
  return keys;
});

const CONNECTOR_NAMES = ['claude-code', 'claude-enterprise', 'cursor', 'openai'] as const;

const vendorUrl = (fallback: string) =>
  z.url({ protocol: /^https?$/, error: `expected an http(s) URL such as ${fallback}` }).default(fallback);

// "connector:source" pairs: the pushed source is authoritative for the connector's tool.
const pullDefersTo = z.string().transform((raw, ctx) => {
  const pairs = new Map<string, string[]>();
  for (const pair of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [connector = '', source = ''] = pair.split(':').map((part) => part.trim());
    if (!(CONNECTOR_NAMES as readonly string[]).includes(connector) || sourceNameProblem(source)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not connector:source (connectors: ${CONNECTOR_NAMES.join(', ')})`,
      });
      return z.NEVER;
    }
    pairs.set(connector, [...(pairs.get(connector) ?? []), source]);
  }
  return pairs;
});

const wholeNumber = (meaning: string) =>
  z.string().regex(/^\d+$/, `expected a whole number ${meaning}`).transform(Number);

const adminUsers = z.string().transform((list, ctx) => {
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!isSlackUserId(id)) {
      ctx.addIssue({ code: 'custom', message: `"${id}" is not a Slack user ID such as U024BE7LH` });
      return z.NEVER;
    }
  }
  return new Set(ids);
});

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().startsWith('xox', 'expected a bot token starting with "xoxb-"').optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with "xapp-"').optional(),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://slack.com/api/' })
      .default('https://slack.com/api/')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
    PORT: z
      .string()
      .regex(/^\d+$/, 'expected a whole number from 0 to 65535')
      .transform(Number)
      .pipe(z.number().max(65535, 'expected a whole number from 0 to 65535'))
      .default(3000),
    DATABASE_PATH: z.string().default('./data/throne.db'),
    INGEST_KEYS: ingestKeys.optional(),
    WINNERS_CHANNEL: z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a channel ID such as C0123456789 (not a #name)')
      .optional(),
    WEEK_TIMEZONE: z
      .string()
      .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone` })
      .default('UTC'),
    RESET_CRON: z
      .string()
      .refine((expression) => cron.validate(expression), {
        error: (issue) => `"${String(issue.input)}" is not a valid cron expression`,
      })
      .default('0 9 * * 1'),
    INGEST_SIGNED_SOURCES: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((source) => source.trim())
          .filter(Boolean),
      )
      .optional(),
    INGEST_RATE_LIMIT: z
      .string()
      .regex(/^\d+$/, 'expected a whole number of requests per second per source (0 turns the limit off)')
      .transform(Number)
      .default(1000),
    BADGES_FILE: z.string().optional(),
    TEAMS_FILE: z.string().optional(),
    SHOW_COST: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((value) => value === 'true')
      .default(true),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    OTLP_GRPC_PORT: z
      .string()
      .regex(/^\d+$/, 'expected a whole number from 0 to 65535 (4317 is the OTLP/gRPC convention)')
      .transform(Number)
      .pipe(z.number().max(65535, 'expected a whole number from 0 to 65535'))
      .optional(),
    OTLP_MAX_BODY_BYTES: z
      .string()
      .regex(/^\d+$/, 'expected a whole number of bytes, such as 20971520 (20 MiB)')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1024, 'expected at least 1024 bytes')
          .max(256 * 1024 * 1024, 'expected at most 256 MiB'),
      )
      .default(DEFAULT_OTLP_MAX_BODY_BYTES),
    ANTHROPIC_ADMIN_KEY: z.string().optional(),
    CLAUDE_ENTERPRISE_ANALYTICS_KEY: z.string().optional(),
    CURSOR_ADMIN_KEY: z.string().optional(),
    OPENAI_ADMIN_KEY: z.string().optional(),
    ANTHROPIC_API_URL: vendorUrl('https://api.anthropic.com'),
    CURSOR_API_URL: vendorUrl('https://api.cursor.com'),
    OPENAI_API_URL: vendorUrl('https://api.openai.com'),
    SYNC_INTERVAL_MINUTES: z
      .string()
      .regex(/^\d+$/, 'expected a whole number of minutes from 1 to 1440')
      .transform(Number)
      .pipe(z.number().min(1, 'expected at least 1 minute').max(1440, 'expected at most 1440 minutes (a day)'))
      .default(60),
    PULL_DEFERS_TO: pullDefersTo.optional(),
    LEADERBOARD_OPT_IN: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((value) => value === 'true')
      .default(false),
    ADMIN_USERS: adminUsers.optional(),
    REVIEW_CHANNEL: z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a channel ID such as C0123456789 (not a #name)')
      .optional(),
    SOURCE_DAILY_CAP: wholeNumber('of tokens per person, source and day (0 means no cap)').default(0),
    ANOMALY_MULTIPLIER: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'expected a number such as 10 (0 turns the spike check off)')
      .transform(Number)
      .default(10),
    ANOMALY_FLOOR_TOKENS: wholeNumber('of tokens in a day below which nothing is held').default(1_000_000),
    ANOMALY_HISTORY_DAYS: wholeNumber('of days of history').pipe(z.number().min(1).max(366)).default(28),
    ANOMALY_MIN_ACTIVE_DAYS: wholeNumber('of active days').pipe(z.number().min(1)).default(5),
    ANOMALY_ORG_MIN_DAYS: wholeNumber('of person-days').pipe(z.number().min(1)).default(20),
    EVENT_RETENTION_WEEKS: wholeNumber('of weeks, such as 26 (0 keeps raw events forever)')
      .pipe(
        z
          .number()
          .max(MAX_RETENTION_WEEKS, `expected at most ${MAX_RETENTION_WEEKS} weeks (0 keeps raw events forever)`),
      )
      .default(DEFAULT_RETENTION_WEEKS),
    PUBLIC_URL: z
      .url({
        protocol: /^https?$/,
        error: 'expected the http(s) URL people open the board at, such as https://throne.example.com',
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    SLACK_CLIENT_ID: z.string().optional(),
    SLACK_CLIENT_SECRET: z.string().optional(),
    SLACK_OIDC_URL: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://slack.com' })
      .default('https://slack.com')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
    WEB_BOARD_OPEN: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN selects Socket Mode',
      });
    }
    for (const source of env.INGEST_SIGNED_SOURCES ?? []) {
      if (!env.INGEST_KEYS?.has(source)) {
        ctx.addIssue({
          code: 'custom',
          path: ['INGEST_SIGNED_SOURCES'],
          message: `"${source}" is not a source in INGEST_KEYS`,
        });
      }
    }
    if (env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET) {
      const needs: Array<[keyof typeof env, string]> = [
        ['SLACK_CLIENT_ID', "the app's Client ID (Basic Information → App Credentials)"],
        ['SLACK_CLIENT_SECRET', "the app's Client Secret (Basic Information → App Credentials)"],
        ['PUBLIC_URL', "the board's public URL, for Slack to send people back to"],
        ['SLACK_BOT_TOKEN', 'a bot token, to learn which workspace may sign in'],
      ];
      for (const [name, what] of needs) {
        if (!env[name]) {
          ctx.addIssue({ code: 'custom', path: [name], message: `Sign in with Slack also needs ${what}` });
        }
      }
    }
    // Runs even when PUBLIC_URL itself was refused above, so parse it only if it parses.
    const publicUrl = env.PUBLIC_URL && URL.canParse(env.PUBLIC_URL) ? new URL(env.PUBLIC_URL) : undefined;
    if (publicUrl?.protocol === 'http:' && !LOOPBACK_HOSTS.has(publicUrl.hostname)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'must be https (sign-in cookies are Secure); plain http is only for localhost',
      });
    }
    if (env.WEB_BOARD_OPEN === 'true' && env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_BOARD_OPEN'],
        message: 'an open web board is for local mode only; with Slack, people sign in (set SLACK_CLIENT_ID)',
      });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'Socket Mode also needs SLACK_BOT_TOKEN' });
    }
  });

export type SlackMode = 'local' | 'http' | 'socket';

/** Who may see the web board: nobody, anyone who can reach it (local demo), or members signed in with Slack. */
export type WebAccess = 'off' | 'open' | 'slack';

export interface Config {
  slack: {
    mode: SlackMode;
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
  };
  port: number;
  databasePath: string;
  /** source name → secret */
  ingestKeys: ReadonlyMap<string, string>;
  /** sources whose requests must carry an X-Throne-Signature */
  signedSources: ReadonlySet<string>;
  /** requests per second per source; 0 means no limit */
  ingestRateLimit: number;
  winnersChannel: string | undefined;
  weekTimeZone: string;
  resetCron: string;
  badgesFile: string | undefined;
  /** team name → members, for `/leaderboard teams` instead of Slack user groups */
  teamsFile: string | undefined;
  /** money on shared surfaces (the winners post and its card); people always see their own */
  showCost: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** OTLP/gRPC port; undefined leaves gRPC off */
  otlpGrpcPort: number | undefined;
  /** body limit of the OTLP routes (HTTP and gRPC), before and after inflating */
  otlpMaxBodyBytes: number;
  /** pull connectors: a key turns one on */
  sync: SyncSettings;
  /** true: nobody is named until they `/leaderboard join` */
  optIn: boolean;
  /** Slack user IDs who may correct usage and decide reviews */
  adminUsers: ReadonlySet<string>;
  reviewChannel: string | undefined;
  anomaly: AnomalySettings;
  /**
   * Weeks of raw usage events kept before the current one (EVENT_RETENTION_WEEKS); 0 keeps them
   * forever. Older events are purged and refused at intake; tallies and history stay.
   */
  eventRetentionWeeks: number;
  web: {
    access: WebAccess;
    /** base URL without a trailing slash; in open mode defaults to http://localhost:PORT */
    publicUrl: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
    /** where Slack's authorize page and keys live, with a trailing slash */
    oidcUrl: string;
  };
}

export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

export interface SyncSettings {
  keys: Record<ConnectorName, string | undefined>;
  urls: { anthropic: string; cursor: string; openai: string };
  intervalMinutes: number;
  /** connector → pushed sources that count instead of it for the people they report */
  defersTo: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads the bot's settings from environment variables. Empty values count as unset,
 * so a copied `.env.example` starts in local mode.
 * @throws ThroneError (bad_config) naming each bad variable, one per line.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = issueDetails(result.error.issues, '', 'environment').map(
      ({ path, message }) => `${path}: ${message}`,
    );
    throw new ThroneError('bad_config', lines.join('\n'));
  }
  const parsed = result.data;
  const mode: SlackMode = !parsed.SLACK_BOT_TOKEN ? 'local' : parsed.SLACK_APP_TOKEN ? 'socket' : 'http';
  return {
    slack: {
      mode,
      botToken: parsed.SLACK_BOT_TOKEN,
      signingSecret: parsed.SLACK_SIGNING_SECRET,
      appToken: parsed.SLACK_APP_TOKEN,
      apiUrl: parsed.SLACK_API_URL,
    },
    port: parsed.PORT,
    databasePath: parsed.DATABASE_PATH,
    ingestKeys: parsed.INGEST_KEYS ?? new Map(),
    signedSources: new Set(parsed.INGEST_SIGNED_SOURCES ?? []),
    ingestRateLimit: parsed.INGEST_RATE_LIMIT,
    winnersChannel: parsed.WINNERS_CHANNEL,
    weekTimeZone: parsed.WEEK_TIMEZONE,
    resetCron: parsed.RESET_CRON,
    badgesFile: parsed.BADGES_FILE,
    teamsFile: parsed.TEAMS_FILE,
    showCost: parsed.SHOW_COST,
    logLevel: parsed.LOG_LEVEL,
    otlpGrpcPort: parsed.OTLP_GRPC_PORT,
    otlpMaxBodyBytes: parsed.OTLP_MAX_BODY_BYTES,
    sync: {
      keys: {
        'claude-code': parsed.ANTHROPIC_ADMIN_KEY,
        'claude-enterprise': parsed.CLAUDE_ENTERPRISE_ANALYTICS_KEY,
        cursor: parsed.CURSOR_ADMIN_KEY,
        openai: parsed.OPENAI_ADMIN_KEY,
      },
      urls: { anthropic: parsed.ANTHROPIC_API_URL, cursor: parsed.CURSOR_API_URL, openai: parsed.OPENAI_API_URL },
      intervalMinutes: parsed.SYNC_INTERVAL_MINUTES,
      defersTo: parsed.PULL_DEFERS_TO ?? new Map(),
    },
    optIn: parsed.LEADERBOARD_OPT_IN,
    adminUsers: parsed.ADMIN_USERS ?? new Set(),
    reviewChannel: parsed.REVIEW_CHANNEL,
    anomaly: {
      sourceDailyCap: parsed.SOURCE_DAILY_CAP,
      multiplier: parsed.ANOMALY_MULTIPLIER,
      floorTokens: parsed.ANOMALY_FLOOR_TOKENS,
      historyDays: parsed.ANOMALY_HISTORY_DAYS,
      minActiveDays: parsed.ANOMALY_MIN_ACTIVE_DAYS,
      orgMinDays: parsed.ANOMALY_ORG_MIN_DAYS,
    },
    eventRetentionWeeks: parsed.EVENT_RETENTION_WEEKS,
    web: {
      access: parsed.SLACK_CLIENT_ID ? 'slack' : parsed.WEB_BOARD_OPEN === 'true' ? 'open' : 'off',
      publicUrl: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
      clientId: parsed.SLACK_CLIENT_ID,
      clientSecret: parsed.SLACK_CLIENT_SECRET,
      oidcUrl: parsed.SLACK_OIDC_URL,
    },
  };
}
