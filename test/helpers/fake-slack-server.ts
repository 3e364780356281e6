import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { createFakeSlackOidc, type FakeSlackOidc } from './fake-slack-oidc.js';

/** A Slack workspace member the fake server knows about. */
export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  email?: string;
  image48?: string;
  image72?: string;
}

/** One request to `/api/<method>`, kept even when it was answered with an error or a 429. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

/** One POST to a `response_url` handed out by `responseUrl()`. */
export interface RecordedResponse {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/** How the next call(s) to a method should fail. */
export interface FakeFailure {
  status?: number;
  retryAfter?: number;
  error?: string;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: RecordedCall[];
  responses: RecordedResponse[];
  /** Socket Mode WebSockets currently open (opened after `apps.connections.open` with an `xapp-` token). */
  readonly socketConnections: number;
  /** Every JSON message a Socket Mode client sent back (Bolt acks with `{ envelope_id, payload }`), in order. */
  socketAcks: Array<Record<string, unknown>>;
  /** Sends `envelope` as JSON to every open Socket Mode WebSocket, as Slack delivers events, commands and actions. */
  sendSocketEnvelope(envelope: Record<string, unknown>): void;
  callsTo(method: string): RecordedCall[];
  responseUrl(name?: string): string;
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  failNext(method: string, failure: FakeFailure, times?: number): void;
  addUser(user: FakeUser): void;
  /** Sign in with Slack: the authorize page, keys, token method and avatars on this server. */
  oidc: FakeSlackOidc;
  close(): Promise<void>;
}

export const FAKE_TEAM_ID = 'T0THRONE1';
export const FAKE_BOT_USER_ID = 'U0BOTUSER';
export const FAKE_APP_ID = 'A0THRONE01';

/** Where `apps.connections.open` sends Socket Mode clients; Slack's real URL also carries a ticket and the app id. */
const SOCKET_PATH = '/socket';

/** Fields WebClient JSON-encodes inside a form body; decoded so tests can inspect them as objects. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'] as const;

const AUTH_TEST = {
  ok: true,
  url: 'https://throne-test.slack.com/',
  team: 'Throne Test',
  user: 'tokenthrone',
  team_id: FAKE_TEAM_ID,
  user_id: FAKE_BOT_USER_ID,
  bot_id: 'B0BOTUSER1',
};

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Decodes a form or JSON body (plus any query string) into one argument object, as Slack itself accepts both. */
function parseArgs(raw: string, contentType: string | undefined, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? '').toLowerCase();
  if (raw.length > 0) {
    if (type.includes('application/json')) {
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

function userPayload(user: FakeUser): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  return {
    id: user.id,
    team_id: FAKE_TEAM_ID,
    name: user.name,
    real_name: realName,
    deleted: false,
    is_bot: false,
    tz: 'Europe/London',
    profile: {
      display_name: user.displayName ?? user.name,
      real_name: realName,
      email: user.email,
      image_48: user.image48 ?? `https://avatars.example.com/${user.id}_48.png`,
      image_72: user.image72 ?? `https://avatars.example.com/${user.id}_72.png`,
      image_192: `https://avatars.example.com/${user.id}_192.png`,
    },
  };
}

/** The bearer token of a Web API call, from the Authorization header or (as Slack also accepts) a `token` argument. */
function tokenOf(headers: IncomingHttpHeaders, args: Record<string, unknown>): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  return bearer ?? (typeof args.token === 'string' ? args.token : undefined);
}

function describe(
  calls: RecordedCall[],
  responses: RecordedResponse[],
  socketAcks: Array<Record<string, unknown>>,
): string {
  const clip = (value: unknown): string => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
  const callLines = calls.map((c) => `  ${c.method} ${clip(c.args)}`);
  const responseLines = responses.map((r) => `  ${r.path} ${clip(r.body)}`);
  return [
    `calls (${calls.length}):`,
    ...(callLines.length > 0 ? callLines : ['  (none)']),
    `responses (${responses.length}):`,
    ...(responseLines.length > 0 ? responseLines : ['  (none)']),
    ...(socketAcks.length > 0 ? [`socket acks (${socketAcks.length}):`, ...socketAcks.map((a) => `  ${clip(a)}`)] : []),
  ].join('\n');
}

/**
 * Starts a loopback stand-in for the Slack Web API so integration tests can run the real bot (and real WebClient)
 * without network access, and assert on exactly what it sent. Socket Mode is served too: an `xapp-` token opens a
 * WebSocket on the same port that greets with Slack's `hello` and records what the client sends back.
 */
export async function startFakeSlack(options: { users?: FakeUser[] } = {}): Promise<FakeSlack> {
  const users = new Map<string, FakeUser>();
  for (const user of options.users ?? []) users.set(user.id, user);
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const socketAcks: Array<Record<string, unknown>> = [];
  const sockets = new Set<WebSocket>();
  let tsCounter = 0;
  let viewCounter = 0;
  let responseCounter = 0;
  let ticketCounter = 0;
  /** Set once the server listens; `apps.connections.open` is only ever answered after that. */
  let baseUrl = '';
  const oidc = createFakeSlackOidc(() => baseUrl);

  /** Monotonic, unique message timestamps in Slack's `seconds.micros` format. */
  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    const seconds = 1_764_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };

  const failureReply = (failure: FakeFailure): Reply => {
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
    return { status: 200, body: { ok: false, error: failure.error ?? 'internal_error' } };
  };

