import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AVATAR_PATH, avatarPng } from './fake-slack/avatars.js';
import {
  createFilesAndGroups,
  type FakeUpload,
  type FakeUserGroup,
  UPLOAD_PATH_PREFIX,
} from './fake-slack/files-and-groups.js';
import { createFakeSlackOidc, type FakeSlackOidc } from './fake-slack/oidc.js';
import { parseJsonObject, readBytes, send } from './fake-slack/reply.js';
import { createResponseUrls, RESPONSE_PATH_PREFIX, type RecordedResponse } from './fake-slack/response-urls.js';
import { attachSocketMode } from './fake-slack/socket-mode.js';
import {
  createWebApi,
  type FakeFailure,
  type FakeUser,
  type MethodHandler,
  parseArgs,
  type RecordedCall,
} from './fake-slack/web-api.js';
import { waitFor } from './wait-for.js';

export type { FakeUpload, FakeUserGroup } from './fake-slack/files-and-groups.js';
export type { Reply } from './fake-slack/reply.js';
export { ok, slackError } from './fake-slack/reply.js';
export type { RecordedResponse } from './fake-slack/response-urls.js';
export type { FakeFailure, FakeUser, MethodHandler, RecordedCall, WebApiCall } from './fake-slack/web-api.js';

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
  /** Waits for `predicate` to hold; on timeout the error lists every call, response and ack seen. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  failNext(method: string, failure: FakeFailure, times?: number): void;
  /** Adds or replaces the handler of a Web API method. */
  handle(method: string, handler: MethodHandler): void;
  /** The current handler of a Web API method, to wrap it. */
  handlerOf(method: string): MethodHandler | undefined;
  addUser(user: FakeUser): void;
  /** Files uploaded through `files.getUploadURLExternal`, by file ID. */
  uploads: Map<string, FakeUpload>;
  /** Paths of the profile pictures fetched from the fake, in order. */
  avatarFetches: string[];
  /** Sign in with Slack: the authorize page, keys, `openid.connect.token` and avatars on this server. */
  oidc: FakeSlackOidc;
  /** Stops the server; rejects if the bot called a Web API method the fake has no handler for. */
  close(): Promise<void>;
}

/**
 * A loopback stand-in for Slack so integration tests run the real bot (and real WebClient) without network
 * access and assert on exactly what it sent: the Web API under `/api/`, response_urls under `/respond/`,
 * and Socket Mode on the same port.
 */
export async function startFakeSlack(
  options: { users?: FakeUser[]; userGroups?: FakeUserGroup[] } = {},
): Promise<FakeSlack> {
  let url = '';
  const webApi = createWebApi(options.users ?? [], () => url);
  const responseUrls = createResponseUrls(() => url);
  const files = createFilesAndGroups(() => url, options.userGroups ?? []);
  for (const [method, handler] of Object.entries(files.methods)) webApi.handle(method, handler);
  const avatarFetches: string[] = [];
  const oidc = createFakeSlackOidc(() => url);
  webApi.handle('openid.connect.token', oidc.token);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = requestUrl.pathname;
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    if (path.startsWith(UPLOAD_PATH_PREFIX) && req.method === 'POST') {
      const received = files.receiveUpload(path.slice(UPLOAD_PATH_PREFIX.length), bytes);
      res.writeHead(received ? 200 : 404, { 'Content-Type': 'text/plain' });
      res.end(received ? `OK - ${bytes.length}` : 'not found');
      return;
    }
    const avatar = AVATAR_PATH.exec(path);
    if (avatar?.[1] && req.method === 'GET') {
      avatarFetches.push(path);
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(avatarPng(avatar[1], Number(avatar[2])));
      return;
    }
    if (path.startsWith('/api/')) {
      const method = decodeURIComponent(path.slice('/api/'.length)).replace(/\/+$/, '');
      const args = parseArgs(raw, req.headers['content-type'], requestUrl.searchParams);
      send(res, webApi.answer(method, { args, headers: req.headers }));
      return;
    }
    if (await oidc.handle(req.method ?? 'GET', path, requestUrl.searchParams, res)) return;
    if (path.startsWith(RESPONSE_PATH_PREFIX) && req.method === 'POST') {
      responseUrls.record(path, parseJsonObject(raw));
      send(res, { status: 200, body: { ok: true } });
      return;
    }
    send(res, { status: 404, body: { ok: false, error: 'not_found' } });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: String(err) } });
      else res.end();
    });
  });
  const socketMode = attachSocketMode(server, () => url);
  webApi.handle('apps.connections.open', socketMode.connectionsOpen);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const describeAll = (): string =>
    [...webApi.describe(), ...responseUrls.describe(), ...socketMode.describe()].join('\n');

  return {
    url,
    apiUrl: `${url}/api/`,
    calls: webApi.calls,
    responses: responseUrls.responses,
    get socketConnections() {
      return socketMode.connections;
    },
    socketAcks: socketMode.acks,
    sendSocketEnvelope: socketMode.send,
    callsTo: webApi.callsTo,
    responseUrl: responseUrls.responseUrl,
    waitFor: (predicate, timeoutMs) => waitFor(predicate, { timeoutMs, describe: describeAll }),
    failNext: webApi.failNext,
    handle: webApi.handle,
    handlerOf: webApi.handlerOf,
    addUser: webApi.addUser,
    uploads: files.uploads,
    avatarFetches,
    oidc,
    close: async () => {
      await socketMode.close();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      if (webApi.unknownMethods.length > 0) {
        const methods = [...new Set(webApi.unknownMethods)].join(', ');
        throw new Error(`the bot called Web API methods the fake Slack has no handler for: ${methods}`);
      }
    },
  };
}
