import type { IncomingHttpHeaders } from 'node:http';
import { BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID } from '../../fixtures/slack-workspace.js';
import { clip, isRecord, ok, type Reply, slackError } from './reply.js';

/** A Slack workspace member the fake server knows about. */
export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  email?: string;
  image48?: string;
  image72?: string;
  image192?: string;
}

/** The arguments and headers of one Web API call, as a method handler sees them. */
export interface WebApiCall {
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** One request to `/api/<method>`, kept even when it was answered with an error or a 429. */
export interface RecordedCall extends WebApiCall {
  method: string;
  at: number;
}

/** How the next call(s) to a method should fail. */
export interface FakeFailure {
  status?: number;
  retryAfter?: number;
  error?: string;
}

/** Answers one Web API method; see `ok` and `slackError` in reply.ts. */
export type MethodHandler = (call: WebApiCall) => Reply;

/** Fields WebClient JSON-encodes inside a form body; decoded so tests can inspect them as objects. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'] as const;

/** Decodes a form or JSON body (plus any query string) into one argument object, as Slack itself accepts both. */
export function parseArgs(
  raw: string,
  contentType: string | undefined,
  query: URLSearchParams,
): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  if (raw.length > 0) {
    if ((contentType ?? '').toLowerCase().includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (isRecord(parsed)) Object.assign(args, parsed);
        else args._body = parsed;
      } catch {
        args._body = raw;
      }
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string') {
      try {
        args[field] = JSON.parse(value);
      } catch {
        // Leave malformed JSON as the raw string so the test can see what was actually sent.
      }
    }
  }
  return args;
}

/** Profile pictures default to the fake's own `/avatars/…`, so fetching them never leaves loopback. */
function userPayload(user: FakeUser, baseUrl: string): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: TEAM_ID,
    name: user.name,
    real_name: realName,
    deleted: false,
    is_bot: false,
    tz: 'Europe/London',
    profile: {
      display_name: user.displayName ?? user.name,
      real_name: realName,
      email: user.email,
      image_48: user.image48 ?? `${baseUrl}/avatars/${user.id}_48.png`,
      image_72: user.image72 ?? `${baseUrl}/avatars/${user.id}_72.png`,
      image_192: user.image192 ?? `${baseUrl}/avatars/${user.id}_192.png`,
    },
  };
}

function failureReply(failure: FakeFailure): Reply {
  if (failure.status === 429) {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': String(failure.retryAfter ?? 1) },
    };
  }
  if (failure.status !== undefined && failure.status !== 200) {
    return { status: failure.status, body: { ok: false, error: 'internal_error' } };
  }
  return slackError(failure.error ?? 'internal_error');
}

/** The methods the bot calls today, over a directory of users. */
function standardMethods(users: Map<string, FakeUser>, baseUrl: () => string): Record<string, MethodHandler> {
  let tsCounter = 0;
  let viewCounter = 0;
  /** Monotonic, unique message timestamps in Slack's `seconds.micros` format. */
  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    const seconds = 1_764_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  return {
    'auth.test': () =>
      ok({
        url: `https://${TEAM_DOMAIN}.slack.com/`,
        team: 'Throne Test',
        user: 'tokenthrone',
        team_id: TEAM_ID,
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
      }),
    'users.info': ({ args }) => {
      const user = typeof args.user === 'string' ? users.get(args.user) : undefined;
      return user ? ok({ user: userPayload(user, baseUrl()) }) : slackError('user_not_found');
    },
    'users.lookupByEmail': ({ args }) => {
      const email = typeof args.email === 'string' ? args.email.toLowerCase() : undefined;
      const user = [...users.values()].find((u) => email !== undefined && u.email?.toLowerCase() === email);
      return user ? ok({ user: userPayload(user, baseUrl()) }) : slackError('users_not_found');
    },
    'chat.postMessage': ({ args }) => ok({ channel: args.channel, ts: nextTs(), message: { text: args.text } }),
    'chat.postEphemeral': ({ args }) =>
      ok({ channel: args.channel, message_ts: nextTs(), message: { text: args.text } }),
    'views.publish': () => {
      viewCounter += 1;
      return ok({ view: { id: `V${viewCounter}` } });
    },
  };
}

/**
 * The Web API part of the fake Slack: a table of method handlers that tests can extend with `handle()`.
 * Every call is recorded. A method with no handler answers HTTP 501 and is kept in `unknownMethods`, which the
 * fake's `close()` turns into a failure: a test must not pass while the bot calls something the fake cannot answer.
 */
export function createWebApi(initialUsers: FakeUser[], baseUrl: () => string) {
  const users = new Map(initialUsers.map((user) => [user.id, user]));
  const methods = new Map(Object.entries(standardMethods(users, baseUrl)));
  const calls: RecordedCall[] = [];
  const unknownMethods: string[] = [];
  const failures = new Map<string, FakeFailure[]>();

  return {
    calls,
    unknownMethods,
    answer(method: string, call: WebApiCall): Reply {
      calls.push({ method, ...call, at: Date.now() });
      const queue = failures.get(method);
      const failure = queue?.shift();
      if (queue && queue.length === 0) failures.delete(method);
      if (failure) return failureReply(failure);
      const handler = methods.get(method);
      if (handler) return handler(call);
      unknownMethods.push(method);
      return { status: 501, body: { ok: false, error: `the fake Slack has no handler for ${method}` } };
    },
    /** Adds or replaces the handler of a method. */
    handle(method: string, handler: MethodHandler): void {
      methods.set(method, handler);
    },
    /** The handler of a method, for a test that wraps it (a rate limit, a delay) rather than replacing it. */
    handlerOf: (method: string): MethodHandler | undefined => methods.get(method),
    callsTo: (method: string): RecordedCall[] => calls.filter((c) => c.method === method),
    failNext(method: string, failure: FakeFailure, times = 1): void {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      if (queue.length > 0) failures.set(method, queue);
    },
    addUser(user: FakeUser): void {
      users.set(user.id, user);
    },
    describe(): string[] {
      const lines = calls.map((c) => `  ${c.method} ${clip(c.args)}`);
      return [`calls (${calls.length}):`, ...(lines.length > 0 ? lines : ['  (none)'])];
    },
  };
}