  const answer = (method: string, args: Record<string, unknown>, headers: IncomingHttpHeaders): Reply => {
    const queue = failures.get(method);
    const failure = queue?.shift();
    if (queue && queue.length === 0) failures.delete(method);
    if (failure) return failureReply(failure);

    const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { ok: true, ...body } });
    const error = (code: string): Reply => ({ status: 200, body: { ok: false, error: code } });

    switch (method) {
      case 'auth.test':
        return { status: 200, body: { ...AUTH_TEST } };
      case 'users.info': {
        const user = typeof args.user === 'string' ? users.get(args.user) : undefined;
        return user ? ok({ user: userPayload(user) }) : error('user_not_found');
      }
      case 'users.lookupByEmail': {
        const email = typeof args.email === 'string' ? args.email.toLowerCase() : undefined;
        const user = [...users.values()].find((u) => email !== undefined && u.email?.toLowerCase() === email);
        return user ? ok({ user: userPayload(user) }) : error('users_not_found');
      }
      case 'conversations.open': {
        const first = typeof args.users === 'string' ? args.users.split(',')[0]?.trim() : undefined;
        if (!first) return error('invalid_arguments');
        return ok({ channel: { id: `D${first.slice(1)}` } });
      }
      case 'chat.postMessage':
        return ok({ channel: args.channel, ts: nextTs(), message: { text: args.text } });
      case 'chat.postEphemeral':
        return ok({ channel: args.channel, message_ts: nextTs(), message: { text: args.text } });
      case 'views.publish':
        viewCounter += 1;
        return ok({ view: { id: `V${viewCounter}` } });
      case 'apps.connections.open': {
        if (!tokenOf(headers, args)?.startsWith('xapp-')) return error('not_allowed_token_type');
        ticketCounter += 1;
        const socketUrl = new URL(SOCKET_PATH, baseUrl.replace(/^http/, 'ws'));
        socketUrl.search = new URLSearchParams({
          ticket: `fake-ticket-${ticketCounter}`,
          app_id: FAKE_APP_ID,
        }).toString();
        return ok({ url: socketUrl.toString() });
      }
      default:
        return error('unknown_method');
    }
  };

  const send = (res: ServerResponse, reply: Reply): void => {
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = requestUrl.pathname;
    const raw = await readBody(req);

    if (path.startsWith('/api/')) {
      const method = decodeURIComponent(path.slice('/api/'.length)).replace(/\/+$/, '');
      const args = parseArgs(raw, req.headers['content-type'], requestUrl.searchParams);
      calls.push({ method, args, headers: req.headers, at: Date.now() });
      if (method === 'openid.connect.token' && !failures.has(method)) {
        send(res, { status: 200, body: await oidc.token(args) });
        return;
      }
      send(res, answer(method, args, req.headers));
      return;
    }

    if (await oidc.handle(req.method ?? 'GET', path, requestUrl.searchParams, res)) return;

    if (path.startsWith('/respond/') && req.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = raw.length > 0 ? JSON.parse(raw) : {};
        body = isRecord(parsed) ? parsed : { _body: parsed };
      } catch {
        body = { _body: raw };
      }
      responses.push({ path, body, at: Date.now() });
      send(res, { status: 200, body: { ok: true } });
      return;
    }

    send(res, { status: 404, body: { ok: false, error: 'not_found' } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: String(err) } });
      else res.end();
    });
  });

  // Socket Mode: the client connects to the URL `apps.connections.open` handed out. Slack greets every new
  // connection with `hello` (SocketModeClient only counts itself connected after it); the client pings and `ws`
  // answers with pongs by itself. Slack's own pings are optional: the client only times them out once one arrived.
  const socketServer = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socketServer.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) return;
        const text = new TextDecoder().decode(Array.isArray(data) ? Buffer.concat(data) : data);
        try {
          const parsed: unknown = JSON.parse(text);
          socketAcks.push(isRecord(parsed) ? parsed : { _body: parsed });
        } catch {
          socketAcks.push({ _body: text });
        }
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: {
            host: 'fake',
            started: new Date().toISOString(),
            build_number: 1,
            approximate_connection_time: 18060,
          },
          connection_info: { app_id: FAKE_APP_ID },
        }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = url;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    get socketConnections() {
      return sockets.size;
    },
    socketAcks,
    sendSocketEnvelope: (envelope) => {
      const text = JSON.stringify(envelope);
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (name) => {
      responseCounter += 1;
      return `${url}/respond/${encodeURIComponent(name ?? String(responseCounter))}`;
    },
    waitFor: <T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        let lastError: unknown;
        const tick = (): void => {
          try {
            const value = predicate();
            if (value) {
              resolve(value);
              return;
            }
          } catch (err) {
            // A predicate that indexes into calls not yet made may throw; treat it as "not yet".
            lastError = err;
          }
          if (Date.now() >= deadline) {
            const cause = lastError === undefined ? '' : `\nlast predicate error: ${String(lastError)}`;
            reject(
              new Error(`waitFor timed out after ${timeoutMs} ms${cause}\n${describe(calls, responses, socketAcks)}`),
            );
            return;
          }
          setTimeout(tick, 10);
        };
        tick();
      }),
    failNext: (method, failure, times = 1) => {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      if (queue.length > 0) failures.set(method, queue);
    },
    addUser: (user) => {
      users.set(user.id, user);
    },
    oidc,
    close: async () => {
      // Upgraded sockets no longer belong to the HTTP server, so they are cut off here, without a close handshake.
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => socketServer.close(() => resolve()));
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
